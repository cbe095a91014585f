package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.optim.IterationMetrics;
import org.odenet.optim.StopReason;
import org.odenet.training.BestValidation;
import org.odenet.training.Checkpoint;
import org.odenet.training.EarlyStopping;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingFailedException;
import org.odenet.training.TrainingResult;

/**
 * Early stopping on a run that overfits: 24 spiral points, a quarter of them with flipped labels, and a
 * ResNet with 6 zero channels (an 8-wide state, 369 controls): its validation loss on 300 clean points falls
 * to a minimum near iteration 85 and then rises while the training loss keeps falling.
 */
class EarlyStoppingTrainingTest {
    private static final EarlyStopping RULE = new EarlyStopping(0.001, 10);
    private static Dataset<Row> train;
    private static Dataset<Row> validation;

    @BeforeAll
    static void data() {
        SparkSession spark = SparkTestSession.get();
        LabeledSamples clean = ToyDataSet.SPIRAL.generate(24, 3);
        int[] labels = clean.labels().clone();
        for (int i = 0; i < labels.length; i += 4) {
            labels[i] = 1 - labels[i];
        }
        train = SampleFrames.of(spark, new LabeledSamples(clean.features(), clean.values(), labels), 2);
        validation = SampleFrames.of(spark, ToyDataSet.SPIRAL.generate(300, 4), 2);
    }

    private static TrainingConfig.Builder config(EarlyStopping rule) {
        return TrainingConfig.builder()
                .shape(s -> s.withLayers(5).withArchitecture(Architecture.RESNET).withStateWidth(8))
                .run(r -> r.withMaxIter(400).withTol(0).withProgressInterval(10_000).withEarlyStopping(rule));
    }

    /** Trains with the builder's settings (a builder is mutable: each {@code run(...)} changes it). */
    private static TrainingResult fit(TrainingConfig.Builder b) {
        return new OdeNetTrainer(b.build()).fit(train, validation, null);
    }

    @Test
    void stopsWhenTheValidationLossStopsImprovingAndReturnsTheBestControls() {
        TrainingResult r = fit(config(RULE));
        int best = r.bestIteration();
        assertEquals(StopReason.VALIDATION_STOPPED, r.stopReason(), r.stopMessage());
        assertTrue(best > 50 && r.iterations() < 400, best + ", " + r.iterations());
        assertEquals(best + RULE.validationPatience(), r.iterations(), "stopped after `patience` passes without improvement");
        assertEquals(r.iterations() + 1, r.history().size(), "the history keeps every row up to the stop");
        List<IterationMetrics> h = r.history();
        assertEquals(h.get(best).validationLoss(), r.bestValidationLoss(), 0.0);
        assertEquals(h.get(best).loss(), r.finalLoss(), 0.0, "the training loss at the returned controls");
        assertTrue(h.get(r.iterations()).loss() < h.get(best).loss(), "the training loss kept falling");
        for (int k = best + 1; k <= r.iterations(); k++) {
            assertFalse(RULE.improves(r.bestValidationLoss(), h.get(k).validationLoss()), "pass " + k);
        }
        for (int k = 1; k <= best; k++) {
            assertTrue(h.get(k).validationLoss() >= r.bestValidationLoss(), "no earlier pass was lower, " + k);
        }
        assertTrue(r.stopMessage().contains("best"), r.stopMessage());

        TrainingResult upToBest = fit(config(EarlyStopping.DEFAULT).run(run -> run.withMaxIter(best)));
        assertArrayEquals(upToBest.theta(), r.theta(), 0.0, "the controls of the best iteration, bit for bit");
        assertEquals(r.bestValidationLoss(), upToBest.history().get(best).validationLoss(), 0.0,
                "whose validation loss is the recorded best");
        assertArrayEquals(upToBest.stateGrowth(), r.stateGrowth(), 0.0, "facts about the returned controls");
    }

    @Test
    void patienceCountsValidationPassesNotIterations() {
        TrainingResult r = fit(config(new EarlyStopping(0.001, 2)).run(run -> run.withValidationInterval(5)));
        assertEquals(StopReason.VALIDATION_STOPPED, r.stopReason(), r.stopMessage());
        assertEquals(0, r.bestIteration() % 5);
        assertEquals(r.bestIteration() + 2 * 5, r.iterations());
    }

    @Test
    void offByDefaultNothingChanges() {
        TrainingConfig.Builder base = config(EarlyStopping.DEFAULT).run(run -> run.withMaxIter(25));
        TrainingResult plain = fit(base);
        TrainingResult off = fit(base.run(run -> run.withEarlyStopping(new EarlyStopping(0.5, 0))));
        for (TrainingResult r : List.of(plain, off)) {
            assertEquals(StopReason.MAX_ITERATIONS, r.stopReason());
            assertEquals(-1, r.bestIteration());
            assertTrue(Double.isNaN(r.bestValidationLoss()));
            assertEquals(r.history().get(25).loss(), r.finalLoss(), 0.0);
        }
        assertArrayEquals(plain.theta(), off.theta(), 0.0);
        assertEquals(plain.history().stream().map(m -> m.loss() + "/" + m.validationLoss()).toList(),
                off.history().stream().map(m -> m.loss() + "/" + m.validationLoss()).toList());
        TrainingResult withoutValidation = new OdeNetTrainer(base.build()).fit(train);
        assertEquals(-1, withoutValidation.bestIteration(), "no validation set, no early stopping");
    }

    @Test
    void patienceWithoutAValidationSetIsAnErrorBeforeAnyWork() {
        OdeNetTrainer trainer = new OdeNetTrainer(config(RULE).build());
        Dataset<Row> noFeatures = train.drop("features");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(noFeatures));
        assertTrue(e.getMessage().contains("validationPatience = 10") && e.getMessage().contains("no validation set"),
                e.getMessage());
    }

    @Test
    void aResumedRunStopsWhereTheUninterruptedOneStops(@TempDir Path tmp) {
        TrainingConfig.Builder checkpointed = config(RULE).run(run -> run.withCheckpointInterval(7));
        TrainingResult straight = fit(checkpointed.run(run -> run.withCheckpointDir(tmp.resolve("straight").toString())));
        assertEquals(StopReason.VALIDATION_STOPPED, straight.stopReason());
        int best = straight.bestIteration();

        String dir = tmp.resolve("resumed").toUri().toString();
        TrainingResult first = fit(checkpointed.run(run -> run.withCheckpointDir(dir).withMaxIter(best + 3)));
        assertEquals(StopReason.MAX_ITERATIONS, first.stopReason());
        assertEquals(best, first.bestIteration(), "the best controls, also when maxIter ends the run");
        assertArrayEquals(straight.theta(), first.theta(), 0.0);
        TrainingResult resumed = fit(checkpointed.run(run -> run.withCheckpointDir(dir).withMaxIter(400)));
        assertEquals(best + 3, resumed.resumedFrom(), "resumed with 3 of 10 passes of patience used");
        assertSame(straight, resumed);

        TrainingResult again = fit(checkpointed.run(run -> run.withCheckpointDir(dir)));
        assertEquals(straight.iterations(), again.resumedFrom());
        assertSame(straight, again);

        String killed = tmp.resolve("killed").toUri().toString();
        TrainingConfig c = checkpointed.run(run -> run.withCheckpointDir(killed)).build();
        assertThrows(TrainingFailedException.class, () -> new OdeNetTrainer(c).fit(train, validation, m -> {
            if (m.iteration() == best + 5) {
                throw new IllegalStateException("simulated driver failure");
            }
        }));
        TrainingResult afterFailure = new OdeNetTrainer(c).fit(train, validation, null);
        assertEquals(best + 5, afterFailure.resumedFrom());
        assertSame(straight, afterFailure);
    }

    private static void assertSame(TrainingResult straight, TrainingResult resumed) {
        assertEquals(StopReason.VALIDATION_STOPPED, resumed.stopReason());
        assertEquals(straight.iterations(), resumed.iterations());
        assertEquals(straight.bestIteration(), resumed.bestIteration());
        assertEquals(straight.bestValidationLoss(), resumed.bestValidationLoss(), 0.0);
        assertArrayEquals(straight.theta(), resumed.theta(), 0.0, "bit for bit");
        assertEquals(straight.history().stream().map(m -> m.loss() + "/" + m.validationLoss()).toList(),
                resumed.history().stream().map(m -> m.loss() + "/" + m.validationLoss()).toList());
    }

    @Test
    void aCheckpointWithoutTheBestControlsCannotResumeEarlyStopping(@TempDir Path tmp) {
        String dir = tmp.toUri().toString();
        fit(config(EarlyStopping.DEFAULT).run(run -> run.withMaxIter(3).withCheckpointDir(dir)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fit(config(RULE).run(run -> run.withCheckpointDir(dir))));
        assertTrue(e.getMessage().contains("early stopping off") && e.getMessage().contains("validationPatience = 10"),
                e.getMessage());
    }

    @Test
    void theEarlyStoppingStateRoundTripsAndOnlyThenChangesTheFormat() {
        var history = List.of(new IterationMetrics(0, 0.5, 0.75, 0.1, 0, 0.0, 0.25, 0.6, 0.7),
                new IterationMetrics(1, 0.4, 0.8, 0.099, 1, 0.2, 2.5, 0.65, 0.7));
        BestValidation best = new BestValidation(new double[] {3, -1}, 0.6, 0, 1);
        Checkpoint c = new Checkpoint(java.util.Map.of("layers", "5"), new double[] {1, -2.5}, 0.099, 1, history, best);
        byte[] bytes = CheckpointStore.encode(c);
        assertEquals(2, java.nio.ByteBuffer.wrap(bytes, 8, 4).getInt(), "format version 2");
        Checkpoint back = CheckpointStore.decode(bytes, "memory");
        assertEquals(best, back.bestValidation());
        assertArrayEquals(c.theta(), back.theta(), 0.0);
        assertEquals(c.history(), back.history());
        Checkpoint without = new Checkpoint(c.identity(), c.theta(), c.lipschitz(), c.iteration(), c.history());
        byte[] plain = CheckpointStore.encode(without);
        assertEquals(1, java.nio.ByteBuffer.wrap(plain, 8, 4).getInt(), "version 1 as before without early stopping");
        assertNull(CheckpointStore.decode(plain, "memory").bestValidation());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 12);
        assertThrows(IllegalStateException.class, () -> CheckpointStore.decode(truncated, "memory"));
    }
}
