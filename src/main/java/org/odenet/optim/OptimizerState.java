package org.odenet.optim;

/**
 * Where the optimiser stands between iterations: the point θ, its evaluation, the current Lipschitz
 * estimate L and the number of accepted iterations so far. Enough to resume a run exactly.
 */
public record OptimizerState<E extends ObjectiveValue>(double[] theta, E value, double lipschitz, int iteration) {
    /** @throws IllegalArgumentException if the loss is not finite or L ≤ 0 */
    public OptimizerState {
        if (!Double.isFinite(value.loss())) {
            throw new IllegalArgumentException("the loss at the current point is " + value.loss()
                    + "; optimisation needs a finite starting loss");
        }
        if (!(lipschitz > 0) || Double.isInfinite(lipschitz)) {
            throw new IllegalArgumentException("lipschitz estimate must be positive and finite, got " + lipschitz);
        }
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
        }
    }
}
