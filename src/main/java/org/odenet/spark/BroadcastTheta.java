package org.odenet.spark;

import org.apache.spark.broadcast.Broadcast;
import org.odenet.training.ThetaSource;

/** θ for the aggregators of one Spark pass: the broadcast's value on the executor that runs them. */
final class BroadcastTheta implements ThetaSource {
    private static final long serialVersionUID = 1L;

    private final Broadcast<double[]> broadcast;

    BroadcastTheta(Broadcast<double[]> broadcast) {
        this.broadcast = broadcast;
    }

    @Override
    public double[] theta() {
        return broadcast.value();
    }
}
