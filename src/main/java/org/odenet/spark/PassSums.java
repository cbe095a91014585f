package org.odenet.spark;

import java.io.Serializable;
import java.util.Arrays;
import org.odenet.numerics.Block;
import org.odenet.numerics.BlockLoss;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NonFiniteStateException;
import org.odenet.optim.NetworkEvaluation;

/**
 * The sums one pass accumulates — loss, weight, correct weight and optionally the gradient — over some
 * blocks. Blocks are added in order with plain arithmetic; two partial sums merge with error-free
 * (double-double) addition, so the total does not depend on the order in which partial sums are combined.
 * The gradient arrays are created on the first block, which keeps an empty instance small to ship. A
 * non-finite state in a block is recorded, not thrown, so one bad trial does not fail a Spark job.
 */
final class PassSums implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int parameters;
    private final boolean withGradient;
    private double lossHi;
    private double lossLo;
    private double weightHi;
    private double weightLo;
    private double correctHi;
    private double correctLo;
    private double[] gradHi;
    private double[] gradLo;
    private final int normLayers;
    private boolean exact = true;
    private double[] normHi;
    private double[] normLo;
    private String failure;

    PassSums(int parameters, boolean withGradient) {
        this(parameters, withGradient, 0);
    }

    /** @param normLayers N + 1 to also sum the squared state norms of every layer, 0 not to */
    PassSums(int parameters, boolean withGradient, int normLayers) {
        this.parameters = parameters;
        this.withGradient = withGradient;
        this.normLayers = normLayers;
    }

    /**
     * Merges with plain addition instead of double-double: enough when at most two partial sums will ever be
     * merged, since a + b = b + a exactly. Returns this.
     */
    PassSums withPlainMerge() {
        exact = false;
        return this;
    }

    /** Runs the forward (and, if asked, adjoint) pass of one block and adds its sums. */
    void add(NetworkEvaluator evaluator, double[] theta, Block block) {
        add(evaluator, theta, block, null);
    }

    /**
     * As {@link #add(NetworkEvaluator, double[], Block)}; on the first block the gradient sum goes into
     * {@code buffer} (zeroed here) when one of the right length is given, instead of a new array.
     */
    void add(NetworkEvaluator evaluator, double[] theta, Block block, double[] buffer) {
        if (failure != null) {
            return;
        }
        if (withGradient && gradHi == null) {
            if (buffer != null && buffer.length == parameters) {
                Arrays.fill(buffer, 0);
                gradHi = buffer;
            } else {
                gradHi = new double[parameters];
            }
        }
        if (normLayers > 0 && normHi == null) {
            normHi = new double[normLayers];
        }
        try {
            BlockLoss b = evaluator.evaluate(theta, block, withGradient ? gradHi : null, normHi);
            lossHi += b.lossSum();
            weightHi += b.weightSum();
            correctHi += b.correctWeight();
        } catch (NonFiniteStateException e) {
            failure = e.getMessage();
        }
    }

    /**
     * Adds {@code other} into this one, exactly up to a final rounding; returns this. When this one has no
     * gradient yet it takes over {@code other}'s arrays rather than copying them: {@code other} must not be
     * used afterwards.
     */
    PassSums merge(PassSums other) {
        if (failure == null) {
            failure = other.failure;
        }
        double[] l = twoSum(lossHi, lossLo, other.lossHi, other.lossLo);
        lossHi = l[0];
        lossLo = l[1];
        double[] w = twoSum(weightHi, weightLo, other.weightHi, other.weightLo);
        weightHi = w[0];
        weightLo = w[1];
        double[] c = twoSum(correctHi, correctLo, other.correctHi, other.correctLo);
        correctHi = c[0];
        correctLo = c[1];
        if (other.gradHi != null) {
            if (gradHi == null) {
                gradHi = other.gradHi;
                gradLo = other.gradLo;
            } else if (!exact && gradLo == null && other.gradLo == null) {
                for (int i = 0; i < gradHi.length; i++) {
                    gradHi[i] += other.gradHi[i];
                }
            } else {
                if (gradLo == null) {
                    gradLo = new double[gradHi.length];
                }
                addExactly(gradHi, gradLo, other.gradHi, other.gradLo);
            }
        }
        if (other.normHi != null) {
            if (normHi == null) {
                normHi = other.normHi;
                normLo = other.normLo;
            } else {
                if (normLo == null) {
                    normLo = new double[normHi.length];
                }
                addExactly(normHi, normLo, other.normHi, other.normLo);
            }
        }
        return this;
    }

    /** (hi, lo) += (otherHi, otherLo) element by element, error-free up to the final rounding. */
    private static void addExactly(double[] hi, double[] lo, double[] otherHi, double[] otherLo) {
        for (int i = 0; i < hi.length; i++) {
            double a = hi[i];
            double b = otherHi[i];
            double s = a + b;
            double bb = s - a;
            double err = (a - (s - bb)) + (b - bb);
            double low = lo[i] + err + (otherLo == null ? 0 : otherLo[i]);
            double h = s + low;
            lo[i] = low - (h - s);
            hi[i] = h;
        }
    }

    /** Σ over the samples of ‖y<sup>[j]</sup>‖², j = 0..N (a new array), when norms were asked for. */
    double[] stateNormSquares() {
        if (failure != null) {
            throw new NonFiniteStateException(-1, 0, failure);
        }
        double[] out = new double[normLayers];
        for (int j = 0; j < normLayers && normHi != null; j++) {
            out[j] = normLo == null ? normHi[j] : normHi[j] + normLo[j];
        }
        return out;
    }

    /** Back to zero, keeping the arrays (for reuse across passes). */
    void reset() {
        lossHi = lossLo = weightHi = weightLo = correctHi = correctLo = 0;
        if (gradHi != null) {
            Arrays.fill(gradHi, 0);
        }
        if (gradLo != null) {
            Arrays.fill(gradLo, 0);
        }
        if (normHi != null) {
            Arrays.fill(normHi, 0);
        }
        if (normLo != null) {
            Arrays.fill(normLo, 0);
        }
        failure = null;
    }

    /**
     * The pass's result as weighted means, in a new gradient array (these sums stay usable).
     *
     * @throws NonFiniteStateException if any block met a non-finite state
     */
    NetworkEvaluation result() {
        return result(false);
    }

    /**
     * The pass's result; with {@code handOver} the gradient array of these sums becomes the result's (no
     * copy), and these sums must not be used afterwards.
     */
    NetworkEvaluation result(boolean handOver) {
        if (failure != null) {
            throw new NonFiniteStateException(-1, 0, failure);
        }
        double[] gradient = null;
        if (withGradient) {
            if (gradHi == null) {
                gradient = new double[parameters];
            } else if (handOver && gradLo == null) {
                gradient = gradHi;
            } else {
                gradient = handOver ? gradHi : new double[parameters];
                for (int i = 0; i < parameters; i++) {
                    gradient[i] = gradLo == null ? gradHi[i] : gradHi[i] + gradLo[i];
                }
            }
        }
        return NetworkEvaluation.fromSums(lossHi + lossLo, gradient, correctHi + correctLo, weightHi + weightLo);
    }

    /** (aHi + aLo) + (bHi + bLo) as a normalised pair (Knuth's TwoSum, then Fast2Sum). */
    private static double[] twoSum(double aHi, double aLo, double bHi, double bLo) {
        double s = aHi + bHi;
        double bb = s - aHi;
        double err = (aHi - (s - bb)) + (bHi - bb);
        double low = aLo + bLo + err;
        double h = s + low;
        return new double[] {h, low - (h - s)};
    }
}
