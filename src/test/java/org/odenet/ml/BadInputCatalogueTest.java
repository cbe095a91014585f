package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.numerics.ButcherTableau;
import org.odenet.optim.StopReason;
import org.odenet.spark.SparkTestSession;

/**
 * The catalogue of bad input, through the public API a user meets: each case's exact behaviour — a clear
 * error raised before any training, naming column, parameter or value, or a documented correct outcome.
 */
class BadInputCatalogueTest {
    private static SparkSession spark;
    private static final StructType SCHEMA = SparkTestSession.NULLABLE_WEIGHTED_SCHEMA;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    private static Row row(double x, double y, Double label, Double w) {
        return RowFactory.create(Vectors.dense(x, y), label, w);
    }

    /** Eight clean rows of two classes, followed by {@code extra}. */
    private static Dataset<Row> data(Row... extra) {
        List<Row> rows = new java.util.ArrayList<>(List.of(row(1, 1, 0.0, 1.0), row(-1, 1, 1.0, 1.0),
                row(1, -1, 1.0, 1.0), row(-1, -1, 0.0, 1.0), row(0.5, 0.5, 0.0, 1.0), row(-0.5, 0.5, 1.0, 1.0),
                row(0.5, -0.5, 1.0, 1.0), row(-0.5, -0.5, 0.0, 1.0)));
        rows.addAll(Arrays.asList(extra));
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static OdeNetClassifier estimator() {
        return new OdeNetClassifier().setLayers(2).setMaxIter(3);
    }

    /** Fits and expects an IllegalArgumentException whose message holds every part; no training job ran. */
    private static void refused(OdeNetClassifier c, Dataset<Row> df, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.fit(df));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' lacks '" + p + "'");
        }
        assertTrue(!SparkTestSession.odenetBlocksPersisted(), "nothing left persisted");
    }

    @Test
    void nanFeatures() {
        refused(estimator(), data(row(Double.NaN, 1, 0.0, 1.0)), "column 'features': 1 of 9 rows contain NaN or "
                + "infinite values, e.g. [NaN,1.0]");
    }

    @Test
    void infiniteFeatures() {
        refused(estimator(), data(row(1, Double.NEGATIVE_INFINITY, 0.0, 1.0)), "column 'features'",
                "e.g. [1.0,-Infinity]");
    }

    @Test
    void nullRows() {
        refused(estimator(), data(RowFactory.create(null, null, null)), "column 'features': 1 of 9 rows are null",
                "column 'label': 1 of 9 rows are null");
    }

    @Test
    void labelTwoInABinaryProblemWithABinaryHead() {
        refused(estimator().setHead("logistic_squared_error"), data(row(2, 2, 2.0, 1.0)),
                "numClasses = 3 is not supported by head logistic_squared_error; use softmax_cross_entropy");
    }

    @Test
    void labelTwoWithTheAutomaticHeadIsAThreeClassProblem() {
        OdeNetClassificationModel m = estimator().fit(data(row(2, 2, 2.0, 1.0)));
        assertEquals(3, m.numClasses(), "documented: K = max label + 1, softmax head");
    }

    @Test
    void labelOneHalf() {
        refused(estimator(), data(row(2, 2, 0.5, 1.0)), "column 'label': 1 of 9 rows are not integers", "e.g. 0.5");
    }

    @Test
    void labelMinusOne() {
        refused(estimator(), data(row(2, 2, -1.0, 1.0)), "column 'label'", "e.g. -1.0");
    }

    @Test
    void oneClassOnly() {
        Dataset<Row> ones = data().filter("label = 1");
        refused(estimator(), ones, "only class 1 is present in 4 rows");
    }

    @Test
    void emptyDataset() {
        refused(estimator(), data().limit(0), "training data is empty");
    }

    @Test
    void inconsistentVectorSizes() {
        refused(estimator(), data(RowFactory.create(Vectors.dense(1, 2, 3), 1.0, 1.0)),
                "vectors have different sizes, from 2 (8 rows) to 3 (1 rows)");
    }

    @Test
    void featuresColumnOfTheWrongType() {
        Dataset<Row> d = data();
        Dataset<Row> strings = d.withColumn("features", d.col("label").cast("string"));
        Exception e = assertThrows(IllegalArgumentException.class, () -> estimator().fit(strings));
        assertTrue(e.getMessage().contains("features") && e.getMessage().contains("string"), e.getMessage());
    }

    @Test
    void negativeWeights() {
        refused(estimator().setWeightCol("w"), data(row(2, 2, 1.0, -3.0)),
                "column 'w': 1 of 9 rows are negative, NaN or infinite, e.g. -3.0");
    }

    @Test
    void modelAppliedToDataOfAnotherWidth() {
        OdeNetClassificationModel m = estimator().fit(data());
        Dataset<Row> wide = spark.createDataFrame(List.of(RowFactory.create(Vectors.dense(1, 2, 3), 0.0, 1.0)), SCHEMA);
        SparkException e = assertThrows(SparkException.class, () -> m.transform(wide).collect());
        assertTrue(rootMessage(e).contains("features vector has size 3 but this model was trained on 2 features"),
                rootMessage(e));
    }

    @Test
    void invalidParams() {
        OdeNetClassifier c = new OdeNetClassifier();
        assertThrows(IllegalArgumentException.class, () -> c.setLayers(0));
        assertThrows(IllegalArgumentException.class, () -> c.setMaxIter(-1));
        assertThrows(IllegalArgumentException.class, () -> c.setFinalTime(0));
        assertThrows(IllegalArgumentException.class, () -> c.setFinalTime(-1));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> c.setTableau("rk45"));
        assertTrue(unknown.getMessage().contains("unknown tableau 'rk45'"));
        IllegalArgumentException implicit = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau(
                "backward_euler", new double[][] {{1}}, new double[] {1}, new double[] {1}));
        assertTrue(implicit.getMessage().contains("is not explicit: a[0][0] = 1.0"), implicit.getMessage());
        c.set(c.tableauCoefficients(), new double[][] {{0.5}, {1}, {0.5}});
        IllegalArgumentException viaParams = assertThrows(IllegalArgumentException.class, () -> c.fit(data()));
        assertTrue(viaParams.getMessage().contains("not explicit"), viaParams.getMessage());
    }

    @Test
    void truncatedSavedModel(@TempDir Path tmp) throws IOException {
        String path = tmp.resolve("m").toString();
        estimator().fit(data()).write().save(path);
        PersistenceAndPipelineTest.deleteRecursively(tmp.resolve("m/data"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OdeNetClassificationModel.load(path));
        assertTrue(e.getMessage().contains("is incomplete: its data/ directory is missing"), e.getMessage());
    }

    @Test
    void savedModelOfAnotherClass(@TempDir Path tmp) throws IOException {
        String path = tmp.resolve("lr").toString();
        new LogisticRegression().setMaxIter(1).fit(data()).write().save(path);
        Exception e = assertThrows(Exception.class, () -> OdeNetClassificationModel.load(path));
        assertTrue(e.getMessage().contains("Expected class name org.odenet.ml.OdeNetClassificationModel but found class "
                + "name org.apache.spark.ml.classification.LogisticRegressionModel"), e.getMessage());
    }

    @Test
    void corruptCheckpoint(@TempDir Path tmp) throws IOException {
        OdeNetClassifier c = estimator().setCheckpointDir(tmp.toUri().toString()).setCheckpointInterval(1);
        c.fit(data());
        Path newest;
        try (var s = Files.list(tmp)) {
            newest = s.filter(p -> p.getFileName().toString().equals("checkpoint-3.odenet")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(newest);
        b[20] ^= 1;
        Files.write(newest, b);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.setMaxIter(5).fit(data()));
        assertTrue(e.getMessage().contains("checkpoint-3.odenet is corrupt"), e.getMessage());
    }

    @Test
    void divergenceForcedByAHugeFirstStep() {
        OdeNetClassifier huge = estimator().setInitialLipschitz(1e-30).setMaxLineSearchTries(5);
        OdeNetClassificationModel stopped = huge.fit(data());
        assertEquals(StopReason.LINE_SEARCH_EXHAUSTED, stopped.summary().stopReason(), "documented: ends with the last good controls");
        assertEquals(0, stopped.summary().totalIterations());
        OdeNetClassificationModel recovered = huge.setMaxLineSearchTries(200).fit(data());
        assertEquals(3, recovered.summary().totalIterations(), "with room to back off it trains");
        assertTrue(recovered.summary().history().get(1).tries() > 5);
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null) {
            r = r.getCause();
        }
        return r.getMessage();
    }
}
