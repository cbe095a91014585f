package org.odenet.numerics;

/**
 * Everything one forward and adjoint pass over a block computed, copied out for inspection: the states
 * Y<sup>[0..N]</sup> and adjoints P<sup>[0..N]</sup> (each n×m column-major; P<sup>[j]</sup> = ∂(Σ w ℓ)/∂Y<sup>[j]</sup>),
 * the logits (k×m), the gradient of the loss sum with respect to θ, and its sensitivity to the inputs
 * {@code inputSensitivity} = ∂(Σ w ℓ)/∂x (d×m column-major: P<sup>[0]</sup> when the state is the input, its input
 * channels when zero channels are appended, Eᵀ P<sup>[0]</sup> through an input embedding). Nothing is normalised
 * by the weight sum.
 */
public record NetworkTrace(BlockLoss loss, double[] gradient, double[][] states, double[][] adjoints,
                           double[] logits, double[] inputSensitivity) {
}
