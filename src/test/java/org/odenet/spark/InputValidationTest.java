package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.odenet.training.TrainingConfig;

/** Every kind of bad training input is refused before training, with a message naming column, rows and value. */
class InputValidationTest {
    private static SparkSession spark;
    private static final StructType SCHEMA = SparkTestSession.NULLABLE_WEIGHTED_SCHEMA;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    private static Row row(Object features, Object label, Object weight) {
        return RowFactory.create(features, label, weight);
    }

    private static Row ok(double x, double label) {
        return row(Vectors.dense(x, -x), label, 1.0);
    }

    private static Dataset<Row> frame(Row... rows) {
        return spark.createDataFrame(Arrays.asList(rows), SCHEMA);
    }

    private static String fail(Dataset<Row> df, TrainingConfig.Builder config) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OdeNetTrainer(config.run(run -> run.withMaxIter(1)).build()).fit(df));
        assertTrue(!SparkTestSession.odenetBlocksPersisted(), "nothing left persisted");
        return e.getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + message + "' lacks '" + p + "'");
        }
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder().shape(shape -> shape.withLayers(2));
    }

    @Test
    void missingColumnsAndWrongTypes() {
        Dataset<Row> df = frame(ok(1, 0), ok(2, 1));
        assertContains(fail(df, config().featuresCol("x")), "column 'x' does not exist", "features, label, w");
        assertContains(fail(df, config().labelCol("y")), "column 'y' does not exist");
        assertContains(fail(df, config().weightCol("weight")), "column 'weight' does not exist");
        Dataset<Row> stringLabel = df.withColumn("label", df.col("label").cast("string"));
        assertContains(fail(stringLabel, config()), "column 'label' must be numeric, but is string");
        Dataset<Row> arrayFeatures = spark.createDataFrame(List.of(RowFactory.create(new double[] {1, 2}, 0.0)),
                new StructType().add("features", DataTypes.createArrayType(DataTypes.DoubleType)).add("label", DataTypes.DoubleType));
        assertContains(fail(arrayFeatures, config()), "column 'features' must be of type vector", "array<double>");
    }

    @Test
    void nullsNonFiniteValuesAndInconsistentSizes() {
        assertContains(fail(frame(ok(1, 0), row(null, 1.0, 1.0), ok(3, 1)), config()),
                "column 'features': 1 of 3 rows are null");
        assertContains(fail(frame(ok(1, 0), row(Vectors.dense(1, 2), null, 1.0)), config()),
                "column 'label': 1 of 2 rows are null");
        assertContains(fail(frame(ok(1, 0), row(Vectors.dense(1, Double.NaN), 1.0, 1.0),
                row(Vectors.dense(Double.POSITIVE_INFINITY, 0), 1.0, 1.0)), config()),
                "column 'features': 2 of 3 rows contain NaN or infinite values");
        assertContains(fail(frame(ok(1, 0), ok(2, 1), row(Vectors.dense(1, 2, 3), 1.0, 1.0)), config()),
                "column 'features': vectors have different sizes, from 2 (2 rows) to 3 (1 rows)");
    }

    @Test
    void badLabels() {
        assertContains(fail(frame(ok(1, 0), ok(2, 0.5), ok(3, 1)), config()),
                "column 'label': 1 of 3 rows are not integers", "0.5");
        assertContains(fail(frame(ok(1, 0), ok(2, -1), ok(3, 1)), config()), "-1.0");
        assertContains(fail(frame(ok(1, 0), ok(2, Double.NaN)), config()), "NaN");
        assertContains(fail(frame(ok(1, 1), ok(2, 1)), config()), "only class 1 is present in 2 rows");
        assertContains(fail(frame(ok(1, 0), ok(2, 2)), config().shape(shape -> shape.withHead(org.odenet.numerics.Head.LOGISTIC_SQUARED_ERROR))),
                "numClasses = 3", "softmax_cross_entropy");
    }

    @Test
    void emptyInputAndBadWeights() {
        assertContains(fail(frame(), config()), "training data is empty");
        assertContains(fail(frame(ok(1, 0), row(Vectors.dense(1, 2), 1.0, -2.0)), config().weightCol("w")),
                "column 'w': 1 of 2 rows are negative, NaN or infinite, e.g. -2.0");
        assertContains(fail(frame(ok(1, 0), row(Vectors.dense(1, 2), 1.0, null)), config().weightCol("w")),
                "column 'w': 1 of 2 rows are null");
        assertContains(fail(frame(row(Vectors.dense(1, 2), 0.0, 0.0), row(Vectors.dense(1, 2), 1.0, 0.0)),
                config().weightCol("w")), "weights sum to 0.0");
    }

    @Test
    void allProblemsAreReportedTogether() {
        String m = fail(frame(ok(1, 0.5), row(Vectors.dense(1, Double.NaN), 1.0, -1.0)), config().weightCol("w"));
        assertContains(m, "column 'features'", "column 'label'", "column 'w'");
    }

    @Test
    void validationDataIsCheckedAgainstTraining() {
        Dataset<Row> train = frame(ok(1, 0), ok(2, 1), ok(-1, 0), ok(-2, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OdeNetTrainer(
                config().run(run -> run.withMaxIter(1)).build()).fit(train, frame(row(Vectors.dense(1, 2, 3), 0.0, 1.0)), null));
        assertContains(e.getMessage(), "validation data", "vectors have 3 features, the model 2");
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> new OdeNetTrainer(
                config().run(run -> run.withMaxIter(1)).build()).fit(train, frame(ok(1, 4)), null));
        assertContains(labels.getMessage(), "label 4 is outside the 2 classes");
    }

    @Test
    void invalidConfiguration() {
        assertContains(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().shape(shape -> shape.withLayers(0)).build())
                .getMessage(), "layers must be >= 1, got 0");
        assertContains(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().run(run -> run.withMaxIter(-1)).build())
                .getMessage(), "maxIter must be >= 0, got -1");
        assertContains(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().shape(shape -> shape.withFinalTime(0)).build())
                .getMessage(), "finalTime must be positive and finite, got 0.0");
        assertContains(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().engineSettings(e -> e.withAggregationDepth(1))
                .build()).getMessage(), "aggregationDepth must be >= 2, got 1");
        assertContains(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().engineSettings(e -> e.withBlockSize(0)).build())
                .getMessage(), "blockSize must be >= 1, got 0");
    }
}
