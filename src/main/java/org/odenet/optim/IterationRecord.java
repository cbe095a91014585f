package org.odenet.optim;

/**
 * One accepted iteration: its 1-based number, the loss before and after, the Lipschitz estimate L the
 * accepted trial used (the step is 1/L) and the one carried to the next iteration, the number of trials
 * (1 = accepted at once), the length ‖θ̃ − θ‖ of the step and the new state.
 */
public record IterationRecord<E extends ObjectiveValue>(int iteration, double previousLoss, double lipschitzUsed,
                                                        int tries, double stepNorm, OptimizerState<E> state) {
    /** J after the iteration. */
    public double loss() {
        return state.value().loss();
    }
}
