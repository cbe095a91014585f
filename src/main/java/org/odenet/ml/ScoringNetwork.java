package org.odenet.ml;

import java.io.Serializable;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.odenet.numerics.ChainGemm;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;

/**
 * What scoring needs of a model — the network and its controls θ — and the per-sample rules of Spark's
 * probabilistic classifiers (raw prediction → probability → prediction, with {@code thresholds}). The model's
 * single-row methods and the block scorer both use it, so both give the same bits. Broadcast once per
 * {@code transform}; nothing of the model itself travels to the executors.
 */
final class ScoringNetwork implements Serializable {
    private static final long serialVersionUID = 1L;

    private final NetworkSpec spec;
    private final double[] theta;

    /** @param theta the controls (not copied: the model's array, which nobody writes) */
    ScoringNetwork(NetworkSpec spec, double[] theta) {
        this.spec = spec;
        this.theta = theta;
    }

    NetworkSpec spec() {
        return spec;
    }

    double[] theta() {
        return theta;
    }

    /**
     * An evaluator for blocks of up to {@code capacity} samples whose products give each sample the same bits
     * whatever the block ({@link ChainGemm#forInference}).
     */
    NetworkEvaluator evaluator(int capacity) {
        return new NetworkEvaluator(spec, capacity, ChainGemm.forInference(spec.stateWidth()));
    }

    /**
     * The dense values of a features vector (the vector's own array when dense).
     *
     * @throws IllegalArgumentException if the size differs from the model's or a value is not finite
     */
    double[] checkedFeatures(Vector features) {
        if (features.size() != spec.inputWidth()) {
            throw new IllegalArgumentException("features vector has size " + features.size()
                    + " but this model was trained on " + spec.inputWidth() + " features");
        }
        double[] x = features instanceof DenseVector d ? d.values() : features.toArray();
        for (double v : x) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("features vector contains " + v + ": " + features);
            }
        }
        return x;
    }

    /** Spark's raw prediction of the sample whose logits are {@code z[off .. off+outputs)}. */
    double[] rawPrediction(double[] z, int off) {
        double[] raw = new double[spec.numClasses()];
        spec.head().rawPrediction(z, off, spec.outputs(), raw);
        return raw;
    }

    /** Overwrites a raw prediction with the class probabilities (the model's {@code raw2probabilityInPlace}). */
    void rawToProbabilityInPlace(double[] values) {
        double[] z = spec.outputs() == 1 ? new double[] {values[1]} : values.clone();
        spec.head().probability(z, 0, spec.outputs(), values);
    }

    /** A copy of a raw prediction turned into probabilities (Spark's {@code raw2probability}). */
    double[] rawToProbability(double[] raw) {
        double[] p = raw.clone();
        rawToProbabilityInPlace(p);
        return p;
    }

    /** Spark's {@code raw2prediction}: the arg-max without thresholds, else through the probabilities. */
    double rawToPrediction(double[] raw, double[] thresholds) {
        return thresholds == null ? Vectors.dense(raw).argmax()
                : probabilityToPrediction(rawToProbability(raw), thresholds);
    }

    /**
     * Spark's {@code probability2prediction}: the arg-max of p, or of p<sub>i</sub>/t<sub>i</sub> with thresholds
     * (a zero threshold makes its class win unless its probability is zero).
     */
    static double probabilityToPrediction(double[] probability, double[] thresholds) {
        if (thresholds == null) {
            return Vectors.dense(probability).argmax();
        }
        int argMax = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < probability.length; i++) {
            double scaled = probability[i] / thresholds[i];
            if (scaled > max) {
                max = scaled;
                argMax = i;
            }
        }
        return argMax;
    }
}
