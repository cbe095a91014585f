package org.odenet.training;

import java.io.Serializable;
import java.util.Locale;

/**
 * An order-independent fingerprint of a data set's rows (features, label, weight), accumulated one row at a time
 * and mergeable across partitions, so it comes with a validation pass at no extra cost.
 *
 * <p>Each row is hashed from its feature vector as dense values (a zero entry, +0 or −0, contributes nothing, so
 * a dense and a sparse vector of the same values hash the same), its size, its label and its weight, through the
 * SplitMix64 finaliser over the doubles' raw bits and positions. Rows are combined by two wrapping sums, of the row
 * hashes and of an independent mix of them, so neither the order of the rows nor their partitioning matters.
 * Not cryptographic: it tells other data from this data, it does not resist a forger.
 */
public final class DataFingerprint implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long SIZE_SALT = 0x243F6A8885A308D3L;
    private static final long LABEL_SALT = 0x13198A2E03707344L;
    private static final long WEIGHT_SALT = 0xA4093822299F31D0L;
    private static final long SECOND_SALT = 0x082EFA98EC4E6C89L;

    private long rows;
    private long sum;
    private long mixedSum;

    /**
     * Adds one row whose features are the dense {@code values}.
     */
    public DataFingerprint addDense(double[] values, double label, double weight) {
        long features = 0;
        for (int i = 0; i < values.length; i++) {
            features += entry(i, values[i]);
        }
        return addRow(values.length, features, label, weight);
    }

    /**
     * Adds one row whose features are a sparse vector of {@code size} entries, {@code values[j]} at
     * {@code indices[j]}; the arrays are not modified.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public DataFingerprint addSparse(int size, int[] indices, double[] values, double label, double weight) {
        if (indices.length != values.length) {
            throw new IllegalArgumentException("a sparse vector has " + indices.length + " indices but "
                    + values.length + " values");
        }
        long features = 0;
        for (int j = 0; j < indices.length; j++) {
            features += entry(indices[j], values[j]);
        }
        return addRow(size, features, label, weight);
    }

    /** Adds the rows of {@code other} to this one. */
    public DataFingerprint merge(DataFingerprint other) {
        rows += other.rows;
        sum += other.sum;
        mixedSum += other.mixedSum;
        return this;
    }

    /** The number of rows added. */
    public long rows() {
        return rows;
    }

    /** The fingerprint as 32 hexadecimal digits. */
    public String hex() {
        return String.format(Locale.ROOT, "%016x%016x", sum, mixedSum);
    }

    @Override
    public String toString() {
        return hex();
    }

    private DataFingerprint addRow(int size, long features, double label, double weight) {
        long h = mix(features + mix(size ^ SIZE_SALT));
        h = mix(h + mix(Double.doubleToLongBits(label) ^ LABEL_SALT));
        h = mix(h + mix(Double.doubleToLongBits(weight) ^ WEIGHT_SALT));
        rows++;
        sum += h;
        mixedSum += mix(h ^ SECOND_SALT);
        return this;
    }

    /** The contribution of the entry {@code value} at {@code index}: 0 for a zero, whatever its sign. */
    private static long entry(int index, double value) {
        if (value == 0) {
            return 0;
        }
        return mix(mix(index + GOLDEN) + Double.doubleToLongBits(value));
    }

    /** The SplitMix64 finaliser (Steele, Lea and Flood 2014): a bijection of 64-bit values with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
