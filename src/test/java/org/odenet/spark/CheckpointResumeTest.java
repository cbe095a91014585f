package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.optim.IterationMetrics;
import org.odenet.optim.StopReason;
import org.odenet.training.Checkpoint;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingFailedException;
import org.odenet.training.TrainingResult;

class CheckpointResumeTest {
    private static SparkSession spark;
    private static Dataset<Row> data;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        data = SampleFrames.of(spark, ToyDataSet.SPIRAL.generate(200, 5), 3);
    }

    private static TrainingConfig.Builder config(Path dir) {
        return TrainingConfig.builder().shape(shape -> shape.withLayers(5).withTableau(ButcherTableau.IMPROVED_EULER)
                .withArchitecture(Architecture.ODENET)).engineSettings(e -> e.withBlockSize(50)).run(run -> run.withTol(0).withCheckpointDir(dir.toUri().toString())
                .withCheckpointInterval(10).withProgressInterval(1000));
    }

    private static List<Path> checkpoints(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+\\.odenet")).sorted().toList();
        }
    }

    @Test
    void resumingAfterTwentyIterationsEndsWhereThirtyStraightEnd(@TempDir Path tmp) throws IOException {
        TrainingResult straight = new OdeNetTrainer(config(tmp.resolve("straight")).run(run -> run.withMaxIter(30)).build()).fit(data);
        Path dir = tmp.resolve("resumed");
        TrainingResult first = new OdeNetTrainer(config(dir).run(run -> run.withMaxIter(20)).build()).fit(data);
        assertEquals(20, first.iterations());
        TrainingResult resumed = new OdeNetTrainer(config(dir).run(run -> run.withMaxIter(30)).build()).fit(data);
        assertEquals(20, resumed.resumedFrom());
        assertEquals(30, resumed.iterations());
        assertEquals(31, resumed.history().size(), "the history continues the checkpointed one");
        assertArrayEquals(straight.theta(), resumed.theta(), 0.0, "bit for bit");
        assertEquals(straight.history().get(30).loss(), resumed.history().get(30).loss(), 0.0);
        assertEquals(List.of("checkpoint-20.odenet", "checkpoint-30.odenet"),
                checkpoints(dir).stream().map(p -> p.getFileName().toString()).toList(), "newest two kept");
    }

    @Test
    void anInterruptedRunCheckpointsItsLastStateAndResumesExactly(@TempDir Path tmp) {
        TrainingResult straight = new OdeNetTrainer(config(tmp.resolve("straight")).run(run -> run.withMaxIter(30)).build()).fit(data);
        Path dir = tmp.resolve("killed");
        TrainingConfig c = config(dir).run(run -> run.withMaxIter(30)).build();
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> new OdeNetTrainer(c).fit(data, null,
                (IterationMetrics m) -> {
                    if (m.iteration() == 25) {
                        throw new IllegalStateException("simulated driver failure");
                    }
                }));
        assertTrue(e.getMessage().contains("last accepted iteration 25; that state is checkpointed"), e.getMessage());
        assertEquals(25, e.partialResult().iterations());
        assertEquals(StopReason.FAILED, e.partialResult().stopReason());
        TrainingResult resumed = new OdeNetTrainer(c).fit(data);
        assertEquals(25, resumed.resumedFrom());
        assertArrayEquals(straight.theta(), resumed.theta(), 1e-12);
        assertTrue(!SparkTestSession.odenetBlocksPersisted(), "blocks unpersisted after the failure too");
    }

    @Test
    void aSimplexNetworkResumesBitForBit(@TempDir Path tmp) {
        TrainingConfig.Builder simplex = config(tmp.resolve("s1")).shape(shape -> shape.withArchitecture(Architecture.ODENET_SIMPLEX)
                .withTableau(ButcherTableau.KUTTA4)).run(run -> run.withCheckpointInterval(7));
        TrainingResult straight = new OdeNetTrainer(simplex.run(run -> run.withMaxIter(40)).build()).fit(data);
        Path dir = tmp.resolve("s2");
        new OdeNetTrainer(simplex.run(run -> run.withCheckpointDir(dir.toUri().toString()).withMaxIter(21)).build()).fit(data);
        TrainingResult resumed = new OdeNetTrainer(simplex.run(run -> run.withCheckpointDir(dir.toUri().toString()).withMaxIter(40)).build())
                .fit(data);
        assertEquals(21, resumed.resumedFrom());
        assertArrayEquals(straight.theta(), resumed.theta(), 0.0, "resuming does not re-project the steps");
    }

    @Test
    void aCorruptCheckpointIsAnErrorNotASilentRestart(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("corrupt");
        new OdeNetTrainer(config(dir).run(run -> run.withMaxIter(10)).build()).fit(data);
        Path file = checkpoints(dir).get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir).run(run -> run.withMaxIter(20)).build()).fit(data));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("checkpoint-10.odenet"), e.getMessage());
        Files.deleteIfExists(file.resolveSibling(".checkpoint-10.odenet.crc"));
        Files.write(file, java.util.Arrays.copyOf(bytes, 40));
        IllegalStateException truncated = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir).run(run -> run.withMaxIter(20)).build()).fit(data));
        assertTrue(truncated.getMessage().contains("is corrupt or truncated (CRC mismatch)"), truncated.getMessage());
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused(@TempDir Path tmp) {
        Path dir = tmp.resolve("other");
        new OdeNetTrainer(config(dir).run(run -> run.withMaxIter(10)).build()).fit(data);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir).run(run -> run.withMaxIter(20)).shape(shape -> shape.withLayers(7)).build()).fit(data));
        assertTrue(e.getMessage().contains("layers is 5 in the checkpoint but 7 in this run"), e.getMessage());
        IllegalStateException d = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir).run(run -> run.withMaxIter(20)).build()).fit(data.limit(150)));
        assertTrue(d.getMessage().contains("numSamples is 200 in the checkpoint but 150"), d.getMessage());
    }

    @Test
    void encodingRoundTrips() {
        var history = List.of(new IterationMetrics(1, 0.5, 0.75, 0.1, 2, 0.3, 1.5, Double.NaN, Double.NaN),
                new IterationMetrics(2, 0.4, 0.8, 0.099, 1, 0.2, 2.5, 0.45, 0.7));
        Checkpoint c = new Checkpoint(java.util.Map.of("layers", "5"), new double[] {1, -2.5, Math.PI}, 0.099, 2, history);
        Checkpoint back = CheckpointStore.decode(CheckpointStore.encode(c), "memory");
        assertArrayEquals(c.theta(), back.theta(), 0.0);
        assertEquals(c.history(), back.history());
        assertEquals(c.identity(), back.identity());
        assertEquals(0.099, back.lipschitz());
    }

    /** Bytes written by the build before the history codec: still read, and written again the same. */
    private static final String PREVIOUS_VERSION_CHECKPOINT = "T0RFTkVUQ0sAAAABAAAAGXsibGF5ZXJzIjoiNSIsInNlZWQiOiI3In0AAAADP"
            + "/AAAAAAAADABAAAAAAAAEAJIftURC0YP7lYEGJN0vIAAAABAAAAAgAAAAA/4AAAAAAAAD/oAAAAAAAAP7mZmZmZmZoAAAAAAAAAAAAAAAA/0AA"
            + "AAAAAAH/4AAAAAAAAf/gAAAAAAAAAAAABP9mZmZmZmZo/6ZmZmZmZmj+5WBBiTdLyAAAAAz/JmZmZmZmaQAQAAAAAAAA/3MzMzMzMzT/mZmZmZmZ"
            + "mAAAAAObGKUQ=";

    @Test
    void aCheckpointOfThePreviousVersionStillLoads() {
        byte[] saved = java.util.Base64.getDecoder().decode(PREVIOUS_VERSION_CHECKPOINT);
        Checkpoint c = CheckpointStore.decode(saved, "memory");
        assertEquals(List.of(new IterationMetrics(0, 0.5, 0.75, 0.1, 0, 0.0, 0.25, Double.NaN, Double.NaN),
                new IterationMetrics(1, 0.4, 0.8, 0.099, 3, 0.2, 2.5, 0.45, 0.7)), c.history());
        assertEquals(java.util.Map.of("layers", "5", "seed", "7"), c.identity());
        assertArrayEquals(new double[] {1, -2.5, Math.PI}, c.theta(), 0.0);
        assertEquals(1, c.iteration());
        assertArrayEquals(saved, CheckpointStore.encode(c));
    }
}
