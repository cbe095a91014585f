package org.odenet.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;
import org.odenet.numerics.Block;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;

/**
 * The per-partition state of one Spark pass, in the shape of Spark MLlib's aggregators: the broadcast θ,
 * what to compute, and the {@link PassSums} so far. Work arrays come from the executor thread's
 * {@link EvaluatorCache}.
 */
final class GradientAggregator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final int capacity;
    private final NetworkEvaluator.Options options;
    private final Broadcast<double[]> theta;
    private final PassSums sums;

    GradientAggregator(NetworkSpec spec, int capacity, NetworkEvaluator.Options options, Broadcast<double[]> theta,
                       PassSums sums) {
        this.spec = spec;
        this.capacity = capacity;
        this.options = options;
        this.theta = theta;
        this.sums = sums;
    }

    GradientAggregator add(Block block) {
        sums.add(EvaluatorCache.get(spec, capacity, options), theta.value(), block,
                EvaluatorCache.gradientBuffer(spec.layout().size()));
        return this;
    }

    GradientAggregator merge(GradientAggregator other) {
        sums.merge(other.sums);
        return this;
    }

    PassSums sums() {
        return sums;
    }
}
