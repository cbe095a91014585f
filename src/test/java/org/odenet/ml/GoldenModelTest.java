package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.odenet.numerics.Architecture;
import org.odenet.optim.StopReason;
import org.odenet.spark.SparkTestSession;

/** A model saved by an earlier build keeps loading and predicting the same (see {@link GoldenModelGenerator}). */
class GoldenModelTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    @Test
    void goldenModelLoadsAndPredictsAsWhenItWasSaved() throws IOException {
        SparkSession spark = SparkTestSession.get();
        OdeNetClassificationModel model = OdeNetClassificationModel.load(
                GOLDEN.resolve(GoldenModelGenerator.MODEL_DIR).toString());
        assertEquals(Architecture.ODENET_SIMPLEX, model.spec().architecture());
        assertEquals("kutta3", model.spec().tableau().name());
        assertEquals("flowed", model.getTransformedFeaturesCol());
        assertEquals(40, model.summary().totalIterations());
        assertEquals(StopReason.MAX_ITERATIONS, model.summary().stopReason());
        List<String> expected = Files.readAllLines(GOLDEN.resolve(GoldenModelGenerator.PREDICTIONS));
        List<Row> rows = model.transform(GoldenModelGenerator.inputs(spark)).collectAsList();
        assertEquals(expected.size() - 1, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] e = expected.get(i + 1).split(",");
            Row r = rows.get(i);
            Vector x = r.getAs("features");
            Vector raw = r.getAs("rawPrediction");
            Vector p = r.getAs("probability");
            double[] actual = {x.apply(0), x.apply(1), raw.apply(0), raw.apply(1), p.apply(0), p.apply(1),
                r.getAs("prediction")};
            for (int k = 0; k < actual.length; k++) {
                double want = Double.parseDouble(e[k]);
                assertEquals(want, actual[k], 1e-12 * Math.max(1, Math.abs(want)), "row " + i + " column " + k);
            }
        }
        assertTrue(rows.stream().anyMatch(r -> r.getDouble(r.fieldIndex("prediction")) == 1.0)
                && rows.stream().anyMatch(r -> r.getDouble(r.fieldIndex("prediction")) == 0.0), "both classes predicted");
    }

    @Test
    void theGoldenSummaryIsWrittenBackWithTheSameHistoryAndStopReason() throws IOException {
        Path file;
        try (var files = Files.list(GOLDEN.resolve(GoldenModelGenerator.MODEL_DIR).resolve("summary"))) {
            file = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var saved = mapper.readTree(Files.readString(file));
        var again = mapper.readTree(OdeNetTrainingSummary.fromJson(Files.readString(file)).toJson());
        for (String key : List.of("historyColumns", "history", "totalIterations", "stopReason", "stopMessage")) {
            assertEquals(saved.get(key), again.get(key), key);
        }
    }
}
