package org.odenet.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.odenet.report.DrawOutcomes;
import org.odenet.report.Spread;
import org.odenet.report.SpreadRow;

/**
 * The final metrics of every draw of an experiment's cells (a data set and a network), in the order they
 * were run, and their spread per cell: the median, quartiles and range of the test accuracy and the final
 * training loss, and whether the accuracies are bimodal ({@link DrawOutcomes}).
 */
final class DrawResults {
    /** The header of {@link #csvLines()}. */
    static final String CSV_HEADER = "dataset,variant,architecture,tableau,draws,testAccuracyMedian,testAccuracyQ1,"
            + "testAccuracyQ3,testAccuracyMin,testAccuracyMax,finalLossMedian,finalLossQ1,finalLossQ3,finalLossMin,"
            + "finalLossMax,bimodal,nearBest,nearBestShare,wallSecondsMedian,seeds";

    private record Cell(String dataSet, String variantId, String network, String architecture, String tableau) {
    }

    private record Draw(long seed, double testAccuracy, double finalLoss, double wallSeconds) {
    }

    private final Map<Cell, List<Draw>> cells = new LinkedHashMap<>();

    /** Adds one draw of a cell. */
    void add(String dataSet, String variantId, String network, String architecture, String tableau, long seed,
             double testAccuracy, double finalLoss, double wallSeconds) {
        cells.computeIfAbsent(new Cell(dataSet, variantId, network, architecture, tableau), c -> new ArrayList<>())
                .add(new Draw(seed, testAccuracy, finalLoss, wallSeconds));
    }

    /** A row per cell, in the order the cells were first run. */
    List<SpreadRow> rows() {
        List<SpreadRow> rows = new ArrayList<>();
        cells.forEach((cell, draws) -> {
            double[] accuracy = draws.stream().mapToDouble(Draw::testAccuracy).toArray();
            rows.add(new SpreadRow(cell.dataSet(), cell.network(), cell.tableau(), Spread.of(accuracy),
                    Spread.of(draws.stream().mapToDouble(Draw::finalLoss).toArray()), outcomes(accuracy),
                    Spread.of(draws.stream().mapToDouble(Draw::wallSeconds).toArray())));
        });
        return rows;
    }

    /** {@link #CSV_HEADER} and a line per cell. */
    List<String> csvLines() {
        List<String> lines = new ArrayList<>();
        lines.add(CSV_HEADER);
        List<SpreadRow> rows = rows();
        int i = 0;
        for (Map.Entry<Cell, List<Draw>> e : cells.entrySet()) {
            Cell cell = e.getKey();
            SpreadRow row = rows.get(i++);
            Spread a = row.testAccuracy();
            Spread l = row.finalLoss();
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.6e,%.6e,%.6e,%.6e,%.6e,"
                            + "%s,%d,%.4f,%.1f,%s", cell.dataSet(), cell.variantId(), cell.architecture(),
                    cell.tableau(), a.count(), a.median(), a.q1(), a.q3(), a.min(), a.max(), l.median(), l.q1(),
                    l.q3(), l.min(), l.max(), row.outcomes().bimodal(), row.outcomes().nearBest(),
                    row.outcomes().nearBestShare(), row.wallSeconds().median(),
                    String.join(" ", e.getValue().stream().map(d -> Long.toString(d.seed())).toList())));
        }
        return lines;
    }

    /** Data set → network → the test accuracy of each draw, for the spread figure. */
    Map<String, Map<String, double[]>> testAccuracies() {
        Map<String, Map<String, double[]>> byDataSet = new LinkedHashMap<>();
        cells.forEach((cell, draws) -> byDataSet.computeIfAbsent(cell.dataSet(), d -> new LinkedHashMap<>())
                .put(cell.network(), draws.stream().mapToDouble(Draw::testAccuracy).toArray()));
        return byDataSet;
    }

    /** The outcomes, or "not bimodal, none near the best" when a draw has no test accuracy. */
    private static DrawOutcomes outcomes(double[] accuracy) {
        for (double a : accuracy) {
            if (Double.isNaN(a)) {
                return new DrawOutcomes(false, 0, accuracy.length);
            }
        }
        return DrawOutcomes.of(accuracy);
    }
}
