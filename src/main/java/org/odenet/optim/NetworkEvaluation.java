package org.odenet.optim;

import java.util.Locale;

/**
 * The training objective of a network at one θ, as weighted means over all samples: loss
 * J = Σ w ℓ / Σ w, its gradient, and the weighted accuracy. Built from the sums that blocks accumulate,
 * so that every engine (local loop, Spark) normalises identically.
 */
public final class NetworkEvaluation implements ObjectiveValue {
    private final double loss;
    private final double[] gradient;
    private final double accuracy;
    private final double weightSum;

    private NetworkEvaluation(double loss, double[] gradient, double accuracy, double weightSum) {
        this.loss = loss;
        this.gradient = gradient;
        this.accuracy = accuracy;
        this.weightSum = weightSum;
    }

    /**
     * Divides accumulated sums by the weight sum.
     *
     * @param gradientSum ∂(Σ w ℓ)/∂θ; divided in place and kept (the caller hands it over)
     * @throws IllegalArgumentException if the weight sum is not positive
     */
    public static NetworkEvaluation fromSums(double lossSum, double[] gradientSum, double correctWeight,
                                             double weightSum) {
        if (!(weightSum > 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the total sample weight is %s; it must be positive", weightSum));
        }
        if (gradientSum != null) {
            double inv = 1 / weightSum;
            for (int i = 0; i < gradientSum.length; i++) {
                gradientSum[i] *= inv;
            }
        }
        return new NetworkEvaluation(lossSum / weightSum, gradientSum, correctWeight / weightSum, weightSum);
    }

    @Override
    public double loss() {
        return loss;
    }

    /** ∇J, or null for a forward-only evaluation. */
    @Override
    public double[] gradient() {
        return gradient;
    }

    /** Weighted fraction of samples classified correctly. */
    public double accuracy() {
        return accuracy;
    }

    /** Σ w over the samples. */
    public double weightSum() {
        return weightSum;
    }
}
