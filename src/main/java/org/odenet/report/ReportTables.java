package org.odenet.report;

import java.util.List;
import java.util.Locale;

/** The report's tables: final metrics of single runs, and their spread over several draws. */
public final class ReportTables {
    private static final List<String> METRICS = List.of("data set", "network", "tableau", "train loss",
            "train accuracy", "test loss", "test accuracy", "iterations", "effective depth", "wall time");
    private static final List<Boolean> METRICS_NUMERIC = List.of(false, false, false, true, true, true, true, true,
            true, true);
    private static final List<String> SPREADS = List.of("data set", "network", "tableau", "draws",
            "test accuracy: median [min–max]", "test accuracy: IQR", "draws within 2 points of the best (if bimodal)",
            "final loss: median [min–max]", "wall time: median");
    private static final List<Boolean> SPREADS_NUMERIC = List.of(false, false, false, true, true, true, true, true,
            true);

    private ReportTables() {
    }

    /** A row per run: its final metrics. */
    public static ReportTable metrics(List<ResultRow> rows) {
        return new ReportTable(METRICS, METRICS_NUMERIC, rows.stream().map(r -> List.of(r.dataSet(), r.network(),
                r.tableau(), loss(r.trainLoss()), percent(r.trainAccuracy()), loss(r.testLoss()),
                percent(r.testAccuracy()), Integer.toString(r.iterations()), Integer.toString(r.depth()),
                seconds(r.wallSeconds()))).toList());
    }

    /**
     * A row per cell: the spread over its draws. The share near the best draw is shown where the outcomes
     * are bimodal ({@link DrawOutcomes}).
     */
    public static ReportTable spreads(List<SpreadRow> rows) {
        return new ReportTable(SPREADS, SPREADS_NUMERIC, rows.stream().map(r -> List.of(r.dataSet(), r.network(),
                r.tableau(), Integer.toString(r.testAccuracy().count()), percentRange(r.testAccuracy()),
                points(r.testAccuracy().interquartileRange()),
                r.outcomes().bimodal() ? r.outcomes().nearBest() + " of " + r.outcomes().count() : "—",
                lossRange(r.finalLoss()), seconds(r.wallSeconds().median()))).toList());
    }

    /** A percentage with one decimal, e.g. "94.2 %", or a dash when not finite. */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f %%", 100 * fraction) : "—";
    }

    /** The median and range of fractions as percentages, e.g. "66.4 % [59.0–96.8]". */
    public static String percentRange(Spread s) {
        if (!Double.isFinite(s.median())) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f %% [%.1f–%.1f]", 100 * s.median(), 100 * s.min(), 100 * s.max());
    }

    private static String points(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f", 100 * fraction) : "—";
    }

    private static String lossRange(Spread s) {
        if (!Double.isFinite(s.median())) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.3e [%.3e–%.3e]", s.median(), s.min(), s.max());
    }

    private static String loss(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3e", value) : "—";
    }

    private static String seconds(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f s", value) : "—";
    }
}
