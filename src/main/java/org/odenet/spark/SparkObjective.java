package org.odenet.spark;

import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.odenet.numerics.Block;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.training.BlockAggregator;
import org.odenet.training.EngineObjective;
import org.odenet.training.PassKind;

/**
 * The training objective evaluated where the blocks live: one pass broadcasts θ, tree-aggregates a
 * {@link BlockAggregator} over the blocks, and destroys the broadcast. Each pass is one Spark job,
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
        return pass(theta, PassKind.GRADIENT, "odenet: evaluation at the starting point").handOverResult();
    }

    @Override
    public NetworkEvaluation evaluateTrial(double[] theta, int iteration, int trial) {
        return pass(theta, PassKind.GRADIENT, String.format(Locale.ROOT, "odenet: iteration %d, trial %d", iteration,
                trial)).handOverResult();
    }

    @Override
    public NetworkEvaluation forward(double[] theta, String description) {
        return pass(theta, PassKind.FORWARD, description).handOverResult();
    }

    @Override
    public double[] stateNormSquares(double[] theta, String description) {
        return run(theta, PassKind.STATE_NORMS, false, description).stateNormSquares();
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

    private BlockAggregator pass(double[] theta, PassKind kind, String description) {
        // at most two partial sums meet: a + b = b + a exactly, so plain addition is as good as exact
        return run(theta, kind, blocks.getNumPartitions() <= 2, description);
    }

    /**
     * One Spark job: broadcast θ, tree-aggregate an empty aggregator over the blocks, destroy the broadcast. θ
     * is not copied: the optimiser does not touch it while the job runs, and the broadcast is gone when it
     * returns.
     */
    private BlockAggregator run(double[] theta, PassKind kind, boolean plainMerge, String description) {
        jsc.setJobDescription(description);
        Broadcast<double[]> broadcast = jsc.broadcast(theta);
        try {
            passes++;
            BlockAggregator zero = new BlockAggregator(spec, capacity, options, new BroadcastTheta(broadcast), kind)
                    .withThreadGradientBuffer();
            if (plainMerge) {
                zero.withPlainMerge();
            }
            return blocks.treeAggregate(zero, BlockAggregator::add, BlockAggregator::merge, depth);
        } finally {
            broadcast.destroy();
        }
    }
}
