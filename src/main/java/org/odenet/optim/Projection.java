package org.odenet.optim;

/** A projection onto the feasible set, applied in place to every trial point of the line search. */
@FunctionalInterface
public interface Projection {
    /** No constraint. */
    Projection IDENTITY = theta -> { };

    /** Replaces {@code theta} (modified) by its Euclidean projection onto the feasible set. */
    void project(double[] theta);
}
