package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.BacktrackingGradientDescent;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.optim.NetworkProjections;
import org.odenet.spark.OdeNetTrainer;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.SparkTestSession;
import org.odenet.training.LocalObjective;
import org.odenet.training.Regularization;
import org.odenet.training.RegularizationTerms;
import org.odenet.training.RegularizedObjective;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingResult;

/** regParam, elasticNetParam and smoothnessParam: what they do to a trained network, and as Spark ML params. */
class RegularizationParamsTest {
    private static final LabeledSamples DATA = ToyDataSet.SQUARES.generate(200, 4);
    private static Dataset<Row> squares;

    @BeforeAll
    static void session() {
        squares = SampleFrames.of(SparkTestSession.get(), DATA, 2).cache();
    }

    private static OdeNetClassifier small() {
        return new OdeNetClassifier().setLayers(5).setArchitecture("odenet_simplex").setTableau("improved_euler")
                .setInitialization("paper").setMaxIter(150).setTol(0).setEngine("driver").setDriverThreads(1);
    }

    /** Σ|w|, Σw², Σ‖K_{j+1} − K_j‖², the number of exact zeros among the weights K and W. */
    private static double[] weightStats(OdeNetClassificationModel m) {
        NetworkSpec spec = m.spec();
        RegularizationTerms weights = new RegularizationTerms(Regularization.DEFAULT, spec);
        double[] theta = m.parameters();
        double abs = 0;
        double squares = 0;
        double zeros = 0;
        for (int i = 0; i < theta.length; i++) {
            if (weights.isWeight(i)) {
                abs += Math.abs(theta[i]);
                squares += theta[i] * theta[i];
                zeros += theta[i] == 0 ? 1 : 0;
            }
        }
        double differences = 2 * new RegularizationTerms(new Regularization(0, 0, 1), spec).smoothValue(theta, null);
        return new double[] {abs, squares, differences, zeros};
    }

    @Test
    void eachPenaltyShrinksWhatItPenalises() {
        OdeNetClassificationModel plain = small().fit(squares);
        OdeNetClassificationModel l1 = small().setRegParam(3e-3).setElasticNetParam(1).fit(squares);
        OdeNetClassificationModel l2 = small().setRegParam(1e-3).fit(squares);
        OdeNetClassificationModel smoothK = small().setSmoothnessParam(1e-3).fit(squares);
        double[] none = weightStats(plain);
        double[] lasso = weightStats(l1);
        double[] ridge = weightStats(l2);
        double[] smooth = weightStats(smoothK);
        String all = String.format(Locale.ROOT, "none %s, L1 %s, L2 %s, smooth %s", java.util.Arrays.toString(none),
                java.util.Arrays.toString(lasso), java.util.Arrays.toString(ridge), java.util.Arrays.toString(smooth));
        int weights = 5 * 4 + 2;
        assertEquals(0, none[3], all);
        assertTrue(lasso[3] >= 3 && lasso[3] <= weights - 5, "L1 sets some weights, not all, exactly to 0: " + all);
        assertTrue(lasso[0] < 0.8 * none[0], "L1 lowers ||w||_1: " + all);
        assertTrue(ridge[1] < 0.7 * none[1], "L2 lowers ||w||_2: " + all);
        assertEquals(0, ridge[3], "L2 alone zeroes nothing: " + all);
        assertTrue(smooth[2] < 0.5 * none[2], "smoothness lowers sum ||K[j+1] - K[j]||^2: " + all);
        for (OdeNetClassificationModel m : List.of(plain, l1, l2, smoothK)) {
            double accuracy = last(m.summary().accuracyHistory());
            assertTrue(accuracy >= 0.65, "learns well above chance (0.5) under a mild penalty: " + accuracy + "; " + all);
        }
    }

    private static double last(double[] history) {
        return history[history.length - 1];
    }

    /** The trainer (Spark, driver engine) runs the same proximal iteration as a plain loop, and reports J + R. */
    @Test
    void trainerRunsTheRegularisedObjectiveAndReportsJPlusR() {
        Regularization r = new Regularization(0.02, 0.5, 0.3);
        TrainingConfig config = small().setRegParam(r.regParam()).setElasticNetParam(r.elasticNetParam())
                .setSmoothnessParam(r.smoothnessParam()).setMaxIter(25).setBlockSize(1000).trainingConfig(2);
        assertEquals(r, config.regularization());
        TrainingResult trained = new OdeNetTrainer(config).fit(squares);

        NetworkSpec spec = trained.spec();
        RegularizationTerms terms = new RegularizationTerms(r, spec);
        RegularizedObjective objective = new RegularizedObjective(new LocalObjective(spec, DATA.toBlocks(1000)), terms);
        var gd = new BacktrackingGradientDescent<NetworkEvaluation>(objective, NetworkProjections.forSpec(spec),
                config.lineSearch(), terms.proximalOperator());
        List<Double> losses = new ArrayList<>();
        var local = gd.minimize(gd.start(config.run().initialization().initialize(spec, config.run().seed())), 25, 0,
                rec -> losses.add(rec.loss()));
        assertEquals(26, trained.history().size());
        for (int k = 0; k < 25; k++) {
            double rel = Math.abs(trained.history().get(k + 1).loss() - losses.get(k)) / losses.get(k);
            assertTrue(rel <= 1e-9, "iteration " + (k + 1) + ": " + rel);
        }
        double[] theta = trained.theta();
        double dataLoss = new LocalObjective(spec, DATA.toBlocks(1000)).evaluate(theta).loss();
        double expected = dataLoss + terms.smoothValue(theta, null) + terms.l1Value(theta);
        double reported = trained.history().get(25).loss();
        assertEquals(expected, reported, 1e-12 * expected, "the history's loss is J + R");
        assertTrue(reported > dataLoss * (1 + 1e-6), "R is not negligible here");
        assertArrayEquals(local.state().theta(), theta, 1e-6);
    }

    /** R = 0, however it is spelt, is today's training: the same parameters and history, bit for bit. */
    @Test
    void noRegularisationIsBitForBitTheUnregularisedTraining() {
        OdeNetClassificationModel today = small().fit(squares);
        OdeNetClassificationModel zero = small().setRegParam(0).setElasticNetParam(0.7).setSmoothnessParam(0).fit(squares);
        assertArrayEquals(today.parameters(), zero.parameters(), 0.0);
        assertArrayEquals(today.summary().objectiveHistory(), zero.summary().objectiveHistory(), 0.0);
        assertArrayEquals(today.summary().lipschitzHistory(), zero.summary().lipschitzHistory(), 0.0);
    }

    @Test
    void paramsHaveDefaultsValidateAndSurviveSaveAndLoad(@TempDir Path tmp) {
        OdeNetClassifier c = new OdeNetClassifier();
        assertEquals(Regularization.DEFAULT, c.trainingConfig(-1).regularization());
        assertEquals(0.0, c.getRegParam());
        assertEquals(0.0, c.getElasticNetParam());
        assertEquals(0.0, c.getSmoothnessParam());
        String explained = c.explainParams();
        for (String p : List.of("regParam", "elasticNetParam", "smoothnessParam")) {
            assertTrue(explained.contains(p + ":"), p + " is explained");
        }
        for (Runnable bad : List.<Runnable>of(() -> c.setRegParam(-0.1), () -> c.setElasticNetParam(1.5),
                () -> c.setElasticNetParam(-0.5), () -> c.setSmoothnessParam(-1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::run);
            assertTrue(e.getMessage().matches(".*(regParam|elasticNetParam|smoothnessParam).*"), e.getMessage());
        }

        OdeNetClassifier set = small().setMaxIter(3).setRegParam(0.02).setElasticNetParam(0.25).setSmoothnessParam(0.5);
        String estimatorPath = tmp.resolve("estimator").toString();
        try {
            set.write().save(estimatorPath);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        OdeNetClassifier back = OdeNetClassifier.load(estimatorPath);
        assertEquals(new Regularization(0.02, 0.25, 0.5), back.trainingConfig(2).regularization());

        OdeNetClassificationModel model = set.fit(squares);
        assertEquals(0.02, model.getRegParam());
        assertEquals(0.25, model.getElasticNetParam());
        assertEquals(0.5, model.getSmoothnessParam());
        String modelPath = tmp.resolve("model").toString();
        try {
            model.write().save(modelPath);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        OdeNetClassificationModel loaded = OdeNetClassificationModel.load(modelPath);
        assertEquals(0.02, loaded.getRegParam());
        assertEquals(0.25, loaded.getElasticNetParam());
        assertEquals(0.5, loaded.getSmoothnessParam());
        assertArrayEquals(model.parameters(), loaded.parameters(), 0.0);
        assertArrayEquals(model.summary().objectiveHistory(), loaded.summary().objectiveHistory(), 0.0);
    }
}
