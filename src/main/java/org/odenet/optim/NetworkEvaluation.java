package org.odenet.optim;

import java.util.Locale;

/**
 * The training objective of a network at one θ, as weighted means over all samples: loss
 * J = Σ w ℓ / Σ w, its gradient, and the weighted accuracy. Built from the sums that blocks accumulate,
 * so that every engine (local loop, Spark) normalises identically. A regularised evaluation
 * ({@link #regularized}) adds a penalty R = R<sub>smooth</sub> + g to the loss and keeps the data loss J.
 */
public final class NetworkEvaluation implements ObjectiveValue {
    private final double loss;
    private final double[] gradient;
    private final double accuracy;
    private final double weightSum;
    private final double smoothLoss;
    private final double dataLoss;

    private NetworkEvaluation(double loss, double[] gradient, double accuracy, double weightSum) {
        this(loss, gradient, accuracy, weightSum, loss, loss);
    }

    private NetworkEvaluation(double loss, double[] gradient, double accuracy, double weightSum, double smoothLoss,
                              double dataLoss) {
        this.loss = loss;
        this.gradient = gradient;
        this.accuracy = accuracy;
        this.weightSum = weightSum;
        this.smoothLoss = smoothLoss;
        this.dataLoss = dataLoss;
    }

    /**
     * This evaluation of the data loss J with a penalty added: loss J + smoothPenalty + nonSmoothPenalty,
     * smooth loss J + smoothPenalty, the data loss J, and {@code gradient} (∇J + ∇smoothPenalty, handed over),
     * the same accuracy and weight sum. For an evaluation that is not regularised yet.
     */
    public NetworkEvaluation regularized(double smoothPenalty, double nonSmoothPenalty, double[] gradient) {
        return new NetworkEvaluation(loss + smoothPenalty + nonSmoothPenalty, gradient, accuracy, weightSum,
                loss + smoothPenalty, loss);
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

    /** J + R<sub>smooth</sub>, the part of {@link #loss()} the gradient differentiates. */
    @Override
    public double smoothLoss() {
        return smoothLoss;
    }

    /** The weighted mean loss of the data alone, without any penalty: {@link #loss()} unless regularised. */
    public double dataLoss() {
        return dataLoss;
    }

    /** ∇J (∇(J + R<sub>smooth</sub>) if regularised), or null for a forward-only evaluation. */
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
