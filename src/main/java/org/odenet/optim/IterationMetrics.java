package org.odenet.optim;

/**
 * One row of a training history: the iteration (0 for the starting point, then 1, 2, ...); training loss and accuracy after it; the
 * Lipschitz estimate L of the accepted trial (the step was 1/L); trials used; the length of the step
 * ‖θ<sub>k</sub> − θ<sub>k−1</sub>‖; wall-clock seconds since training started; validation loss and
 * accuracy, NaN on iterations without a validation pass.
 */
public record IterationMetrics(int iteration, double loss, double accuracy, double lipschitz, int tries,
                               double stepNorm, double wallSeconds, double validationLoss,
                               double validationAccuracy) implements java.io.Serializable {

    /** Whether this row carries validation metrics. */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }
}
