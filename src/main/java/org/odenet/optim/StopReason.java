package org.odenet.optim;

/** Why an optimisation run ended. */
public enum StopReason {
    /** The iteration budget was used up. */
    MAX_ITERATIONS,
    /** The relative decrease of the loss fell to the tolerance or below. */
    CONVERGED,
    /** No trial point of an iteration satisfied the sufficient-decrease condition. */
    LINE_SEARCH_EXHAUSTED,
    /** A listener asked to stop. */
    STOPPED_BY_LISTENER,
    /**
     * Early stopping: the validation loss did not improve, by the validationTol rule, in validationPatience
     * consecutive validation passes. Only a training run reports it (the optimiser sees a listener's stop); its
     * model has the controls with the best validation loss.
     */
    VALIDATION_STOPPED,
    /**
     * The run ended by an exception. Only a training run reports it (in the partial result of its failure);
     * the optimiser itself never returns it.
     */
    FAILED
}
