package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.BlasGemm;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.TestNetworks;
import org.odenet.spark.SparkTestSession;

/** Block inference gives, bit for bit, the rows, columns, metadata and errors of row-by-row scoring. */
class BlockInferenceTest {
    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    /** Rows id, features (every third sparse), label below {@code classes}, a text column; some partitions empty. */
    private static Dataset<Row> frame(int features, int classes, int rows, long seed) {
        Random r = new Random(seed);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] x = new double[features];
            for (int f = 0; f < features; f++) {
                x[f] = r.nextDouble() < 0.3 ? 0 : r.nextGaussian();
            }
            Vector v = i % 3 == 0 ? Vectors.dense(x).toSparse() : Vectors.dense(x);
            list.add(RowFactory.create(i, v, (double) r.nextInt(classes), "row " + i));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
                .add("features", SQLDataTypes.VectorType(), true,
                        new org.apache.spark.ml.attribute.AttributeGroup("features", features).toMetadata()).add("label", DataTypes.DoubleType, false)
                .add("text", DataTypes.StringType, true);
        Dataset<Row> df = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(list, 6), schema);
        // the middle partitions lose every row: empty partitions
        return df.filter(df.col("id").lt(rows / 4).or(df.col("id").gt(3 * rows / 4)));
    }

    /** A model with random controls; {@code stateWidth} 0 for the features' width. */
    private static OdeNetClassificationModel model(int features, int stateWidth, Architecture architecture,
                                                   Head head, int classes, long seed) {
        ButcherTableau tableau = architecture == Architecture.NET ? ButcherTableau.EULER : ButcherTableau.KUTTA3;
        NetworkSpec spec = new NetworkSpec(features, stateWidth, 4, 1.0, tableau, architecture, head, classes);
        double[] theta = TestNetworks.randomTheta(spec, seed);
        double scale = 1.5 / Math.sqrt(spec.stateWidth());
        for (int j = 0; j < spec.layers(); j++) {
            int off = spec.layout().kOffset(j);
            for (int i = off; i < off + spec.stateWidth() * spec.stateWidth(); i++) {
                theta[i] *= scale;
            }
        }
        if (spec.embedsInput()) {
            int off = spec.layout().embeddingOffset();
            for (int i = off; i < off + spec.stateWidth() * features; i++) {
                theta[i] *= 1.5 / Math.sqrt(features);
            }
        }
        return new OdeNetClassificationModel("block-test-" + seed, spec, theta, null);
    }

    private static void assertSameOutput(OdeNetClassificationModel m, Dataset<Row> data) {
        Dataset<Row> blocks = m.transform(data);
        Dataset<Row> rows = m.transformRowByRow(data);
        assertEquals(rows.schema().json(), blocks.schema().json(), "schema with metadata and nullability");
        assertEquals(rows.schema(), blocks.schema());
        List<Row> expected = rows.orderBy("id").collectAsList();
        List<Row> actual = blocks.orderBy("id").collectAsList();
        assertEquals(expected.size(), actual.size());
        assertTrue(expected.size() > 5);
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.get(r).length(); c++) {
                Object e = expected.get(r).get(c);
                Object a = actual.get(r).get(c);
                if (e instanceof Vector ev && a instanceof Vector av) {
                    assertEquals(ev.getClass(), av.getClass());
                    assertArrayEquals(ev.toArray(), av.toArray(), "row " + r + " column " + c); // bit for bit
                } else {
                    assertEquals(e, a, "row " + r + " column " + c);
                }
            }
        }
    }

    @Test
    void binaryNarrowNetworksWithEveryColumn() {
        Dataset<Row> data = frame(2, 2, 41, 1);
        for (Architecture a : Architecture.values()) {
            for (Head head : new Head[] {Head.LOGISTIC_SQUARED_ERROR, Head.LOGISTIC_CROSS_ENTROPY}) {
                OdeNetClassificationModel m = model(2, 0, a, head, 2, 10 + a.ordinal())
                        .setTransformedFeaturesCol("flow").setSensitivityCol("dx").setBlockSize(3);
                assertSameOutput(m, data);
            }
        }
    }

    @Test
    void threeClassWideNetworksWithThresholdsAndAugmentation() {
        Dataset<Row> data = frame(24, 3, 41, 2);
        for (Architecture a : Architecture.values()) {
            OdeNetClassificationModel m = model(24, 27, a, Head.SOFTMAX_CROSS_ENTROPY, 3, 20 + a.ordinal());
            m.setThresholds(new double[] {0.5, 0.2, 0.3});
            assertSameOutput(m.setTransformedFeaturesCol("flow").setSensitivityCol("dx").setSensitivityOf("probability")
                    .setBlockSize(4), data);
            // prediction from the probabilities (no raw column), then from the features alone
            assertSameOutput(m.copy(new org.apache.spark.ml.param.ParamMap()).setRawPredictionCol(""), data);
            OdeNetClassificationModel bare = (OdeNetClassificationModel) m.copy(new org.apache.spark.ml.param.ParamMap())
                    .setRawPredictionCol("").setProbabilityCol("");
            assertSameOutput(bare.setSensitivityCol("dx").setSensitivityOf("loss"), data);
        }
    }

    @Test
    void networksWithAnInputEmbeddingScoreBlocksAsRows() {
        Dataset<Row> data = frame(24, 3, 41, 5);
        // a state of 6 channels (plain loops) and of 20 (the inference kernel), both narrower than the 24 inputs
        for (int width : new int[] {6, 20}) {
            for (Architecture a : Architecture.values()) {
                OdeNetClassificationModel m = model(24, width, a, Head.SOFTMAX_CROSS_ENTROPY, 3, 70 + a.ordinal());
                assertTrue(m.spec().embedsInput());
                assertSameOutput(m.setTransformedFeaturesCol("flow").setSensitivityCol("dx").setSensitivityOf("loss")
                        .setBlockSize(4), data);
                assertSameOutput(m.copy(new org.apache.spark.ml.param.ParamMap()).setSensitivityOf("probability")
                        .setBlockSize(128), data);
            }
        }
        Row first = model(24, 6, Architecture.ODENET, Head.SOFTMAX_CROSS_ENTROPY, 3, 80)
                .setTransformedFeaturesCol("flow").setSensitivityCol("dx").transform(data).first();
        assertEquals(6, ((Vector) first.getAs("flow")).size(), "y[N] has the state's channels");
        assertEquals(24, ((Vector) first.getAs("dx")).size(), "the sensitivity is with respect to the 24 inputs");
    }

    @Test
    void binaryWideNetworkWithAZeroThresholdAndOnlySomeColumns() {
        Dataset<Row> data = frame(20, 2, 41, 3);
        OdeNetClassificationModel m = model(20, 0, Architecture.RESNET, Head.LOGISTIC_CROSS_ENTROPY, 2, 30);
        m.setThresholds(new double[] {0.0, 1.0});
        assertSameOutput(m, data);
        m.setThresholds(new double[] {0.7, 0.3});
        m.setProbabilityCol("");
        assertSameOutput(m, data);
        m.setPredictionCol("").setRawPredictionCol("").setTransformedFeaturesCol("flow");
        assertSameOutput(m, data);
    }

    @Test
    void wideBlocksGiveTodaysSingleSampleBlasResults() {
        Assumptions.assumeFalse(BlasGemm.implementationName().startsWith("JNI"),
                "the block kernel reproduces the pure-Java BLAS, not a native one");
        OdeNetClassificationModel m = model(40, 0, Architecture.RESNET, Head.SOFTMAX_CROSS_ENTROPY, 3, 40);
        NetworkSpec spec = m.spec();
        NetworkEvaluator today = new NetworkEvaluator(spec, 1);
        List<Row> out = m.setBlockSize(16).transform(frame(40, 3, 60, 4)).orderBy("id").collectAsList();
        for (Row row : out) {
            double[] z = new double[3];
            today.logits(m.parameters(), ((Vector) row.getAs("features")).toArray(), 1, z);
            assertArrayEquals(z, ((Vector) row.getAs("rawPrediction")).toArray());
        }
    }

    @Test
    void errorsAreThoseOfRowByRowScoring() {
        OdeNetClassificationModel m = model(2, 0, Architecture.RESNET, Head.LOGISTIC_CROSS_ENTROPY, 2, 50);
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("features", SQLDataTypes.VectorType());
        Dataset<Row> bad = spark.createDataFrame(List.of(RowFactory.create(1, Vectors.dense(1, Double.NaN))), schema);
        Exception e = assertThrows(Exception.class, () -> m.transform(bad).collectAsList());
        assertTrue(String.valueOf(rootCause(e).getMessage()).contains("features vector contains NaN"), e.toString());
        m.setSensitivityCol("dx");
        Dataset<Row> unlabelled = spark.createDataFrame(List.of(RowFactory.create(1, Vectors.dense(1, 2))), schema);
        IllegalArgumentException noLabel = assertThrows(IllegalArgumentException.class, () -> m.transform(unlabelled));
        assertTrue(noLabel.getMessage().contains("needs the label column"));
        m.setSensitivityCol("").setThresholds(new double[] {0.5, 0.5});
        m.set(m.thresholds(), new double[] {1, 1, 1});
        assertThrows(IllegalArgumentException.class, () -> m.transform(unlabelled));
        m.clear(m.thresholds());
        assertThrows(IllegalArgumentException.class, () -> m.transform(unlabelled.withColumnRenamed("id", "prediction")));
    }

    @Test
    void theTaskFunctionCarriesTheBroadcastNotTheModel() throws IOException {
        OdeNetClassificationModel m = model(60, 0, Architecture.RESNET, Head.SOFTMAX_CROSS_ENTROPY, 3, 60);
        ScoringNetwork network = new ScoringNetwork(m.spec(), m.parameters());
        BlockScorer scorer = new BlockScorer(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(network),
                new ScoringColumns("features", 0, "label", -1, true, true, true, false,
                        ScoringColumns.Sensitivity.NONE, null, 128));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(scorer);
        }
        assertTrue(bytes.size() < 8 * m.parameters().length / 10, "the task function takes " + bytes.size()
                + " bytes; θ alone takes " + 8 * m.parameters().length);
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
