package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.Initialization;
import org.odenet.optim.IterationMetrics;
import org.odenet.optim.StopReason;
import org.odenet.training.EarlyStopping;
import org.odenet.training.Engine;
import org.odenet.training.Regularization;
import org.odenet.training.Solver;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingFailedException;
import org.odenet.training.TrainingResult;

/** solver = lbfgs through the trainer: determinism, speed, history, early stopping, checkpoints, refusals. */
class LbfgsTrainingTest {
    private static final Logger LOG = LogManager.getLogger(LbfgsTrainingTest.class);
    private static SparkSession spark;
    private static final LabeledSamples DATA = ToyDataSet.DONUT2D.generate(200, 7);

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder().shape(s -> s.withLayers(5).withArchitecture(Architecture.RESNET))
                .engineSettings(e -> e.withBlockSize(32))
                .run(r -> r.withInitialization(Initialization.PAPER).withSeed(3).withMaxIter(15).withTol(0)
                        .withProgressInterval(1000).withSolver(Solver.LBFGS));
    }

    @Test
    void sameSeedGivesTheSameModelBitForBitAndEveryPartitioningAndEngineAgrees() {
        TrainingConfig c = config().build();
        TrainingResult reference = new OdeNetTrainer(c.toBuilder().engineSettings(e -> e.withEngine(Engine.SPARK)).build())
                .fit(SampleFrames.of(spark, DATA, 2));
        assertEquals(15, reference.iterations(), reference.stopMessage());
        TrainingResult again = new OdeNetTrainer(c.toBuilder().engineSettings(e -> e.withEngine(Engine.SPARK)).build())
                .fit(SampleFrames.of(spark, DATA, 2));
        assertArrayEquals(reference.theta(), again.theta(), 0.0, "same seed, same model");
        double worst = 0;
        for (int partitions : new int[] {1, 3, 4}) {
            for (Engine engine : List.of(Engine.SPARK, Engine.DRIVER)) {
                TrainingResult r = new OdeNetTrainer(c.toBuilder().engineSettings(e -> e.withEngine(engine)).build())
                        .fit(SampleFrames.of(spark, DATA, partitions));
                for (int i = 0; i < r.theta().length; i++) {
                    worst = Math.max(worst, Math.abs(r.theta()[i] - reference.theta()[i]));
                }
            }
        }
        // Other partitionings sum over other blocks: each pass agrees to ~1e-16 (double-double merging), which
        // L-BFGS's curvature pairs carry on; after 15 iterations the models still agree to far below any effect.
        LOG.info(String.format(Locale.ROOT, "lbfgs: largest |θ difference| over partitionings and engines: %.3e", worst));
        assertTrue(worst < 1e-8, "partitionings and engines agree: " + worst);
        TrainingResult other = new OdeNetTrainer(c.toBuilder().run(r -> r.withSeed(4)).build()).fit(SampleFrames.of(spark, DATA, 2));
        assertTrue(Math.abs(other.finalLoss() - reference.finalLoss()) > 1e-12, "another seed, another model");
    }

    @Test
    void lbfgsReachesALowerLossThanGradientDescentWithTheSamePasses() {
        Dataset<Row> df = SampleFrames.of(spark, DATA, 2);
        TrainingConfig.Builder b = config().engineSettings(e -> e.withEngine(Engine.DRIVER));
        TrainingResult lbfgs = new OdeNetTrainer(b.run(r -> r.withMaxIter(40)).build()).fit(df);
        TrainingResult gd = new OdeNetTrainer(b.run(r -> r.withSolver(Solver.GD).withMaxIter(1000)).build()).fit(df);
        long gdPassesAtLbfgsBudget = 1;
        double gdLossAtBudget = gd.history().get(0).loss();
        for (IterationMetrics m : gd.history().subList(1, gd.history().size())) {
            if (gdPassesAtLbfgsBudget + m.tries() > lbfgs.passes()) {
                break;
            }
            gdPassesAtLbfgsBudget += m.tries();
            gdLossAtBudget = m.loss();
        }
        LOG.info(String.format(Locale.ROOT, "lbfgs %d iterations, %d passes: loss %.4e; gd with as many passes: %.4e;"
                        + " gd %d iterations (%d passes): %.4e", lbfgs.iterations(), lbfgs.passes(), lbfgs.finalLoss(),
                gdLossAtBudget, gd.iterations(), gd.passes(), gd.finalLoss()));
        assertTrue(lbfgs.finalLoss() < gdLossAtBudget, lbfgs.finalLoss() + " vs " + gdLossAtBudget);
    }

    @Test
    void historyRowsCountPassesAsTriesAndHaveNoLipschitzEstimate() {
        TrainingResult r = new OdeNetTrainer(config().build()).fit(SampleFrames.of(spark, DATA, 2));
        List<IterationMetrics> h = r.history();
        assertEquals(16, h.size());
        long tries = 0;
        for (IterationMetrics m : h) {
            assertTrue(Double.isNaN(m.lipschitz()), "row " + m.iteration());
            assertTrue(m.iteration() == 0 ? m.tries() == 0 : m.tries() >= 1);
            assertTrue(m.iteration() == 0 || m.stepNorm() > 0);
            tries += m.tries();
        }
        for (int k = 1; k < h.size(); k++) {
            assertTrue(h.get(k).loss() <= h.get(k - 1).loss(), "iteration " + k);
        }
        assertEquals(1 + tries + 1, r.passes(), "one pass for the start, one per evaluation, one for the state norms");
        LOG.info(String.format(Locale.ROOT, "lbfgs: Spark passes per iteration %.2f", (double) tries / r.iterations()));
    }

    @Test
    void earlyStoppingReturnsTheBestControls() {
        LabeledSamples clean = ToyDataSet.SPIRAL.generate(24, 3);
        int[] labels = clean.labels().clone();
        for (int i = 0; i < labels.length; i += 4) {
            labels[i] = 1 - labels[i];
        }
        Dataset<Row> train = SampleFrames.of(spark, new LabeledSamples(clean.features(), clean.values(), labels), 2);
        Dataset<Row> validation = SampleFrames.of(spark, ToyDataSet.SPIRAL.generate(300, 4), 2);
        EarlyStopping rule = new EarlyStopping(0.001, 5);
        TrainingConfig.Builder b = TrainingConfig.builder()
                .shape(s -> s.withLayers(5).withArchitecture(Architecture.RESNET).withStateWidth(8))
                .run(r -> r.withMaxIter(300).withTol(0).withProgressInterval(10_000).withSolver(Solver.LBFGS));
        TrainingResult r = new OdeNetTrainer(b.run(run -> run.withEarlyStopping(rule)).build()).fit(train, validation, null);
        assertEquals(StopReason.VALIDATION_STOPPED, r.stopReason(), r.stopMessage());
        int best = r.bestIteration();
        assertEquals(best + rule.validationPatience(), r.iterations());
        assertEquals(r.history().get(best).validationLoss(), r.bestValidationLoss(), 0.0);
        TrainingResult upToBest = new OdeNetTrainer(b.run(run -> run.withEarlyStopping(EarlyStopping.DEFAULT)
                .withMaxIter(best)).build()).fit(train, validation, null);
        assertArrayEquals(upToBest.theta(), r.theta(), 0.0, "the controls of the best iteration, bit for bit");
    }

    @Test
    void aKilledRunResumesFromItsCheckpointWithTheQuasiNewtonMemoryAndRepeatsTheUninterruptedRun(@TempDir Path tmp) {
        Dataset<Row> df = SampleFrames.of(spark, DATA, 3);
        TrainingConfig.Builder b = config().run(r -> r.withMaxIter(20).withCheckpointInterval(4));
        TrainingResult straight = new OdeNetTrainer(b.run(r -> r.withCheckpointDir(tmp.resolve("a").toUri().toString()))
                .build()).fit(df);
        TrainingConfig c = b.run(r -> r.withCheckpointDir(tmp.resolve("b").toUri().toString())).build();
        TrainingFailedException e = assertThrows(TrainingFailedException.class, () -> new OdeNetTrainer(c).fit(df, null,
                (IterationMetrics m) -> {
                    if (m.iteration() == 13) {
                        throw new IllegalStateException("simulated driver failure");
                    }
                }));
        assertTrue(e.getMessage().contains("last accepted iteration 13; that state is checkpointed"), e.getMessage());
        TrainingResult resumed = new OdeNetTrainer(c).fit(df);
        assertEquals(13, resumed.resumedFrom());
        assertEquals(20, resumed.iterations());
        assertArrayEquals(straight.theta(), resumed.theta(), 0.0, "memory restored: bit for bit");
        assertEquals(straight.history().get(20).loss(), resumed.history().get(20).loss(), 0.0);

        // a gd run does not resume the lbfgs checkpoint, nor an lbfgs run a gd one
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(c.toBuilder().run(r -> r.withSolver(Solver.GD).withMaxIter(30)).build()).fit(df));
        assertTrue(wrong.getMessage().contains("solver is lbfgs in the checkpoint but not set in this run"),
                wrong.getMessage());
        TrainingConfig gd = b.run(r -> r.withSolver(Solver.GD).withMaxIter(4)
                .withCheckpointDir(tmp.resolve("gd").toUri().toString())).build();
        new OdeNetTrainer(gd).fit(df);
        IllegalStateException wrong2 = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(gd.toBuilder().run(r -> r.withSolver(Solver.LBFGS).withMaxIter(8)).build()).fit(df));
        assertTrue(wrong2.getMessage().contains("solver is null in the checkpoint but lbfgs in this run"),
                wrong2.getMessage());
    }

    @Test
    void simplexWithAnL1PenaltyIsRefusedBeforeAnyWork() {
        TrainingConfig c = config().shape(s -> s.withArchitecture(Architecture.ODENET_SIMPLEX))
                .regularization(new Regularization(0.01, 0.5, 0)).build();
        // a frame without the features column: the refusal comes before the data is even looked at
        Dataset<Row> wrong = spark.range(3).toDF("x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OdeNetTrainer(c).fit(wrong));
        for (String name : List.of("solver = lbfgs", "odenet_simplex", "elasticNetParam = 0.5")) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        // each alone is fine: the simplex (projected quasi-Newton), and L1 on another architecture (OWL-QN)
        Dataset<Row> df = SampleFrames.of(spark, DATA, 2);
        TrainingResult simplex = new OdeNetTrainer(config().shape(s -> s.withArchitecture(Architecture.ODENET_SIMPLEX))
                .run(r -> r.withMaxIter(5)).build()).fit(df);
        assertEquals(5, simplex.iterations(), simplex.stopMessage());
        TrainingResult l1 = new OdeNetTrainer(config().regularization(new Regularization(0.01, 0.5, 0))
                .run(r -> r.withMaxIter(5)).build()).fit(df);
        assertEquals(5, l1.iterations(), l1.stopMessage());
    }
}
