package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.BacktrackingGradientDescent;
import org.odenet.optim.IterationMetrics;
import org.odenet.optim.LineSearchParameters;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.optim.NetworkProjections;
import org.odenet.optim.StopReason;
import org.odenet.training.Engine;
import org.odenet.training.LocalObjective;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingResult;

/** Training on Spark reproduces the local loop, whatever the partitioning and aggregation depth. */
class DistributedTrainingTest {
    private static final Logger LOG = LogManager.getLogger(DistributedTrainingTest.class);
    private static SparkSession spark;
    private static final LabeledSamples DATA = ToyDataSet.DONUT2D.generate(300, 7);

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder().shape(shape -> shape.withLayers(6).withTableau(ButcherTableau.KUTTA4)
                .withArchitecture(Architecture.ODENET_SIMPLEX)).run(run -> run.withInitialization(Initialization.PAPER).withSeed(3))
                .engineSettings(e -> e.withBlockSize(32)).run(run -> run.withMaxIter(20).withTol(0).withProgressInterval(1000));
    }

    /** The same training as a plain loop in this thread: blocks of the whole data set in order. */
    private static List<Double> localLossTrajectory(TrainingConfig c) {
        NetworkSpec spec = c.shape().specFor(2, 2);
        LocalObjective objective = new LocalObjective(spec, DATA.toBlocks(c.engineSettings().blockSize()));
        var gd = new BacktrackingGradientDescent<NetworkEvaluation>(objective, NetworkProjections.forSpec(spec),
                c.lineSearch());
        List<Double> losses = new ArrayList<>();
        gd.minimize(gd.start(c.run().initialization().initialize(spec, c.run().seed())), c.run().maxIter(), c.run().tol(), r -> {
            losses.add(r.loss());
            return true;
        });
        return losses;
    }

    @Test
    void lossTrajectoryIsTheSameForEveryPartitioningAndDepthAndTheLocalLoop() {
        TrainingConfig base = config().build();
        List<Double> local = localLossTrajectory(base);
        assertEquals(20, local.size());
        double worst = 0;
        int[][] cases = {{1, 2}, {2, 2}, {4, 2}, {4, 3}, {8, 3}};
        for (int[] c : cases) {
            TrainingConfig config = base.toBuilder().engineSettings(e -> e.withAggregationDepth(c[1])).build();
            TrainingResult r = new OdeNetTrainer(config).fit(SampleFrames.of(spark, DATA, c[0]));
            assertEquals(21, r.history().size(), "the starting point and 20 iterations");
            for (int k = 0; k < 20; k++) {
                double rel = Math.abs(r.history().get(k + 1).loss() - local.get(k)) / local.get(k);
                worst = Math.max(worst, rel);
                assertTrue(rel <= 1e-9, String.format(Locale.ROOT, "partitions %d depth %d iteration %d: %.3e",
                        c[0], c[1], k + 1, rel));
            }
        }
        LOG.info(String.format(Locale.ROOT, "worst relative loss difference, Spark vs local loop, 20 iterations: %.3e", worst));
        assertTrue(local.get(19) < local.get(0), "the run makes progress");
    }

    @Test
    void driverEngineGivesTheSameTrajectoryAsTheSparkEngine() {
        Dataset<Row> df = SampleFrames.of(spark, DATA, 3);
        Dataset<Row> test = SampleFrames.of(spark, ToyDataSet.DONUT2D.generate(100, 9), 2);
        TrainingConfig c = config().run(run -> run.withValidationInterval(4)).build();
        TrainingResult sparkRun = new OdeNetTrainer(c.toBuilder().engineSettings(e -> e.withEngine(Engine.SPARK)).build()).fit(df, test, null);
        TrainingResult driverRun = new OdeNetTrainer(c.toBuilder().engineSettings(e -> e.withEngine(Engine.DRIVER).withDriverThreads(2)).build())
                .fit(df, test, null);
        TrainingResult auto = new OdeNetTrainer(c.toBuilder().engineSettings(e -> e.withEngine(Engine.AUTO).withDriverThreads(3)).build())
                .fit(df, test, null);
        TrainingResult autoSpark = new OdeNetTrainer(c.toBuilder().engineSettings(e -> e.withEngine(Engine.AUTO).withDriverEngineMaxBytes(100))
                .run(run -> run.withMaxIter(1)).build()).fit(df);
        assertEquals("spark", sparkRun.engine());
        assertEquals("driver", driverRun.engine());
        assertEquals("driver", auto.engine());
        assertEquals("spark", autoSpark.engine(), "data above the threshold stays on Spark");
        double worst = 0;
        for (int k = 0; k <= 20; k++) {
            IterationMetrics s = sparkRun.history().get(k);
            for (TrainingResult r : List.of(driverRun, auto)) {
                IterationMetrics d = r.history().get(k);
                worst = Math.max(worst, Math.abs(d.loss() - s.loss()) / s.loss());
                assertEquals(s.loss(), d.loss(), 1e-9 * s.loss(), "iteration " + k);
                assertEquals(s.hasValidation(), d.hasValidation());
                if (s.hasValidation()) {
                    assertEquals(s.validationLoss(), d.validationLoss(), 1e-9 * s.validationLoss());
                }
            }
        }
        LOG.info(String.format(Locale.ROOT, "worst relative loss difference, driver vs Spark engine: %.3e", worst));
        assertTrue(!SparkTestSession.odenetBlocksPersisted(), "blocks unpersisted");
    }

    @Test
    void sameSeedGivesTheSameModelBitForBit() {
        TrainingConfig c = config().run(run -> run.withMaxIter(8)).build();
        Dataset<Row> df = SampleFrames.of(spark, DATA, 5);
        TrainingResult a = new OdeNetTrainer(c).fit(df);
        TrainingResult b = new OdeNetTrainer(c).fit(df);
        assertArrayEquals(a.theta(), b.theta(), 0.0);
        TrainingResult other = new OdeNetTrainer(c.toBuilder().run(run -> run.withSeed(4)).build()).fit(df);
        assertTrue(Math.abs(other.finalLoss() - a.finalLoss()) > 1e-12, "another seed, another model");
    }

    @Test
    void weightsActLikeRepeatedRows() {
        // weight 2 on every row of label 1 equals duplicating those rows
        Dataset<Row> df = SampleFrames.of(spark, DATA, 3);
        Dataset<Row> weighted = df.withColumn("w", functions.when(functions.col("label").equalTo(1), 2.0).otherwise(1.0));
        Dataset<Row> duplicated = df.union(df.filter("label = 1"));
        TrainingConfig c = config().run(run -> run.withMaxIter(5)).build();
        TrainingResult w = new OdeNetTrainer(c.toBuilder().weightCol("w").build()).fit(weighted);
        TrainingResult d = new OdeNetTrainer(c).fit(duplicated);
        for (int k = 0; k <= 5; k++) {
            assertEquals(d.history().get(k).loss(), w.history().get(k).loss(), 1e-9 * d.history().get(k).loss());
        }
    }

    @Test
    void validationMetricsEveryKIterationsAndAtTheEnd() {
        Dataset<Row> train = SampleFrames.of(spark, DATA, 2);
        Dataset<Row> test = SampleFrames.of(spark, ToyDataSet.DONUT2D.generate(200, ToyDataSet.testSeed(7)), 2);
        TrainingResult r = new OdeNetTrainer(config().run(run -> run.withMaxIter(7).withValidationInterval(3)).build()).fit(train, test, null);
        List<IterationMetrics> h = r.history();
        for (IterationMetrics m : h) {
            boolean expected = m.iteration() % 3 == 0 || m.iteration() == 7;
            assertEquals(expected, m.hasValidation(), "iteration " + m.iteration());
            assertTrue(m.accuracy() > 0 && m.accuracy() <= 1 && m.lipschitz() > 0);
            assertTrue(m.iteration() == 0 ? m.tries() == 0 : m.tries() >= 1);
        }
        assertEquals(8, h.size());
        assertEquals(4, r.validationPasses(), "iterations 0, 3, 6 and the last");
        assertTrue(h.get(7).validationAccuracy() > 0.4);
    }

    @Test
    void everyJobIsNamedAndAnAcceptedIterationCostsAboutOnePass() throws Exception {
        List<String> descriptions = Collections.synchronizedList(new ArrayList<>());
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                descriptions.add(String.valueOf(jobStart.properties().getProperty("spark.job.description")));
            }
        };
        spark.sparkContext().addSparkListener(listener);
        TrainingResult r;
        try {
            r = new OdeNetTrainer(config().run(run -> run.withMaxIter(10)).build()).fit(SampleFrames.of(spark, DATA, 2));
        } finally {
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(listener);
        }
        assertTrue(descriptions.contains("odenet: iteration 3, trial 1"), descriptions.toString());
        for (String d : descriptions) {
            assertTrue(d.startsWith("odenet: "), "unnamed job: " + d);
        }
        int trials = r.history().stream().mapToInt(IterationMetrics::tries).sum();
        assertEquals(1 + trials + 1, r.passes(), "one pass for the start, one per trial, one for the state norms");
        LOG.info(String.format(Locale.ROOT, "Spark jobs per accepted iteration (training passes / iterations): %.2f",
                (double) r.passes() / r.iterations()));
        assertTrue(!SparkTestSession.odenetBlocksPersisted(), "blocks unpersisted");
    }

    @Test
    void aHugeFirstStepIsRejectedAndExhaustionKeepsTheStartingPoint() {
        TrainingConfig c = config().run(run -> run.withMaxIter(5).withInitialization(Initialization.SCALED))
                .lineSearch(new LineSearchParameters(1e-12, 1.5, 0.99, 3)).build();
        TrainingResult r = new OdeNetTrainer(c).fit(SampleFrames.of(spark, DATA, 2));
        assertEquals(StopReason.LINE_SEARCH_EXHAUSTED, r.stopReason());
        assertEquals(0, r.iterations());
        NetworkSpec spec = r.spec();
        double[] start = Initialization.SCALED.initialize(spec, c.run().seed());
        org.odenet.optim.SimplexProjection.project(start, spec.layout().stepsOffset(), spec.layers(), 1.0);
        assertArrayEquals(start, r.theta(), 0.0);
        assertTrue(r.stopMessage().contains("exhausted after 3 trials"), r.stopMessage());
        // with room to back off the same start trains normally
        TrainingResult ok = new OdeNetTrainer(c.toBuilder().lineSearch(new LineSearchParameters(1e-12, 1.5, 0.99, 200))
                .build()).fit(SampleFrames.of(spark, DATA, 2));
        assertEquals(5, ok.iterations());
        assertTrue(ok.history().get(1).tries() > 10, "the first iteration backed off " + ok.history().get(1).tries());
    }

    @Test
    void sparseVectorsGiveTheSameResultAsDense() {
        Dataset<Row> dense = SampleFrames.of(spark, DATA, 2);
        Dataset<Row> sparse = dense.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) row ->
                org.apache.spark.sql.RowFactory.create(((org.apache.spark.ml.linalg.Vector) row.get(0)).toSparse(),
                        row.getDouble(1)), org.apache.spark.sql.Encoders.row(SampleFrames.schema()));
        TrainingConfig c = config().run(run -> run.withMaxIter(3)).build();
        assertArrayEquals(new OdeNetTrainer(c).fit(dense).theta(), new OdeNetTrainer(c).fit(sparse).theta(), 0.0);
    }
}
