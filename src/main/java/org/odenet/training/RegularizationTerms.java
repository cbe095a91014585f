package org.odenet.training;

import java.util.Objects;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.ParameterLayout;
import org.odenet.optim.ProximalOperator;

/**
 * The {@link Regularization} of one network on its flat θ, split as a solver needs it: the smooth part
 * R<sub>smooth</sub> = l2·½‖w‖² + s·½Σ‖K<sub>j+1</sub> − K<sub>j</sub>‖² as value and gradient
 * ({@link #smoothValue}), and the L1 part g = l1·‖w‖₁ as value ({@link #l1Value}), proximal operator
 * ({@link #proximal}, for gradient descent) and per-coordinate weight ({@link #l1Weight}, as Breeze's OWL-QN
 * takes it). The weights w are the coordinates of K<sub>0..N−1</sub>, W and, when the network embeds its input,
 * E in the {@link ParameterLayout}; β, h, μ and e are never touched. Runs on the driver after each pass, in O(|θ|).
 */
public final class RegularizationTerms {
    private final Regularization regularization;
    private final int layers;
    private final int kEnd;
    private final int matrixSize;
    private final int wStart;
    private final int wEnd;
    /** E's coordinates [eStart, eEnd); empty without an input embedding. */
    private final int eStart;
    private final int eEnd;

    public RegularizationTerms(Regularization regularization, NetworkSpec spec) {
        this.regularization = Objects.requireNonNull(regularization, "regularization");
        ParameterLayout layout = spec.layout();
        this.layers = spec.layers();
        this.kEnd = layout.betaOffset(0);
        this.matrixSize = layout.kOffset(1) - layout.kOffset(0);
        this.wStart = layout.wOffset();
        this.wEnd = layout.muOffset();
        this.eStart = layout.hasEmbedding() ? layout.embeddingOffset() : 0;
        this.eEnd = layout.hasEmbedding() ? layout.embeddingBiasOffset() : 0;
    }

    public Regularization regularization() {
        return regularization;
    }

    /** Whether coordinate {@code index} of θ is a weight (of some K<sub>j</sub>, of W or of E), which R penalises. */
    public boolean isWeight(int index) {
        return index < kEnd || (index >= wStart && index < wEnd) || (index >= eStart && index < eEnd);
    }

    /**
     * R<sub>smooth</sub>(θ); if {@code gradient} is not null, ∇R<sub>smooth</sub>(θ) is added into it.
     */
    public double smoothValue(double[] theta, double[] gradient) {
        double l2 = regularization.l2Strength();
        double s = regularization.smoothnessParam();
        double value = 0;
        if (l2 > 0) {
            double squares = sumOfSquares(theta, 0, kEnd) + sumOfSquares(theta, wStart, wEnd)
                    + sumOfSquares(theta, eStart, eEnd);
            value += l2 * 0.5 * squares;
            if (gradient != null) {
                addScaled(theta, gradient, l2, 0, kEnd);
                addScaled(theta, gradient, l2, wStart, wEnd);
                addScaled(theta, gradient, l2, eStart, eEnd);
            }
        }
        if (s > 0) {
            double squares = 0;
            for (int j = 0; j + 1 < layers; j++) {
                int a = j * matrixSize;
                int b = a + matrixSize;
                for (int i = 0; i < matrixSize; i++) {
                    double d = theta[b + i] - theta[a + i];
                    squares += d * d;
                    if (gradient != null) {
                        gradient[b + i] += s * d;
                        gradient[a + i] -= s * d;
                    }
                }
            }
            value += s * 0.5 * squares;
        }
        return value;
    }

    /** g(θ) = regParam · elasticNetParam · ‖w‖₁. */
    public double l1Value(double[] theta) {
        double l1 = regularization.l1Strength();
        if (l1 == 0) {
            return 0;
        }
        return l1 * (absSum(theta, 0, kEnd) + absSum(theta, wStart, wEnd) + absSum(theta, eStart, eEnd));
    }

    /** The L1 weight of coordinate {@code index}: regParam · elasticNetParam for a weight, 0 otherwise. */
    public double l1Weight(int index) {
        return isWeight(index) ? regularization.l1Strength() : 0;
    }

    /**
     * prox<sub>step·g</sub> in place: soft-thresholds every weight by step · regParam · elasticNetParam (weights
     * within the threshold become exactly 0); β, h, μ and e stay as they are.
     */
    public void proximal(double[] theta, double step) {
        double threshold = step * regularization.l1Strength();
        softThreshold(theta, threshold, 0, kEnd);
        softThreshold(theta, threshold, wStart, wEnd);
        softThreshold(theta, threshold, eStart, eEnd);
    }

    /** {@link #proximal} for the optimiser, or null when there is no L1 part. */
    public ProximalOperator proximalOperator() {
        return regularization.hasL1() ? this::proximal : null;
    }

    private static double sumOfSquares(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return s;
    }

    private static double absSum(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += Math.abs(x[i]);
        }
        return s;
    }

    private static void addScaled(double[] x, double[] into, double factor, int from, int to) {
        for (int i = from; i < to; i++) {
            into[i] += factor * x[i];
        }
    }

    private static void softThreshold(double[] x, double threshold, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = x[i];
            x[i] = v > threshold ? v - threshold : v < -threshold ? v + threshold : 0.0;
        }
    }
}
