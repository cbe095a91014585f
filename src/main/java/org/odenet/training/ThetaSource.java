package org.odenet.training;

import java.io.Serializable;

/**
 * Where a {@link BlockAggregator} finds θ on the machine that runs it: the array itself in this JVM, a
 * broadcast variable on a cluster. Serializable because it travels with the aggregator.
 */
@FunctionalInterface
public interface ThetaSource extends Serializable {

    /** θ, which the caller must not modify. */
    double[] theta();
}
