package org.odenet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HistoryCodecTest {
    /** Every field distinct; the first row without a validation pass. */
    private static final List<IterationMetrics> HISTORY = List.of(
            new IterationMetrics(0, 0.22680392827616933, 0.51, 0.1, 0, 0.0, 1.25, Double.NaN, Double.NaN),
            new IterationMetrics(1, 0.21309478498053627, 0.5433333333333333, 0.5062500000000001, 5,
                    0.20390750319683779, 12.345, 0.3141592653589793, 0.625));

    @Test
    void binaryRowsRoundTripInSixtyFourBytesEach() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (IterationMetrics m : HISTORY) {
            HistoryCodec.VALIDATION.write(out, m);
        }
        assertEquals(64 * HISTORY.size(), bytes.size());
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        List<IterationMetrics> back = new ArrayList<>();
        for (int i = 0; i < HISTORY.size(); i++) {
            back.add(HistoryCodec.VALIDATION.read(in));
        }
        assertEquals(HISTORY, back);
    }

    @Test
    void jsonRowsRoundTripWithNullForAMissingValidationPass() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(HistoryCodec.VALIDATION.toJsonRows(HISTORY));
        assertEquals("[[0,0.22680392827616933,0.51,0.1,0,0.0,1.25,null,null],"
                + "[1,0.21309478498053627,0.5433333333333333,0.5062500000000001,5,0.20390750319683779,12.345,"
                + "0.3141592653589793,0.625]]", json);
        assertEquals(HISTORY, HistoryCodec.VALIDATION.fromJsonRows(mapper.readTree(json)));
    }

    @Test
    void theGoldenModelsSummaryDecodesAndEncodesToTheSameText() throws IOException {
        String saved;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden/odenet-model-v1/summary"))) {
            saved = Files.readString(files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst()
                    .orElseThrow());
        }
        ObjectMapper mapper = new ObjectMapper();
        JsonNode summary = mapper.readTree(saved);
        assertEquals(HistoryCodec.VALIDATION.columns(),
                mapper.convertValue(summary.get("historyColumns"), List.class));
        List<IterationMetrics> history = HistoryCodec.VALIDATION.fromJsonRows(summary.get("history"));
        assertEquals(41, history.size());
        assertEquals(new IterationMetrics(1, 0.21309478498053627, 0.5433333333333333, 0.5062500000000001, 5,
                0.20390750319683779, 1.498923437, Double.NaN, Double.NaN), history.get(1));
        String rows = mapper.writeValueAsString(HistoryCodec.VALIDATION.toJsonRows(history));
        assertTrue(saved.contains("\"history\":" + rows + ","), "the saved rows, written again, are the same text");
    }

    @Test
    void theJobsCsvKeepsItsColumnsAndFormatAndReadsBack() {
        List<String> lines = HistoryCodec.TEST.csvLines(HISTORY);
        assertEquals(List.of("iteration,loss,accuracy,lipschitz,tries,stepNorm,wallSeconds,testLoss,testAccuracy",
                "0,0.22680392827616933,0.51,0.1,0,0.0,1.250,,",
                "1,0.21309478498053627,0.5433333333333333,0.5062500000000001,5,0.20390750319683779,12.345,"
                        + "0.3141592653589793,0.625"), lines);
        List<IterationMetrics> back = lines.stream().skip(1).map(HistoryCodec.TEST::fromCsvLine).toList();
        assertEquals(HISTORY, back, "wall seconds with at most three decimals read back exactly");
    }

    @Test
    void theJobsJsonKeepsItsKeysAndFormatAndReadsBack() throws IOException {
        String json = HistoryCodec.TEST.jsonDocument(HISTORY);
        String nl = System.lineSeparator();
        assertEquals("[\n"
                + "  {\"iteration\": 0, \"loss\": 0.22680392827616933, \"accuracy\": 0.51, \"lipschitz\": 0.1, "
                + "\"tries\": 0, \"stepNorm\": 0.0, \"wallSeconds\": 1.250, \"testLoss\": null, \"testAccuracy\": null},"
                + nl
                + "  {\"iteration\": 1, \"loss\": 0.21309478498053627, \"accuracy\": 0.5433333333333333, "
                + "\"lipschitz\": 0.5062500000000001, \"tries\": 5, \"stepNorm\": 0.20390750319683779, "
                + "\"wallSeconds\": 12.345, \"testLoss\": 0.3141592653589793, \"testAccuracy\": 0.625}" + nl
                + "]\n", json);
        List<IterationMetrics> back = new ArrayList<>();
        for (JsonNode row : new ObjectMapper().readTree(json)) {
            back.add(HistoryCodec.TEST.fromJsonObject(row));
        }
        assertEquals(HISTORY, back);
    }

    @Test
    void theColumnsAreNamedAfterTheHeldOutSet() {
        assertEquals(List.of("iteration", "loss", "accuracy", "lipschitz", "tries", "stepNorm", "wallSeconds",
                "validationLoss", "validationAccuracy"), HistoryCodec.VALIDATION.columns());
        assertEquals(List.of("iteration", "loss", "accuracy", "lipschitz", "tries", "stepNorm", "wallSeconds",
                "testLoss", "testAccuracy"), HistoryCodec.TEST.columns());
    }

    @Test
    void malformedRowsAreRefusedNamingTheProblem() throws IOException {
        IllegalArgumentException shortLine = assertThrows(IllegalArgumentException.class,
                () -> HistoryCodec.TEST.fromCsvLine("1,0.5,0.75"));
        assertTrue(shortLine.getMessage().contains("must have 9 values") && shortLine.getMessage().contains("got 3"),
                shortLine.getMessage());
        JsonNode fractionalIteration = new ObjectMapper().readTree("[[1.5,0.5,0.75,0.1,1,0.2,1.0,null,null]]");
        IllegalArgumentException iteration = assertThrows(IllegalArgumentException.class,
                () -> HistoryCodec.VALIDATION.fromJsonRows(fractionalIteration));
        assertTrue(iteration.getMessage().contains("iteration must be an integer, got 1.5"), iteration.getMessage());
        IllegalArgumentException notAnArray = assertThrows(IllegalArgumentException.class,
                () -> HistoryCodec.VALIDATION.fromJsonRows(new ObjectMapper().readTree("{}")));
        assertTrue(notAnArray.getMessage().contains("history must be a JSON array"), notAnArray.getMessage());
    }
}
