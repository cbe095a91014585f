package org.odenet.numerics;

/**
 * Everything one forward and adjoint pass over a block computed, copied out for inspection: the states
 * Y<sup>[0..N]</sup> and adjoints P<sup>[0..N]</sup> (each n×m column-major; P<sup>[j]</sup> = ∂(Σ w ℓ)/∂Y<sup>[j]</sup>,
 * so P<sup>[0]</sup> is the sensitivity of the loss sum to the inputs), the logits (k×m) and the gradient
 * of the loss sum with respect to θ. Nothing is normalised by the weight sum.
 */
public record NetworkTrace(BlockLoss loss, double[] gradient, double[][] states, double[][] adjoints,
                           double[] logits) {

    /** P<sup>[0]</sup> = ∂(Σ w ℓ)/∂x, n×m column-major. */
    public double[] inputSensitivity() {
        return adjoints[0];
    }
}
