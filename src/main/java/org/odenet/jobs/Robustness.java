package org.odenet.jobs;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.odenet.ml.OdeNetClassificationModel;

/**
 * Accuracy under the fast gradient sign method (Goodfellow, Shlens and Szegedy 2015): every test sample
 * moves by ε·sign(∂ℓ/∂x) — the sign of its loss gradient, the adjoint P<sup>[0]</sup> — clipped to the data's
 * valid range if it has one, and is classified again.
 */
final class Robustness {
    private static final String GRADIENT = "odenetLossGradient";

    private Robustness() {
    }

    /**
     * @param range the valid feature range {min, max}, or null for none
     * @return the accuracy at each ε
     */
    static double[] fgsmAccuracy(OdeNetClassificationModel model, Dataset<Row> test, double[] epsilons, double[] range) {
        OdeNetClassificationModel m = model.copy(new ParamMap()).setSensitivityCol(GRADIENT).setSensitivityOf("loss");
        m.setTransformedFeaturesCol("");
        List<Row> rows = m.transform(test.select("features", "label")).select("features", "label", GRADIENT)
                .collectAsList();
        double[] accuracy = new double[epsilons.length];
        for (int e = 0; e < epsilons.length; e++) {
            int correct = 0;
            for (Row r : rows) {
                double[] x = ((Vector) r.get(0)).toArray();
                double[] g = ((Vector) r.get(2)).toArray();
                for (int i = 0; i < x.length; i++) {
                    x[i] += epsilons[e] * Math.signum(g[i]);
                    if (range != null) {
                        x[i] = Math.min(range[1], Math.max(range[0], x[i]));
                    }
                }
                correct += m.predict(Vectors.dense(x)) == r.getDouble(1) ? 1 : 0;
            }
            accuracy[e] = (double) correct / rows.size();
        }
        return accuracy;
    }
}
