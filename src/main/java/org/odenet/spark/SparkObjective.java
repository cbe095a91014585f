package org.odenet.spark;

import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.odenet.numerics.Block;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.NetworkEvaluation;

/**
 * The training objective evaluated where the blocks live: one pass broadcasts θ, tree-aggregates a
 * {@link GradientAggregator} over the blocks, and destroys the broadcast. Each pass is one Spark job,
 * described in the UI as "odenet: iteration k, trial t".
 */
final class SparkObjective implements EngineObjective {
    private final JavaSparkContext jsc;
    private final JavaRDD<Block> blocks;
    private final NetworkSpec spec;
    private final int capacity;
    private final int depth;
    private final NetworkEvaluator.Options options;
    private long passes;

    SparkObjective(JavaSparkContext jsc, JavaRDD<Block> blocks, NetworkSpec spec, int capacity, int depth,
                   NetworkEvaluator.Options options) {
        this.jsc = jsc;
        this.blocks = blocks;
        this.spec = spec;
        this.capacity = capacity;
        this.depth = depth;
        this.options = options;
    }

    @Override
    public NetworkEvaluation evaluate(double[] theta) {
        return pass(theta, true, "odenet: evaluation at the starting point").result(true);
    }

    @Override
    public NetworkEvaluation evaluateTrial(double[] theta, int iteration, int trial) {
        return pass(theta, true, String.format(Locale.ROOT, "odenet: iteration %d, trial %d", iteration, trial))
                .result(true);
    }

    @Override
    public NetworkEvaluation forward(double[] theta, String description) {
        return pass(theta, false, description).result(true);
    }

    @Override
    public double[] stateNormSquares(double[] theta, String description) {
        return run(theta, new PassSums(spec.layout().size(), false, spec.layers() + 1), description).stateNormSquares();
    }

    @Override
    public long passes() {
        return passes;
    }

    @Override
    public String engineName() {
        return "spark";
    }

    @Override
    public void close() {
        // nothing to release: the blocks belong to the caller
    }

    private PassSums pass(double[] theta, boolean withGradient, String description) {
        PassSums zero = new PassSums(spec.layout().size(), withGradient);
        if (blocks.getNumPartitions() <= 2) {
            zero.withPlainMerge(); // two partial sums add the same in either order
        }
        return run(theta, zero, description);
    }

    /**
     * One Spark job: broadcast θ, tree-aggregate {@code zero} over the blocks, destroy the broadcast. θ is not
     * copied: the optimiser does not touch it while the job runs, and the broadcast is gone when it returns.
     */
    private PassSums run(double[] theta, PassSums zero, String description) {
        jsc.setJobDescription(description);
        Broadcast<double[]> broadcast = jsc.broadcast(theta);
        try {
            passes++;
            GradientAggregator aggregator = new GradientAggregator(spec, capacity, options, broadcast, zero);
            return blocks.treeAggregate(aggregator, GradientAggregator::add, GradientAggregator::merge, depth).sums();
        } finally {
            broadcast.destroy();
        }
    }
}
