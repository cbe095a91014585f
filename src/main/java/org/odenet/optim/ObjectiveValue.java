package org.odenet.optim;

/** The value and gradient of an objective at one point, computed together in one pass. */
public interface ObjectiveValue {
    /** J(θ). */
    double loss();

    /** ∇J(θ); callers must not modify it. */
    double[] gradient();
}
