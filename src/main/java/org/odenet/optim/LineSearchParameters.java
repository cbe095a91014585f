package org.odenet.optim;

import java.io.Serializable;
import java.util.Objects;

/**
 * Constants of the backtracking line search (the paper's Algorithm 2): the initial Lipschitz estimate
 * L₀, the factor ρ_up &gt; 1 applied on rejection, the factor ρ_down ≤ 1 applied on acceptance and the
 * number of trials per iteration. Immutable and validated; a plain final class rather than a record, as
 * every settings value (the Kryo serializer cannot build records).
 */
public final class LineSearchParameters implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The reference code's constants: L₀ = 0.1, ρ_up = 1.5, ρ_down = 0.99, 200 tries. */
    public static final LineSearchParameters DEFAULT = new LineSearchParameters(0.1, 1.5, 0.99, 200);

    private final double initialLipschitz;
    private final double increase;
    private final double decrease;
    private final int maxTries;

    /** @throws IllegalArgumentException naming the parameter and value */
    public LineSearchParameters(double initialLipschitz, double increase, double decrease, int maxTries) {
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
        this.initialLipschitz = initialLipschitz;
        this.increase = increase;
        this.decrease = decrease;
        this.maxTries = maxTries;
    }

    /** L₀: the first trial step is 1/L₀. */
    public double initialLipschitz() {
        return initialLipschitz;
    }

    /** ρ_up &gt; 1, applied to L when a trial is rejected. */
    public double increase() {
        return increase;
    }

    /** ρ_down in (0, 1], applied to L when a trial is accepted. */
    public double decrease() {
        return decrease;
    }

    /** Trials per iteration before the search gives up. */
    public int maxTries() {
        return maxTries;
    }

    public LineSearchParameters withInitialLipschitz(double v) {
        return new LineSearchParameters(v, increase, decrease, maxTries);
    }

    public LineSearchParameters withIncrease(double v) {
        return new LineSearchParameters(initialLipschitz, v, decrease, maxTries);
    }

    public LineSearchParameters withDecrease(double v) {
        return new LineSearchParameters(initialLipschitz, increase, v, maxTries);
    }

    public LineSearchParameters withMaxTries(int v) {
        return new LineSearchParameters(initialLipschitz, increase, decrease, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LineSearchParameters p && Double.compare(initialLipschitz, p.initialLipschitz) == 0
                && Double.compare(increase, p.increase) == 0 && Double.compare(decrease, p.decrease) == 0
                && maxTries == p.maxTries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialLipschitz, increase, decrease, maxTries);
    }

    @Override
    public String toString() {
        return "LineSearchParameters[initialLipschitz=" + initialLipschitz + ", increase=" + increase
                + ", decrease=" + decrease + ", maxTries=" + maxTries + "]";
    }
}
