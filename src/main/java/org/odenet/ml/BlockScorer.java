package org.odenet.ml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;

/**
 * Scores a partition in column-major blocks of up to {@code blockSize} rows: one forward pass per block for
 * the logits and y<sup>[N]</sup>, one adjoint pass per block for the sensitivities. Each input row comes out
 * with its columns unchanged and, appended in this order, those of {@link ScoringColumns} that are on —
 * the values {@code OdeNetClassificationModel}'s single-row methods give, bit for bit. Holds the broadcast
 * network, never the model.
 */
final class BlockScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<ScoringNetwork> network;
    private final ScoringColumns columns;

    BlockScorer(Broadcast<ScoringNetwork> network, ScoringColumns columns) {
        this.network = network;
        this.columns = columns;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            private final ScoringNetwork net = network.value();
            private NetworkEvaluator evaluator;
            private final ArrayDeque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && rows.hasNext()) {
                    Row[] block = nextBlock(rows);
                    if (evaluator == null) {
                        // a partition's first block is its largest: sized to the rows present, not to blockSize
                        evaluator = net.evaluator(block.length);
                    }
                    scoreBlock(net, evaluator, block, ready);
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    /** The next up to blockSize rows, in a list that grows with the rows rather than an array of blockSize. */
    private Row[] nextBlock(Iterator<Row> rows) {
        List<Row> block = new ArrayList<>(Math.min(columns.blockSize(), 1024));
        while (block.size() < columns.blockSize() && rows.hasNext()) {
            block.add(rows.next());
        }
        return block.toArray(new Row[0]);
    }

    private void scoreBlock(ScoringNetwork net, NetworkEvaluator evaluator, Row[] block, ArrayDeque<Row> out) {
        NetworkSpec spec = net.spec();
        int d = spec.inputWidth();
        int n = spec.stateWidth();
        int k = spec.outputs();
        int m = block.length;
        double[] x = new double[d * m];
        for (int c = 0; c < m; c++) {
            System.arraycopy(net.checkedFeatures(features(block[c])), 0, x, c * d, d);
        }
        double[] theta = net.theta();
        double[] z = new double[k * m];
        evaluator.logits(theta, x, m, z);
        double[] flow = columns.transformedFeatures() ? evaluator.stateAfterLayer(spec.layers()).clone() : null;
        double[] sensitivity = columns.sensitivity() == ScoringColumns.Sensitivity.NONE ? null
                : sensitivities(net, evaluator, block, x, z, m);
        double[] thresholds = columns.thresholds();
        for (int c = 0; c < m; c++) {
            Row row = block[c];
            Object[] values = new Object[row.length() + columns.count()];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            int at = row.length();
            double[] raw = net.rawPrediction(z, c * k);
            double[] probability = null;
            if (columns.rawPrediction()) {
                values[at++] = Vectors.dense(raw);
            }
            if (columns.probability()) {
                probability = net.rawToProbability(raw);
                values[at++] = Vectors.dense(probability);
            }
            if (columns.prediction()) {
                values[at++] = columns.rawPrediction() || probability == null ? net.rawToPrediction(raw, thresholds)
                        : ScoringNetwork.probabilityToPrediction(probability, thresholds);
            }
            if (flow != null) {
                values[at++] = Vectors.dense(java.util.Arrays.copyOfRange(flow, c * n, c * n + n));
            }
            if (sensitivity != null) {
                values[at++] = Vectors.dense(java.util.Arrays.copyOfRange(sensitivity, c * d, c * d + d));
            }
            out.add(RowFactory.create(values));
        }
    }

    /** ∂ℓ/∂x or ∂p/∂x of the block's samples, d×m, through one adjoint pass. */
    private double[] sensitivities(ScoringNetwork net, NetworkEvaluator evaluator, Row[] block, double[] x,
                                   double[] z, int m) {
        NetworkSpec spec = net.spec();
        int k = spec.outputs();
        Head head = spec.head();
        double[] dz = new double[k * m];
        for (int c = 0; c < m; c++) {
            int off = c * k;
            if (columns.sensitivity() == ScoringColumns.Sensitivity.LOSS) {
                head.lossAndGradient(z, off, k, label(block[c], spec.numClasses()), dz, off);
            } else {
                head.probabilityGradient(z, off, k, head.predict(z, off, k), dz, off);
            }
        }
        double[] out = new double[spec.inputWidth() * m];
        evaluator.inputGradient(net.theta(), x, m, dz, out);
        return out;
    }

    private Vector features(Row row) {
        Object v = row.get(columns.featuresIndex());
        if (v == null) {
            throw new IllegalArgumentException("column '" + columns.featuresCol() + "' is null in row " + row);
        }
        return (Vector) v;
    }

    private int label(Row row, int numClasses) {
        Object v = row.get(columns.labelIndex());
        if (!(v instanceof Number number)) {
            throw new IllegalArgumentException("label column '" + columns.labelCol() + "' is "
                    + (v == null ? "null" : "not numeric (" + v + ")") + " in row " + row
                    + "; sensitivityOf = loss needs a label");
        }
        double label = number.doubleValue();
        int cls = (int) label;
        if (cls != label || cls < 0 || cls >= numClasses) {
            throw new IllegalArgumentException("label " + label + " is not one of the classes 0.." + (numClasses - 1));
        }
        return cls;
    }
}
