package org.odenet.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;
import org.odenet.numerics.Block;
import org.odenet.numerics.BlockLoss;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.NonFiniteStateException;
import org.odenet.optim.NetworkEvaluation;

/**
 * The per-partition state of one pass: sums of loss, weight, correct weight and (optionally) the gradient
 * over the blocks seen, in the shape of Spark MLlib's aggregators. Within a partition blocks are added in
 * order; partitions are merged with error-free (double-double) addition, so the result does not depend
 * on the order in which Spark's tree aggregation happens to combine them. The gradient arrays are created
 * on the first block, which keeps the zero value Spark ships to every task small. A non-finite state in a
 * block is recorded, not thrown, so that one bad trial point does not fail (and retry) the Spark job.
 */
final class GradientAggregator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final int capacity;
    private final Broadcast<double[]> theta;
    private final boolean withGradient;
    private double lossHi;
    private double lossLo;
    private double weightHi;
    private double weightLo;
    private double correctHi;
    private double correctLo;
    private double[] gradHi;
    private double[] gradLo;
    private String failure;

    GradientAggregator(NetworkSpec spec, int capacity, Broadcast<double[]> theta, boolean withGradient) {
        this.spec = spec;
        this.capacity = capacity;
        this.theta = theta;
        this.withGradient = withGradient;
    }

    /** Adds one block (runs its forward and, if asked, adjoint pass). */
    GradientAggregator add(Block block) {
        if (failure != null) {
            return this;
        }
        NetworkEvaluator evaluator = EvaluatorCache.get(spec, capacity);
        if (withGradient && gradHi == null) {
            gradHi = new double[spec.layout().size()];
        }
        try {
            BlockLoss b = evaluator.evaluate(theta.value(), block, withGradient ? gradHi : null);
            lossHi += b.lossSum();
            weightHi += b.weightSum();
            correctHi += b.correctWeight();
        } catch (NonFiniteStateException e) {
            failure = e.getMessage();
        }
        return this;
    }

    /** Adds {@code other} into this one, exactly up to a final rounding. */
    GradientAggregator merge(GradientAggregator other) {
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
            } else {
                if (gradLo == null) {
                    gradLo = new double[gradHi.length];
                }
                mergeArrays(gradHi, gradLo, other.gradHi, other.gradLo);
            }
        }
        return this;
    }

    /**
     * The pass's result as weighted means.
     *
     * @throws NonFiniteStateException if any block met a non-finite state
     */
    NetworkEvaluation result() {
        if (failure != null) {
            throw new NonFiniteStateException(-1, 0, failure);
        }
        double[] gradient = null;
        if (withGradient) {
            gradient = gradHi == null ? new double[spec.layout().size()] : gradHi;
            if (gradLo != null) {
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] += gradLo[i];
                }
            }
        }
        return NetworkEvaluation.fromSums(lossHi + lossLo, gradient, correctHi + correctLo, weightHi + weightLo);
    }

    private static void mergeArrays(double[] hi, double[] lo, double[] otherHi, double[] otherLo) {
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
