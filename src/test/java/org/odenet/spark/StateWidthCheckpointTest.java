package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.LabeledSamples;
import org.odenet.numerics.Architecture;
import org.odenet.training.Engine;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingResult;

/**
 * Checkpoints and the state width: runs whose state is at least as wide as the input keep the identity they had
 * before stateWidth (key {@code augmentation}), so their old checkpoints resume; a narrower state adds
 * {@code stateWidth} and resumes to the same controls.
 */
class StateWidthCheckpointTest {
    private static Dataset<Row> data;

    @BeforeAll
    static void data() {
        Random r = new Random(4);
        int m = 60;
        double[] x = new double[5 * m];
        int[] labels = new int[m];
        for (int c = 0; c < m; c++) {
            double s = 0;
            for (int f = 0; f < 5; f++) {
                x[c * 5 + f] = r.nextGaussian();
                s += (f + 1) * x[c * 5 + f];
            }
            labels[c] = s > 0 ? 1 : 0;
        }
        data = SampleFrames.of(SparkTestSession.get(), new LabeledSamples(5, x, labels), 2);
    }

    private static TrainingConfig config(Path dir, int stateWidth, int maxIter) {
        return TrainingConfig.builder().shape(s -> s.withLayers(3).withArchitecture(Architecture.ODENET)
                        .withStateWidth(stateWidth))
                .engineSettings(e -> e.withEngine(Engine.DRIVER))
                .run(r -> r.withMaxIter(maxIter).withTol(0).withCheckpointDir(dir.toUri().toString())
                        .withCheckpointInterval(5).withProgressInterval(1000)).build();
    }

    private static Map<String, String> identity(Path dir, int iteration) throws IOException {
        return CheckpointStore.decode(Files.readAllBytes(dir.resolve("checkpoint-" + iteration + ".odenet")), "test")
                .identity();
    }

    @Test
    void fullAndWiderStatesKeepTheIdentityOfBeforeStateWidth(@TempDir Path tmp) throws IOException {
        new OdeNetTrainer(config(tmp.resolve("full"), 0, 5)).fit(data);
        Map<String, String> full = identity(tmp.resolve("full"), 5);
        assertEquals("5", full.get("features"));
        assertEquals("0", full.get("augmentation"));
        assertFalse(full.containsKey("stateWidth"));
        new OdeNetTrainer(config(tmp.resolve("wide"), 7, 5)).fit(data);
        Map<String, String> wide = identity(tmp.resolve("wide"), 5);
        assertEquals("2", wide.get("augmentation"));
        assertFalse(wide.containsKey("stateWidth"));
        assertEquals(full.keySet(), wide.keySet(), "the keys of before: an old checkpoint matches");
    }

    @Test
    void aNarrowStateCheckpointsAndResumesToTheSameControls(@TempDir Path tmp) throws IOException {
        TrainingResult straight = new OdeNetTrainer(config(tmp.resolve("straight"), 3, 10)).fit(data);
        Path dir = tmp.resolve("resumed");
        new OdeNetTrainer(config(dir, 3, 5)).fit(data);
        Map<String, String> id = identity(dir, 5);
        assertEquals("3", id.get("stateWidth"));
        assertFalse(id.containsKey("augmentation"));
        TrainingResult resumed = new OdeNetTrainer(config(dir, 3, 10)).fit(data);
        assertEquals(5, resumed.resumedFrom());
        assertArrayEquals(straight.theta(), resumed.theta(), 0.0, "bit for bit");
        assertTrue(straight.spec().embedsInput());
        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir, 4, 15)).fit(data));
        assertTrue(other.getMessage().contains("stateWidth is 3 in the checkpoint but 4 in this run"), other.getMessage());
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir, 0, 15)).fit(data));
        assertTrue(full.getMessage().contains("augmentation is null in the checkpoint but 0 in this run"),
                full.getMessage());
    }
}
