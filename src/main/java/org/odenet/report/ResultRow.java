package org.odenet.report;

import java.util.Objects;

/**
 * One line of the report's table of final metrics. Losses and accuracies (fractions in [0, 1]) may be NaN
 * when not measured; the table shows a dash.
 *
 * @param dataSet     e.g. "spiral"
 * @param network     e.g. "ODENet+simplex"
 * @param tableau     e.g. "euler" (any text; "—" suits Net, which has none)
 * @param iterations  accepted iterations
 * @param depth       effective depth: the layers inference evaluates (zero-step layers are skipped)
 * @param wallSeconds training time
 */
public record ResultRow(String dataSet, String network, String tableau, double trainLoss, double trainAccuracy,
                        double testLoss, double testAccuracy, int iterations, int depth, double wallSeconds) {
    public ResultRow {
        Objects.requireNonNull(dataSet, "dataSet");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(tableau, "tableau");
    }
}
