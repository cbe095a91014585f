package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.odenet.spark.SparkTestSession;

/**
 * Weights at the ends of the double range (issue 13): the objective is the weighted mean Σ w ℓ / Σ w, so
 * weights all 1e308 (whose sum overflows) or all 1e-320 (subnormal) must train exactly like weights all 1, on both
 * engines; and a mix of 1e308 and 1 trains to finite losses.
 */
class ExtremeWeightsTest {
    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    /** 16 rows of two classes with weight {@code weight(i)} (no shuffle: the same row order in every run). */
    private static Dataset<Row> rows(IntToDoubleFunction weight) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            double x = Math.cos(1.1 * i);
            double y = Math.sin(0.7 * i);
            rows.add(RowFactory.create(Vectors.dense(x, y), x + y > 0 ? 1.0 : 0.0, weight.applyAsDouble(i)));
        }
        return spark.createDataFrame(rows, SparkTestSession.NULLABLE_WEIGHTED_SCHEMA);
    }

    private static OdeNetClassificationModel fit(Dataset<Row> data, String engine) {
        return new OdeNetClassifier().setLayers(3).setMaxIter(6).setTol(0).setSeed(3).setWeightCol("w")
                .setEngine(engine).fit(data);
    }

    @Test
    void weightsAllHugeOrAllSubnormalTrainExactlyLikeWeightsAllOne() {
        for (String engine : new String[] {"spark", "driver"}) {
            OdeNetClassificationModel ones = fit(rows(i -> 1.0), engine);
            OdeNetClassificationModel huge = fit(rows(i -> 1e308), engine);
            OdeNetClassificationModel tiny = fit(rows(i -> 1e-320), engine);
            assertEquals(6, ones.summary().totalIterations());
            assertArrayEquals(ones.parameters(), huge.parameters(), 0.0, engine + ": weights 1e308");
            assertArrayEquals(ones.parameters(), tiny.parameters(), 0.0, engine + ": weights 1e-320");
            assertArrayEquals(ones.summary().objectiveHistory(), huge.summary().objectiveHistory(), 0.0, engine);
            assertArrayEquals(ones.summary().objectiveHistory(), tiny.summary().objectiveHistory(), 0.0, engine);
        }
    }

    @Test
    void aMixOfHugeAndOrdinaryWeightsTrainsToFiniteLosses() {
        OdeNetClassificationModel mixed = fit(rows(i -> i % 2 == 0 ? 1e308 : 1.0), "spark");
        assertEquals(6, mixed.summary().totalIterations());
        for (double loss : mixed.summary().objectiveHistory()) {
            assertTrue(Double.isFinite(loss) && loss > 0, "loss " + loss);
        }
    }
}
