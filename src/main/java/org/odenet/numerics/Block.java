package org.odenet.numerics;

import java.io.Serializable;
import java.util.Locale;

/**
 * A block of m labelled samples: features as a column-major n×m matrix (sample c in
 * {@code features[c·n .. c·n+n)}), integer labels and non-negative weights. Immutable by convention:
 * the constructor takes ownership of the arrays and nothing in this project writes to them afterwards.
 */
public final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int features;
    private final int size;
    private final double[] values;
    private final int[] labels;
    private final double[] weights;
    private final double weightSum;
    private final int maxLabel;

    /**
     * @param features n ≥ 1
     * @param values   n·m finite feature values, column-major
     * @param labels   m labels ≥ 0
     * @param weights  m finite weights ≥ 0, or {@code null} for all ones
     * @throws IllegalArgumentException naming the sample and value that break a rule
     */
    public Block(int features, double[] values, int[] labels, double[] weights) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be at least 1, got " + features);
        }
        int m = labels.length;
        if (values.length != (long) features * m) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "block of %d samples with %d features needs %d values, got %d",
                    m, features, (long) features * m, values.length));
        }
        if (weights != null && weights.length != m) {
            throw new IllegalArgumentException("block of " + m + " samples got " + weights.length + " weights");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "feature %d of sample %d in the block is %s; features must be finite",
                        i % features, i / features, values[i]));
            }
        }
        int max = -1;
        double sum = 0;
        for (int c = 0; c < m; c++) {
            if (labels[c] < 0) {
                throw new IllegalArgumentException("label of sample " + c + " is " + labels[c] + "; labels must be >= 0");
            }
            max = Math.max(max, labels[c]);
            double w = weights == null ? 1 : weights[c];
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight of sample " + c + " is " + w
                        + "; weights must be finite and >= 0");
            }
            sum += w;
        }
        this.features = features;
        this.size = m;
        this.values = values;
        this.labels = labels;
        this.weights = weights;
        this.weightSum = sum;
        this.maxLabel = max;
    }

    /** n. */
    public int features() {
        return features;
    }

    /** m, the number of samples. */
    public int size() {
        return size;
    }

    /** The column-major feature matrix (not copied; do not modify). */
    public double[] values() {
        return values;
    }

    /** The label of sample c. */
    public int label(int c) {
        return labels[c];
    }

    /** The weight of sample c. */
    public double weight(int c) {
        return weights == null ? 1 : weights[c];
    }

    /** Σ weights. */
    public double weightSum() {
        return weightSum;
    }

    /** The largest label, −1 for an empty block. */
    public int maxLabel() {
        return maxLabel;
    }

    /** Whether every weight is one. */
    public boolean unweighted() {
        return weights == null;
    }
}
