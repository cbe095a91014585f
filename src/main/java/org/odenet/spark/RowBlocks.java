package org.odenet.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.odenet.numerics.Block;

/**
 * Turns the validated rows (features, label[, weight]) of one partition into consecutive blocks of at most
 * {@code blockSize} samples, lazily: dense column-major features (sparse vectors are expanded), integer
 * labels, and weights when a weight column is used. A block is sized to the rows actually present: its
 * arrays grow as rows come, so a huge blockSize on a small partition allocates only what the rows need.
 */
final class RowBlocks implements Iterator<Block> {
    /** Samples a block starts with room for; it grows by doubling up to blockSize as rows come. */
    static final int FIRST_CAPACITY = 1024;
    /** The most values one Java array can hold. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private final Iterator<Row> rows;
    private final int features;
    private final int blockSize;
    private final boolean weighted;
    private final double weightDivisor;

    /** @param weightDivisor every weight is divided by this; 1 leaves them untouched */
    RowBlocks(Iterator<Row> rows, int features, int blockSize, boolean weighted, double weightDivisor) {
        this.rows = rows;
        this.features = features;
        this.blockSize = blockSize;
        this.weighted = weighted;
        this.weightDivisor = weightDivisor;
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public Block next() {
        if (!rows.hasNext()) {
            throw new NoSuchElementException();
        }
        int capacity = (int) Math.max(1, Math.min(Math.min(blockSize, FIRST_CAPACITY), MAX_VALUES / features));
        double[] values = new double[features * capacity];
        int[] labels = new int[capacity];
        double[] weights = weighted ? new double[capacity] : null;
        int m = 0;
        while (m < blockSize && rows.hasNext()) {
            if (m == capacity) {
                capacity = grownCapacity(capacity);
                values = Arrays.copyOf(values, features * capacity);
                labels = Arrays.copyOf(labels, capacity);
                weights = weighted ? Arrays.copyOf(weights, capacity) : null;
            }
            Row row = rows.next();
            copyInto((Vector) row.get(0), values, m * features);
            labels[m] = (int) row.getDouble(1);
            if (weighted) {
                weights[m] = weightDivisor == 1 ? row.getDouble(2) : row.getDouble(2) / weightDivisor;
            }
            m++;
        }
        if (m < capacity) {
            values = Arrays.copyOf(values, m * features);
            labels = Arrays.copyOf(labels, m);
            weights = weighted ? Arrays.copyOf(weights, m) : null;
        }
        return new Block(features, values, labels, weights);
    }

    /** Twice {@code capacity}, at most blockSize; refused when a block's features would not fit one array. */
    private int grownCapacity(int capacity) {
        int grown = (int) Math.min(blockSize, 2L * capacity);
        if ((long) grown * features > MAX_VALUES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "blockSize = %d: a block of more than %d "
                    + "samples with %d features does not fit one array of %d values; lower blockSize",
                    blockSize, capacity, features, MAX_VALUES));
        }
        return grown;
    }

    /** Writes the vector densely into {@code out[off .. off+size)}. */
    static void copyInto(Vector v, double[] out, int off) {
        if (v instanceof DenseVector d) {
            System.arraycopy(d.values(), 0, out, off, d.size());
        } else if (v instanceof SparseVector s) {
            Arrays.fill(out, off, off + s.size(), 0);
            int[] idx = s.indices();
            double[] val = s.values();
            for (int k = 0; k < idx.length; k++) {
                out[off + idx[k]] = val[k];
            }
        } else {
            double[] a = v.toArray();
            System.arraycopy(a, 0, out, off, a.length);
        }
    }
}
