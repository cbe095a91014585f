package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.numerics.Architecture;
import org.odenet.training.Checkpoint;
import org.odenet.training.DataFingerprint;
import org.odenet.training.Engine;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingResult;

/**
 * A checkpoint identifies its data by the rows' fingerprint: other data of the same size is refused, the same rows
 * in another order or partitioning resume, and a checkpoint written before fingerprints still resumes. A run may
 * not resume a checkpoint beyond its maxIter.
 */
class CheckpointIdentityTest {
    private static final int ROWS = 60;
    private static final int FEATURES = 4;
    private static SparkSession spark;
    private static double[][] x;
    private static double[] labels;
    private static double[] weights;

    @BeforeAll
    static void data() {
        spark = SparkTestSession.get();
        Random r = new Random(13);
        x = new double[ROWS][FEATURES];
        labels = new double[ROWS];
        weights = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double s = 0;
            for (int f = 0; f < FEATURES; f++) {
                x[i][f] = r.nextGaussian();
                s += (f + 1) * x[i][f];
            }
            labels[i] = s > 0 ? 1 : 0;
            weights[i] = 0.1 + r.nextDouble();
        }
    }

    /** The rows in {@code order} with the given labels and weights, in {@code partitions} partitions. */
    private static Dataset<Row> frame(int[] order, double[] rowLabels, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i : order) {
            rows.add(RowFactory.create(Vectors.dense(x[i]), rowLabels[i], weights[i]));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("features", SQLDataTypes.VectorType(), false, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
            new StructField("weight", DataTypes.DoubleType, false, Metadata.empty())});
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions),
                schema);
    }

    private static int[] straightOrder() {
        int[] order = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            order[i] = i;
        }
        return order;
    }

    private static int[] reversedOrder() {
        int[] order = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            order[i] = ROWS - 1 - i;
        }
        return order;
    }

    private static double[] flippedLabels() {
        double[] flipped = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            flipped[i] = 1 - labels[i];
        }
        return flipped;
    }

    private static String fingerprint(double[] rowLabels) {
        DataFingerprint f = new DataFingerprint();
        for (int i = ROWS - 1; i >= 0; i--) {
            f.addDense(x[i], rowLabels[i], weights[i]);
        }
        return f.hex();
    }

    private static TrainingConfig config(Path dir, int maxIter) {
        return TrainingConfig.builder().weightCol("weight")
                .shape(s -> s.withLayers(3).withArchitecture(Architecture.RESNET))
                .engineSettings(e -> e.withEngine(Engine.DRIVER).withBlockSize(16))
                .run(r -> r.withMaxIter(maxIter).withTol(0).withCheckpointDir(dir.toUri().toString())
                        .withCheckpointInterval(5).withProgressInterval(1000)).build();
    }

    private static Path checkpointFile(Path dir, int iteration) {
        return dir.resolve("checkpoint-" + iteration + ".odenet");
    }

    @Test
    void theCheckpointHoldsTheFingerprintOfItsRows(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("c");
        new OdeNetTrainer(config(dir, 5)).fit(frame(straightOrder(), labels, 3));
        Map<String, String> id = CheckpointStore.decode(Files.readAllBytes(checkpointFile(dir, 5)), "test").identity();
        assertEquals(fingerprint(labels), id.get("dataFingerprint"));
        assertFalse(id.containsKey("weightSum"), "the weight sum depends on the order of the rows; it is not compared");
        assertEquals("60", id.get("numSamples"));
    }

    @Test
    void sameSizeDataWithOtherLabelsIsRefused(@TempDir Path tmp) {
        Path dir = tmp.resolve("c");
        new OdeNetTrainer(config(dir, 5)).fit(frame(straightOrder(), labels, 3));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir, 10)).fit(frame(straightOrder(), flippedLabels(), 3)));
        String expected = " was written for other data: dataFingerprint is " + fingerprint(labels)
                + " in the checkpoint but " + fingerprint(flippedLabels())
                + " in this run. Use another checkpointDir, or delete this one to start over.";
        assertTrue(e.getMessage().startsWith("checkpoint ") && e.getMessage().endsWith(expected), e.getMessage());
        assertTrue(e.getMessage().contains(checkpointFile(dir, 5).getFileName().toString()), e.getMessage());
    }

    @Test
    void theSameRowsReorderedAndRepartitionedResumeToTheSameTraining(@TempDir Path tmp) {
        TrainingResult straight = new OdeNetTrainer(config(tmp.resolve("straight"), 10))
                .fit(frame(straightOrder(), labels, 3));
        Path dir = tmp.resolve("c");
        new OdeNetTrainer(config(dir, 5)).fit(frame(straightOrder(), labels, 3));
        TrainingResult resumed = new OdeNetTrainer(config(dir, 10)).fit(frame(reversedOrder(), labels, 4));
        assertEquals(5, resumed.resumedFrom());
        assertEquals(10, resumed.iterations());
        // metrics after the resume are those of the current data: the same rows, so the same loss as straight up to
        // the order of the sums
        double expected = straight.history().get(10).loss();
        assertEquals(expected, resumed.history().get(10).loss(), 1e-12 * expected);
    }

    @Test
    void aCheckpointWrittenBeforeFingerprintsResumesOnItsRowCountAndWeightSum(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("c");
        new OdeNetTrainer(config(dir, 5)).fit(frame(straightOrder(), labels, 1));
        Path file = checkpointFile(dir, 5);
        Checkpoint c = CheckpointStore.decode(Files.readAllBytes(file), "test");
        double weightSum = 0;
        for (double w : weights) {
            weightSum += w;
        }
        Map<String, String> old = new HashMap<>(c.identity());
        old.remove("dataFingerprint");
        old.put("weightSum", String.valueOf(weightSum));
        Files.write(file, CheckpointStore.encode(new Checkpoint(old, c.theta(), c.lipschitz(), c.iteration(),
                c.history(), c.bestValidation(), c.solverMemory())));
        Files.deleteIfExists(dir.resolve(".checkpoint-5.odenet.crc"));

        Map<String, String> wrongSum = new HashMap<>(old);
        wrongSum.put("weightSum", "1.5");
        Path other = tmp.resolve("other");
        Files.createDirectories(other);
        Files.write(checkpointFile(other, 5), CheckpointStore.encode(new Checkpoint(wrongSum, c.theta(), c.lipschitz(),
                c.iteration(), c.history(), c.bestValidation(), c.solverMemory())));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(other, 10)).fit(frame(straightOrder(), labels, 1)));
        assertTrue(e.getMessage().contains(" was written for other data: weightSum is 1.5 in the checkpoint but "
                + weightSum + " in this run"), e.getMessage());

        TrainingResult resumed = new OdeNetTrainer(config(dir, 10)).fit(frame(straightOrder(), labels, 1));
        assertEquals(5, resumed.resumedFrom());
        Map<String, String> rewritten = CheckpointStore.decode(Files.readAllBytes(checkpointFile(dir, 10)), "test")
                .identity();
        assertEquals(fingerprint(labels), rewritten.get("dataFingerprint"), "later checkpoints carry the fingerprint");
    }

    @Test
    void aMaxIterBelowTheCheckpointsIterationIsRefused(@TempDir Path tmp) {
        Path dir = tmp.resolve("c");
        new OdeNetTrainer(config(dir, 10)).fit(frame(straightOrder(), labels, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OdeNetTrainer(config(dir, 3)).fit(frame(straightOrder(), labels, 2)));
        assertTrue(e.getMessage().startsWith("maxIter = 3 is below iteration 10 of checkpoint "), e.getMessage());
        assertTrue(e.getMessage().endsWith(
                "checkpoint-10.odenet: raise maxIter, or use another checkpointDir"), e.getMessage());
        TrainingResult same = new OdeNetTrainer(config(dir, 10)).fit(frame(straightOrder(), labels, 2));
        assertEquals(10, same.resumedFrom());
        assertEquals(10, same.iterations(), "maxIter equal to the checkpoint's iteration returns its state");
    }
}
