package org.odenet.optim;

/**
 * Constants of the backtracking line search (the paper's Algorithm 2): the initial Lipschitz estimate
 * L₀, the factor ρ_up &gt; 1 applied on rejection, the factor ρ_down ≤ 1 applied on acceptance and the
 * number of trials per iteration.
 */
public record LineSearchParameters(double initialLipschitz, double increase, double decrease, int maxTries) {

    /** The reference code's constants: L₀ = 0.1, ρ_up = 1.5, ρ_down = 0.99, 200 tries. */
    public static final LineSearchParameters DEFAULT = new LineSearchParameters(0.1, 1.5, 0.99, 200);

    /** @throws IllegalArgumentException naming the parameter and value */
    public LineSearchParameters {
        if (!(initialLipschitz > 0) || Double.isInfinite(initialLipschitz)) {
            throw new IllegalArgumentException("initialLipschitz (L0) must be positive and finite, got "
                    + initialLipschitz);
        }
        if (!(increase > 1) || Double.isInfinite(increase)) {
            throw new IllegalArgumentException("increase (rho_up) must be > 1 and finite, got " + increase);
        }
        if (!(decrease > 0 && decrease <= 1)) {
            throw new IllegalArgumentException("decrease (rho_down) must be in (0, 1], got " + decrease);
        }
        if (maxTries < 1) {
            throw new IllegalArgumentException("maxTries must be at least 1, got " + maxTries);
        }
    }
}
