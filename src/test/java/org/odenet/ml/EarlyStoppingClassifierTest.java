package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.optim.StopReason;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.SparkTestSession;
import org.odenet.training.EarlyStopping;

/** validationTol and validationPatience: defaults, checks, the best-iteration model, its summary saved and loaded. */
class EarlyStoppingClassifierTest {
    private static Dataset<Row> marked;

    /** 24 noisy spiral points for training (a quarter of the labels flipped), 300 clean ones marked for validation. */
    @BeforeAll
    static void data() {
        SparkSession spark = SparkTestSession.get();
        LabeledSamples clean = ToyDataSet.SPIRAL.generate(24, 3);
        int[] labels = clean.labels().clone();
        for (int i = 0; i < labels.length; i += 4) {
            labels[i] = 1 - labels[i];
        }
        Dataset<Row> train = SampleFrames.of(spark, new LabeledSamples(clean.features(), clean.values(), labels), 2);
        Dataset<Row> validation = SampleFrames.of(spark, ToyDataSet.SPIRAL.generate(300, 4), 2);
        marked = train.withColumn("isVal", functions.lit(false))
                .union(validation.withColumn("isVal", functions.lit(true))).cache();
    }

    private static OdeNetClassifier classifier() {
        return new OdeNetClassifier().setLayers(5).setStateWidth(8).setMaxIter(400).setTol(0)
                .setValidationIndicatorCol("isVal").setProgressInterval(10_000);
    }

    @Test
    void defaultsAreGbtsToleranceAndNoEarlyStopping() {
        OdeNetClassifier c = new OdeNetClassifier();
        assertEquals(EarlyStopping.DEFAULT.validationTol(), c.getValidationTol());
        assertEquals(EarlyStopping.DEFAULT.validationPatience(), c.getValidationPatience());
        assertEquals(EarlyStopping.DEFAULT, c.trainingConfig(-1).run().earlyStopping());
        assertEquals(new EarlyStopping(0.2, 3),
                c.setValidationTol(0.2).setValidationPatience(3).trainingConfig(-1).run().earlyStopping());
        assertTrue(c.explainParams().contains("validationTol:") && c.explainParams().contains("validationPatience:"));
    }

    @Test
    void badValuesAreRefusedNamingTheParam() {
        IllegalArgumentException tol = assertThrows(IllegalArgumentException.class,
                () -> new OdeNetClassifier().setValidationTol(-0.1));
        assertTrue(tol.getMessage().contains("validationTol"), tol.getMessage());
        IllegalArgumentException patience = assertThrows(IllegalArgumentException.class,
                () -> new OdeNetClassifier().setValidationPatience(-1));
        assertTrue(patience.getMessage().contains("validationPatience"), patience.getMessage());
        IllegalArgumentException noValidation = assertThrows(IllegalArgumentException.class,
                () -> classifier().setValidationIndicatorCol("").setValidationPatience(5).fit(marked));
        assertTrue(noValidation.getMessage().contains("validationPatience = 5")
                && noValidation.getMessage().contains("validationIndicatorCol is not set"), noValidation.getMessage());
    }

    @Test
    void theModelHoldsTheBestControlsAndItsSummarySaysWhere(@TempDir Path tmp) throws IOException {
        OdeNetClassificationModel model = classifier().setValidationTol(0.001).setValidationPatience(10).fit(marked);
        OdeNetTrainingSummary s = model.summary();
        int best = s.bestIteration();
        assertEquals(StopReason.VALIDATION_STOPPED, s.stopReason(), s.stopMessage());
        assertEquals(best + 10, s.totalIterations());
        assertEquals(s.validationLossHistory()[best], s.bestValidationLoss(), 0.0);

        OdeNetClassificationModel upToBest = classifier().setMaxIter(best).fit(marked);
        assertEquals(-1, upToBest.summary().bestIteration());
        assertTrue(Double.isNaN(upToBest.summary().bestValidationLoss()));
        assertArrayEquals(upToBest.parameters(), model.parameters(), 0.0, "the controls of the best iteration");
        assertEquals(s.bestValidationLoss(), upToBest.summary().validationLossHistory()[best], 0.0);

        String path = tmp.resolve("model").toString();
        model.write().save(path);
        OdeNetClassificationModel loaded = OdeNetClassificationModel.load(path);
        assertEquals(best, loaded.summary().bestIteration());
        assertEquals(s.bestValidationLoss(), loaded.summary().bestValidationLoss(), 0.0);
        assertEquals(StopReason.VALIDATION_STOPPED, loaded.summary().stopReason());
        assertEquals(10, loaded.getValidationPatience());
        assertEquals(0.001, loaded.getValidationTol());
        String plain = tmp.resolve("plain").toString();
        upToBest.write().save(plain);
        assertEquals(-1, OdeNetClassificationModel.load(plain).summary().bestIteration());
    }

    @Test
    void aModelSavedBeforeEarlyStoppingLoadsWithoutABestIteration() {
        OdeNetClassificationModel golden = OdeNetClassificationModel.load(
                Path.of("src/test/resources/golden").resolve(GoldenModelGenerator.MODEL_DIR).toString());
        assertEquals(-1, golden.summary().bestIteration());
        assertTrue(Double.isNaN(golden.summary().bestValidationLoss()));
        assertEquals(EarlyStopping.DEFAULT.validationPatience(), golden.getValidationPatience());
    }
}
