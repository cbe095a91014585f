package org.odenet.training;

import java.io.Serializable;

/**
 * When training stops early on the validation loss: Spark GBT's {@code validationTol} rule, applied to the
 * validation loss at each validation pass, with a patience GBT does not have. A pass <em>improves</em> on the
 * best loss b so far iff b − v ≥ validationTol · max(v, 0.01) for its loss v (GBT's test, negated); training
 * stops after {@code validationPatience} consecutive passes that do not improve. Off (patience 0) by default,
 * the paper's protocol, which validates on its test set only to draw curves. GBT validates once per tree; a
 * gradient step improves the loss far less, so with validation every iteration a lower validationTol (e.g.
 * 0.001) or a larger validationInterval avoids stopping on a slow start. Immutable and validated.
 */
public final class EarlyStopping implements Serializable {
    private static final long serialVersionUID = 1L;

    /** validationTol 0.01 (GBT's default), patience 0: early stopping off. */
    public static final EarlyStopping DEFAULT = new EarlyStopping(0.01, 0);

    /** GBT's floor of the loss in the tolerance: below it the tolerance is absolute, validationTol · 0.01. */
    static final double LOSS_FLOOR = 0.01;

    private final double validationTol;
    private final int validationPatience;

    /**
     * @param validationTol      the relative improvement of the validation loss that counts, ≥ 0
     * @param validationPatience consecutive validation passes without improvement after which training stops,
     *                           ≥ 0; 0 turns early stopping off
     * @throws IllegalArgumentException naming the parameter and value
     */
    public EarlyStopping(double validationTol, int validationPatience) {
        if (!(validationTol >= 0) || Double.isInfinite(validationTol)) {
            throw new IllegalArgumentException("validationTol must be finite and >= 0, got " + validationTol);
        }
        if (validationPatience < 0) {
            throw new IllegalArgumentException("validationPatience must be >= 0 (0 turns early stopping off), got "
                    + validationPatience);
        }
        this.validationTol = validationTol;
        this.validationPatience = validationPatience;
    }

    public double validationTol() {
        return validationTol;
    }

    public int validationPatience() {
        return validationPatience;
    }

    /** Whether training stops early: patience ≥ 1. */
    public boolean enabled() {
        return validationPatience > 0;
    }

    /**
     * GBT's rule: whether validation loss {@code current} improves on {@code best}, i.e. best − current ≥
     * validationTol · max(current, 0.01). A loss that is not finite never improves; any finite loss improves on
     * a best that is not finite.
     */
    public boolean improves(double best, double current) {
        if (!Double.isFinite(current)) {
            return false;
        }
        return !Double.isFinite(best) || best - current >= validationTol * Math.max(current, LOSS_FLOOR);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EarlyStopping e && Double.compare(validationTol, e.validationTol) == 0
                && validationPatience == e.validationPatience;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(validationTol) * 31 + validationPatience;
    }

    @Override
    public String toString() {
        return "EarlyStopping[validationTol=" + validationTol + ", validationPatience=" + validationPatience + "]";
    }
}
