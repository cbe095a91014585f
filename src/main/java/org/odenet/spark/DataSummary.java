package org.odenet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.odenet.training.DataFingerprint;

/**
 * One pass over the rows (features, label[, weight]) that finds every kind of bad input at once: null
 * cells, non-finite features, vectors of different sizes, labels that are not integers 0..K−1, bad
 * weights. Mergeable, so it runs as a tree aggregation. It also takes the rows' {@link DataFingerprint}, which
 * tells a checkpoint of other data from one of these data.
 */
final class DataSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Labels must be below this: numClasses is at most this many. */
    static final int MAX_CLASSES = 10_000;

    long rows;
    /** Partitions with at least one row (the first row of a partition's accumulator counts it). */
    int nonEmptyPartitions;
    long nullFeatures;
    long nullLabels;
    long nullWeights;
    long nonFiniteFeatures;
    String nonFiniteExample;
    int minSize = Integer.MAX_VALUE;
    int maxSize = -1;
    long rowsAtMinSize;
    long rowsAtMaxSize;
    long badLabels;
    double badLabelExample;
    int maxLabel = -1;
    final BitSet classes = new BitSet();
    long badWeights;
    double badWeightExample;
    double weightSum;
    /** The largest valid weight (0 when none is positive). */
    double maxWeight;
    final DataFingerprint fingerprint = new DataFingerprint();

    /** Adds one row: column 0 features, 1 label (as double), 2 weight (as double) if {@code weighted}. */
    DataSummary add(Row row, boolean weighted) {
        if (rows == 0) {
            nonEmptyPartitions = 1;
        }
        rows++;
        double weight = 1;
        if (weighted) {
            if (row.isNullAt(2)) {
                nullWeights++;
                weight = 0;
            } else {
                weight = row.getDouble(2);
                if (!(weight >= 0) || Double.isInfinite(weight)) {
                    badWeights++;
                    badWeightExample = weight;
                    weight = 0;
                }
            }
        }
        weightSum += weight;
        maxWeight = Math.max(maxWeight, weight);
        if (row.isNullAt(0)) {
            nullFeatures++;
        } else {
            Vector v = (Vector) row.get(0);
            int size = v.size();
            if (size < minSize) {
                minSize = size;
                rowsAtMinSize = 0;
            }
            if (size > maxSize) {
                maxSize = size;
                rowsAtMaxSize = 0;
            }
            if (size == minSize) {
                rowsAtMinSize++;
            }
            if (size == maxSize) {
                rowsAtMaxSize++;
            }
            if (!allFinite(v)) {
                nonFiniteFeatures++;
                nonFiniteExample = abbreviate(v);
            }
        }
        if (row.isNullAt(1)) {
            nullLabels++;
        } else {
            double label = row.getDouble(1);
            if (!row.isNullAt(0)) {
                addToFingerprint((Vector) row.get(0), label, weighted && !row.isNullAt(2) ? row.getDouble(2) : 1);
            }
            if (label >= 0 && label < MAX_CLASSES && label == Math.rint(label)) {
                int l = (int) label;
                maxLabel = Math.max(maxLabel, l);
                classes.set(l);
            } else {
                badLabels++;
                badLabelExample = label;
            }
        }
        return this;
    }

    DataSummary merge(DataSummary o) {
        rows += o.rows;
        nonEmptyPartitions += o.nonEmptyPartitions;
        nullFeatures += o.nullFeatures;
        nullLabels += o.nullLabels;
        nullWeights += o.nullWeights;
        nonFiniteFeatures += o.nonFiniteFeatures;
        if (nonFiniteExample == null) {
            nonFiniteExample = o.nonFiniteExample;
        }
        if (o.minSize < minSize) {
            minSize = o.minSize;
            rowsAtMinSize = o.rowsAtMinSize;
        } else if (o.minSize == minSize) {
            rowsAtMinSize += o.rowsAtMinSize;
        }
        if (o.maxSize > maxSize) {
            maxSize = o.maxSize;
            rowsAtMaxSize = o.rowsAtMaxSize;
        } else if (o.maxSize == maxSize) {
            rowsAtMaxSize += o.rowsAtMaxSize;
        }
        if (o.badLabels > 0) {
            badLabelExample = o.badLabelExample;
        }
        badLabels += o.badLabels;
        maxLabel = Math.max(maxLabel, o.maxLabel);
        classes.or(o.classes);
        if (o.badWeights > 0) {
            badWeightExample = o.badWeightExample;
        }
        badWeights += o.badWeights;
        weightSum += o.weightSum;
        maxWeight = Math.max(maxWeight, o.maxWeight);
        fingerprint.merge(o.fingerprint);
        return this;
    }

    /** Number of features, valid when {@link #problems} found none. */
    int numFeatures() {
        return maxSize;
    }

    /**
     * Every rule the data breaks, each a sentence naming the column, the number of rows and an example.
     *
     * @param what "training data" or "validation data"
     */
    List<String> problems(String what, String featuresCol, String labelCol, String weightCol) {
        List<String> p = new ArrayList<>();
        if (rows == 0) {
            p.add(what + " is empty: it has no rows");
            return p;
        }
        String of = " of " + rows + " rows";
        if (nullFeatures > 0) {
            p.add(String.format(Locale.ROOT, "column '%s': %d%s are null", featuresCol, nullFeatures, of));
        }
        if (nullLabels > 0) {
            p.add(String.format(Locale.ROOT, "column '%s': %d%s are null", labelCol, nullLabels, of));
        }
        if (nullWeights > 0) {
            p.add(String.format(Locale.ROOT, "column '%s': %d%s are null", weightCol, nullWeights, of));
        }
        if (nonFiniteFeatures > 0) {
            p.add(String.format(Locale.ROOT, "column '%s': %d%s contain NaN or infinite values, e.g. %s",
                    featuresCol, nonFiniteFeatures, of, nonFiniteExample));
        }
        if (maxSize >= 0 && minSize != maxSize) {
            p.add(String.format(Locale.ROOT, "column '%s': vectors have different sizes, from %d (%d rows) to %d (%d rows)",
                    featuresCol, minSize, rowsAtMinSize, maxSize, rowsAtMaxSize));
        }
        if (maxSize == 0) {
            p.add(String.format(Locale.ROOT, "column '%s': vectors are empty (size 0)", featuresCol));
        }
        if (badLabels > 0) {
            p.add(String.format(Locale.ROOT, "column '%s': %d%s are not integers in 0..%d, e.g. %s",
                    labelCol, badLabels, of, MAX_CLASSES - 1, badLabelExample));
        }
        if (badWeights > 0) {
            p.add(String.format(Locale.ROOT, "column '%s': %d%s are negative, NaN or infinite, e.g. %s",
                    weightCol, badWeights, of, badWeightExample));
        }
        if (p.isEmpty() && !(weightSum > 0)) {
            p.add(String.format(Locale.ROOT, "column '%s': the weights sum to %s; at least one must be positive",
                    weightCol, weightSum));
        }
        return p;
    }

    private void addToFingerprint(Vector v, double label, double weight) {
        if (v instanceof SparseVector s) {
            fingerprint.addSparse(s.size(), s.indices(), s.values(), label, weight);
        } else {
            fingerprint.addDense(v instanceof DenseVector d ? d.values() : v.toArray(), label, weight);
        }
    }

    private static boolean allFinite(Vector v) {
        double[] values = v instanceof SparseVector s ? s.values() : v instanceof DenseVector d ? d.values() : v.toArray();
        for (double x : values) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(Vector v) {
        String s = v.toString();
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
