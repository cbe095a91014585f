package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.SparkTestSession;

/** Input sensitivity, augmentation, memory-lean gradients, pruned inference and stability diagnostics. */
class BeyondThePaperTest {
    private static SparkSession spark;
    private static Dataset<Row> squares;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        squares = SampleFrames.of(spark, ToyDataSet.SQUARES.generate(200, 4), 2).cache();
    }

    private static OdeNetClassifier small() {
        return new OdeNetClassifier().setLayers(6).setArchitecture("odenet_simplex").setTableau("kutta4")
                .setInitialization("paper").setMaxIter(40).setTol(0);
    }

    @Test
    void sensitivityIsTheGradientOfTheLossAndOfTheProbability() {
        OdeNetClassificationModel m = small().fit(squares);
        Vector x = Vectors.dense(0.3, -0.2);
        double label = 1;
        Vector g = m.lossGradient(x, label);
        Vector gp = m.probabilityGradient(x);
        int predicted = (int) m.predict(x);
        for (int i = 0; i < 2; i++) {
            double[] plus = x.toArray().clone();
            double[] minus = x.toArray().clone();
            plus[i] += 1e-6;
            minus[i] -= 1e-6;
            double fd = (loss(m, plus, label) - loss(m, minus, label)) / 2e-6;
            assertEquals(fd, g.apply(i), 1e-7 * Math.max(1, Math.abs(fd)), "d loss / d x" + i);
            double fdp = (m.predictProbability(Vectors.dense(plus)).apply(predicted)
                    - m.predictProbability(Vectors.dense(minus)).apply(predicted)) / 2e-6;
            assertEquals(fdp, gp.apply(i), 1e-7 * Math.max(1, Math.abs(fdp)), "d p / d x" + i);
        }
        List<Row> rows = m.setSensitivityCol("dx").transform(squares).select("features", "label", "dx").limit(5)
                .collectAsList();
        for (Row r : rows) {
            assertArrayEquals(m.lossGradient(r.getAs(0), r.getDouble(1)).toArray(), ((Vector) r.getAs(2)).toArray(), 0.0);
        }
        Dataset<Row> unlabelled = squares.drop("label");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.transform(unlabelled));
        assertTrue(e.getMessage().contains("needs the label column 'label'"), e.getMessage());
        assertEquals(5, m.setSensitivityOf("probability").transform(unlabelled).limit(5).count());
        m.setSensitivityCol("");
    }

    /** The paper's head: ℓ = ½(p₁ − c)². */
    private static double loss(OdeNetClassificationModel m, double[] x, double label) {
        double p = m.predictProbability(Vectors.dense(x)).apply(1);
        return 0.5 * (p - label) * (p - label);
    }

    @Test
    void augmentationChannelsTrainSaveAndLoad(@TempDir Path tmp) throws IOException {
        OdeNetClassificationModel m = small().setStateWidth(4).setTransformedFeaturesCol("flowed").fit(squares);
        assertEquals(2, m.numFeatures());
        assertEquals(4, m.spec().stateWidth());
        Row r = m.transform(squares).first();
        assertEquals(4, ((Vector) r.getAs("flowed")).size(), "y[N] has the augmentation channels");
        String path = tmp.resolve("aug").toString();
        m.write().save(path);
        OdeNetClassificationModel back = OdeNetClassificationModel.load(path);
        assertEquals(m.spec(), back.spec());
        PersistenceAndPipelineTest.assertSamePredictions(m.transform(squares), back.transform(squares));
    }

    @Test
    void memoryLeanTrainingGivesTheSameModel() {
        OdeNetClassificationModel full = small().fit(squares);
        OdeNetClassificationModel lean = small().setRecomputeStride(2).fit(squares);
        assertArrayEquals(full.parameters(), lean.parameters(), 0.0);
    }

    @Test
    void stabilityDiagnosticsAndEffectiveDepthAreInTheSummary() {
        OdeNetClassificationModel m = small().setMaxIter(150).fit(squares);
        OdeNetTrainingSummary s = m.summary();
        double[] growth = s.stateGrowth();
        assertEquals(7, growth.length);
        assertEquals(1.0, growth[0], 1e-15);
        for (double g : growth) {
            assertTrue(g > 0 && Double.isFinite(g));
        }
        double[] spread = s.stepSpread();
        assertEquals(m.numNonZeroSteps(), (int) spread[4]);
        int nonZero = (int) java.util.Arrays.stream(m.timeSteps()).filter(h -> h != 0).count();
        assertEquals(nonZero, m.effectiveDepth(), "effective depth = layers with a non-zero step");
        NetworkEvaluator unpruned = new NetworkEvaluator(m.spec(), 1, new NetworkEvaluator.Options(false, 1));
        for (Row r : squares.limit(20).collectAsList()) {
            Vector x = r.getAs("features");
            double[] z = new double[m.spec().outputs()];
            unpruned.logits(m.parameters(), x.toArray(), 1, z);
            assertEquals(z[0], m.predictRaw(x).apply(1), 0.0, "skipping the zero-step layers changes nothing");
        }
        assertEquals(1.0 / 6, spread[2], 1e-12, "mean of steps that sum to T = 1");
        assertArrayEquals(m.timeSteps(), s.timeSteps(), 0.0);
    }
}
