package org.odenet.optim;

/**
 * θ ↦ (J(θ), ∇J(θ)) in one evaluation.
 *
 * @param <E> the evaluation type, which may carry more than loss and gradient (e.g. accuracy)
 */
@FunctionalInterface
public interface DifferentiableObjective<E extends ObjectiveValue> {
    /**
     * Evaluates at {@code theta}, which it must not modify or keep.
     *
     * @throws ArithmeticException if the objective cannot be evaluated there (e.g. a non-finite state);
     *                             the line search then treats the point as rejected
     */
    E evaluate(double[] theta);

    /**
     * Evaluates trial {@code trial} (1-based) of iteration {@code iteration} (1-based); the optimiser
     * calls this so that an objective can label its work (e.g. name the Spark job). Defaults to
     * {@link #evaluate}.
     */
    default E evaluateTrial(double[] theta, int iteration, int trial) {
        return evaluate(theta);
    }
}
