package org.odenet.training;

/** What one pass over the blocks sums: besides loss, weight and correct weight, the gradient or the state norms. */
public enum PassKind {
    /** Forward and adjoint pass: the gradient too (for the optimiser). */
    GRADIENT,
    /** Forward pass only (validation). */
    FORWARD,
    /** Forward pass only, also summing ‖y<sup>[j]</sup>‖² over the samples for every layer j = 0..N. */
    STATE_NORMS
}
