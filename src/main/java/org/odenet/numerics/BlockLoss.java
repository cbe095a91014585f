package org.odenet.numerics;

/**
 * What one forward pass over a block yields: the weighted loss sum Σ w ℓ, the weight sum Σ w and the
 * weight of the correctly classified samples. Divide by {@code weightSum} for means.
 */
public record BlockLoss(double lossSum, double weightSum, double correctWeight) {
}
