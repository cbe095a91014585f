package org.odenet.optim;

/** The value and gradient of an objective at one point, computed together in one pass. */
public interface ObjectiveValue {
    /** J(θ), the objective minimised (F + g for a composite objective, see {@link #smoothLoss()}). */
    double loss();

    /**
     * F(θ), the part of {@link #loss()} that {@link #gradient()} differentiates, when the objective is F + g
     * with a non-smooth g handled by a {@link ProximalOperator}; the line search tests its sufficient decrease
     * on F. Without such a g (the default), {@link #loss()} itself.
     */
    default double smoothLoss() {
        return loss();
    }

    /** ∇J(θ); callers must not modify it. */
    double[] gradient();
}
