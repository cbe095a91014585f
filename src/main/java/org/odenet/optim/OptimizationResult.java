package org.odenet.optim;

/**
 * The end of a run: the last accepted state (never worse than the start), why the run stopped, and a
 * sentence saying so in words (e.g. the last rejected trial's failure).
 */
public record OptimizationResult<E extends ObjectiveValue>(OptimizerState<E> state, StopReason stopReason,
                                                           String message) {
}
