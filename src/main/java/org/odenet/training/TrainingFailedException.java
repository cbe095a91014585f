package org.odenet.training;

/**
 * Training was interrupted by a failure that is not numerical (a Spark job failed, a listener threw).
 * Nothing is lost: {@link #partialResult()} holds the last accepted state and its history, and when a
 * checkpoint directory was configured that state has been written there, so the run can be resumed.
 */
public final class TrainingFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TrainingResult partialResult;

    public TrainingFailedException(String message, Throwable cause, TrainingResult partialResult) {
        super(message, cause);
        this.partialResult = partialResult;
    }

    /** The last accepted state, or null if the failure came before the first evaluation. */
    public TrainingResult partialResult() {
        return partialResult;
    }
}
