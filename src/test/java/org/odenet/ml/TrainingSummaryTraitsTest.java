package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.ml.classification.TrainingSummary;
import org.apache.spark.ml.util.HasTrainingSummary;
import org.apache.spark.ml.util.Summary;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.ToyDataSet;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.SparkTestSession;

/**
 * The model and its summary as Spark's training-summary traits, the only attributes Spark Connect lets a client
 * fetch of a third-party model: what Connect reads through them, and the save/load hooks its model cache calls.
 */
class TrainingSummaryTraitsTest {
    private static final int ITERATIONS = 6;
    private static Dataset<Row> donut;
    private static OdeNetClassificationModel odenet;
    /** odenet, saved. */
    private static Path saved;

    @TempDir
    Path tmp;

    @BeforeAll
    static void fit(@TempDir Path dir) throws java.io.IOException {
        SparkSession spark = SparkTestSession.get();
        donut = SampleFrames.of(spark, ToyDataSet.DONUT2D.generate(80, 5), 2).cache();
        odenet = new OdeNetClassifier().setArchitecture("odenet_simplex").setLayers(5).setMaxIter(ITERATIONS)
                .setTol(0).fit(donut);
        saved = dir.resolve("model");
        odenet.write().save(saved.toString());
    }

    @Test
    void theModelIsASparkModelWithATrainingSummary() {
        HasTrainingSummary<?> traits = odenet;
        assertTrue(traits.hasSummary());
        assertSame(odenet.summary(), traits.summary());
        assertSame(odenet.summary(), odenet.trainingSummary().get());
        assertFalse(TinyModels.of(1).trainingSummary().isDefined(), "a model from raw controls has none");
    }

    @Test
    void theSummaryIsASparkTrainingSummaryWithTheObjectiveAtEveryIteration() {
        Object summary = odenet.summary();
        assertTrue(summary instanceof Summary, "Connect caches only org.apache.spark.ml.util.Summary results");
        TrainingSummary spark = (TrainingSummary) summary;
        assertEquals(ITERATIONS, spark.totalIterations());
        double[] objective = spark.objectiveHistory();
        assertEquals(ITERATIONS + 1, objective.length, "the starting point and one value per iteration");
        for (int k = 1; k < objective.length; k++) {
            assertTrue(objective[k] < objective[k - 1], "Algorithm 2 accepts only descent steps: " + Arrays.toString(objective));
        }
    }

    @Test
    void theEffectiveDepthIsTheNumberOfNonZeroStepsOrEveryLayerOfNet() {
        double[] steps = odenet.timeSteps();
        long nonZero = Arrays.stream(steps).filter(h -> h != 0).count();
        assertEquals(5, steps.length);
        assertEquals(nonZero, odenet.summary().effectiveDepth());
        assertArrayEquals(steps, odenet.summary().timeSteps(), 0.0);
        OdeNetClassificationModel net = new OdeNetClassifier().setArchitecture("net").setLayers(3).setMaxIter(1)
                .fit(donut);
        assertEquals(3, net.summary().effectiveDepth());
        assertEquals(0, net.summary().timeSteps().length);
    }

    @Test
    void theEffectiveDepthSurvivesSaveAndLoadAndReadsAsMinusOneFromOlderSummaries() throws Exception {
        assertEquals(odenet.summary().effectiveDepth(),
                OdeNetClassificationModel.load(saved.toString()).summary().effectiveDepth());
        String json = odenet.summary().toJson();
        String older = json.replaceFirst(",\"effectiveDepth\":\\d+", "");
        assertFalse(older.equals(json), "the field was in the JSON");
        assertEquals(-1, OdeNetTrainingSummary.fromJson(older).effectiveDepth());
    }

    @Test
    void connectsCacheHooksKeepTheSavedSummaryAndReadItBack() throws Exception {
        // Connect's model cache: write().saveToLocal(dir), then saveSummary(dir/summary), later loadSummary
        Path summary = saved.resolve("summary");
        byte[] before = concatenated(summary);
        odenet.saveSummary(summary.toString());
        assertArrayEquals(before, concatenated(summary), "the summary the model save wrote is left as it is");
        Path elsewhere = tmp.resolve("elsewhere");
        odenet.saveSummary(elsewhere.toString());
        OdeNetClassificationModel bare = TinyModels.of(2);
        bare.loadSummary(elsewhere.toString(), donut);
        assertTrue(bare.hasSummary());
        assertArrayEquals(odenet.summary().objectiveHistory(), bare.summary().objectiveHistory(), 0.0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TinyModels.of(3).loadSummary(tmp.resolve("none").toString(), donut));
        assertTrue(e.getMessage().contains(tmp.resolve("none").toString()), e.getMessage());
    }

    @Test
    void theSummaryCannotBeReplaced() {
        assertThrows(UnsupportedOperationException.class, () -> odenet.setSummary(scala.Option.empty()));
        assertTrue(odenet.hasSummary());
    }

    private static byte[] concatenated(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted()
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).reduce("", String::concat).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
