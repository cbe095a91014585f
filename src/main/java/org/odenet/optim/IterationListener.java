package org.odenet.optim;

/** Sees every accepted iteration; returning false stops the run after it. */
@FunctionalInterface
public interface IterationListener<E extends ObjectiveValue> {
    boolean onIteration(IterationRecord<E> record);
}
