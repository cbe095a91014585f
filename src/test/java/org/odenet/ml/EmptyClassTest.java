package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.numerics.Head;
import org.odenet.spark.SparkTestSession;

/**
 * Labels {1, 2} give a three-class softmax network whose class 0 has no rows: training goes on, and the summary
 * (saved with the model) names the empty class, as the log's warning does.
 */
class EmptyClassTest {
    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    /** 12 rows on the plane with the given two labels. */
    private static Dataset<Row> rows(double first, double second) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double x = Math.cos(i);
            rows.add(RowFactory.create(Vectors.dense(x, Math.sin(i)), x > 0 ? first : second, 1.0));
        }
        return spark.createDataFrame(rows, SparkTestSession.NULLABLE_WEIGHTED_SCHEMA);
    }

    private static OdeNetClassifier estimator() {
        return new OdeNetClassifier().setLayers(2).setMaxIter(2);
    }

    @Test
    void labelsOneAndTwoLeaveClassZeroEmptyInTheSummaryAndItsSavedCopy(@TempDir Path dir) throws Exception {
        OdeNetClassificationModel model = estimator().fit(rows(1, 2));
        assertEquals(3, model.numClasses());
        assertEquals(Head.SOFTMAX_CROSS_ENTROPY, model.spec().head());
        assertArrayEquals(new int[] {0}, model.summary().emptyClasses());
        String path = dir.resolve("model").toString();
        model.write().save(path);
        assertArrayEquals(new int[] {0}, OdeNetClassificationModel.load(path).summary().emptyClasses());
    }

    @Test
    void everyClassPresentLeavesNoneEmpty() {
        assertArrayEquals(new int[0], estimator().fit(rows(0, 1)).summary().emptyClasses());
    }
}
