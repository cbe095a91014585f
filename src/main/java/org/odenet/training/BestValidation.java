package org.odenet.training;

import java.util.Arrays;
import java.util.Objects;

/**
 * The early-stopping state of a run: the controls θ with the best validation loss so far (a copy), that
 * loss, its iteration, and the number of validation passes since, none of which improved on it by
 * {@link EarlyStopping}'s rule. Immutable; each validation pass gives the next state with {@link #observe}.
 * Checkpoints keep it, so that a resumed run stops where the uninterrupted one would.
 */
public final class BestValidation {
    private final double[] theta;
    private final double loss;
    private final int iteration;
    private final int passesWithoutImprovement;

    /**
     * @throws IllegalArgumentException if iteration or passesWithoutImprovement is negative
     */
    public BestValidation(double[] theta, double loss, int iteration, int passesWithoutImprovement) {
        this(Objects.requireNonNull(theta, "theta").clone(), loss, iteration, passesWithoutImprovement, true);
    }

    /** Takes {@code theta} as it is: the callers own it (a fresh copy, or the unchanged best). */
    private BestValidation(double[] theta, double loss, int iteration, int passesWithoutImprovement, boolean owned) {
        if (iteration < 0 || passesWithoutImprovement < 0) {
            throw new IllegalArgumentException("iteration and passesWithoutImprovement must be >= 0, got "
                    + iteration + " and " + passesWithoutImprovement);
        }
        this.theta = theta;
        this.loss = loss;
        this.iteration = iteration;
        this.passesWithoutImprovement = passesWithoutImprovement;
    }

    /** The state after the first validation pass: its controls are the best so far. */
    public static BestValidation first(double[] theta, double loss, int iteration) {
        return new BestValidation(theta, loss, iteration, 0);
    }

    /**
     * The state after a validation pass with loss {@code loss} at {@code iteration}, as Spark's GBT updates it:
     * a pass that improves ({@link EarlyStopping#improves}) resets the count and, if its loss is lower, becomes
     * the best; any other pass adds one to the count. {@code theta} is copied only when it becomes the best.
     */
    public BestValidation observe(EarlyStopping rule, double[] theta, double loss, int iteration) {
        if (!rule.improves(this.loss, loss)) {
            return new BestValidation(this.theta, this.loss, this.iteration, passesWithoutImprovement + 1, true);
        }
        return loss < this.loss || !Double.isFinite(this.loss) ? new BestValidation(theta, loss, iteration, 0)
                : new BestValidation(this.theta, this.loss, this.iteration, 0, true);
    }

    /** Whether the rule's patience is used up. */
    public boolean exhausted(EarlyStopping rule) {
        return rule.enabled() && passesWithoutImprovement >= rule.validationPatience();
    }

    /** A copy of the best controls. */
    public double[] theta() {
        return theta.clone();
    }

    public double loss() {
        return loss;
    }

    public int iteration() {
        return iteration;
    }

    public int passesWithoutImprovement() {
        return passesWithoutImprovement;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BestValidation b && Arrays.equals(theta, b.theta) && Double.compare(loss, b.loss) == 0
                && iteration == b.iteration && passesWithoutImprovement == b.passesWithoutImprovement;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(theta), loss, iteration, passesWithoutImprovement);
    }

    @Override
    public String toString() {
        return "BestValidation[loss=" + loss + ", iteration=" + iteration + ", passesWithoutImprovement="
                + passesWithoutImprovement + "]";
    }
}
