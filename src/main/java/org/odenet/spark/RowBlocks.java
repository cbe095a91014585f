package org.odenet.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.odenet.numerics.Block;

/**
 * Turns the validated rows (features, label[, weight]) of one partition into consecutive blocks of at most
 * {@code blockSize} samples, lazily: dense column-major features (sparse vectors are expanded), integer
 * labels, and weights when a weight column is used.
 */
final class RowBlocks implements Iterator<Block> {
    private final Iterator<Row> rows;
    private final int features;
    private final int blockSize;
    private final boolean weighted;

    RowBlocks(Iterator<Row> rows, int features, int blockSize, boolean weighted) {
        this.rows = rows;
        this.features = features;
        this.blockSize = blockSize;
        this.weighted = weighted;
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
        double[] values = new double[features * blockSize];
        int[] labels = new int[blockSize];
        double[] weights = weighted ? new double[blockSize] : null;
        int m = 0;
        while (m < blockSize && rows.hasNext()) {
            Row row = rows.next();
            copyInto((Vector) row.get(0), values, m * features);
            labels[m] = (int) row.getDouble(1);
            if (weighted) {
                weights[m] = row.getDouble(2);
            }
            m++;
        }
        if (m < blockSize) {
            values = Arrays.copyOf(values, m * features);
            labels = Arrays.copyOf(labels, m);
            weights = weighted ? Arrays.copyOf(weights, m) : null;
        }
        return new Block(features, values, labels, weights);
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
