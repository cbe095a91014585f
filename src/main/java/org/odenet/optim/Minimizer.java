package org.odenet.optim;

import java.util.List;

/**
 * An optimiser the trainer can drive: a starting state, a state to resume from, and a run that reports every
 * accepted iteration to a listener. {@link BacktrackingGradientDescent} (the paper's Algorithm 2) is one; a
 * quasi-Newton adapter is another. A solver that keeps a memory between iterations (a quasi-Newton method's
 * pairs) hands it out by {@link #memory()} so that a checkpoint can hold it and {@link #resume} restore it.
 */
public interface Minimizer<E extends ObjectiveValue> {
    /**
     * The starting state at (the projection of) a copy of {@code theta}, evaluated.
     *
     * @throws IllegalArgumentException if the starting loss is not finite
     */
    OptimizerState<E> start(double[] theta);

    /**
     * A state to continue from: an iterate {@code theta} of an earlier run after {@code iteration} iterations,
     * with the solver's Lipschitz estimate and its {@link #memory()} at that iterate.
     */
    OptimizerState<E> resume(double[] theta, double lipschitz, int iteration, List<double[]> memory);

    /**
     * Runs until {@code maxIterations} iterations have been done in total, the relative decrease of the loss in
     * one iteration is at most {@code tolerance} (never when it is 0), the solver cannot go on, or the listener
     * stops it.
     */
    OptimizationResult<E> minimize(OptimizerState<E> state, int maxIterations, double tolerance,
                                   IterationListener<E> listener);

    /**
     * The solver's memory at the state last handed out (by {@link #start}, {@link #resume}, to the listener or in
     * the result), as the checkpoint stores it; empty for a memoryless solver such as gradient descent.
     */
    default List<double[]> memory() {
        return List.of();
    }
}
