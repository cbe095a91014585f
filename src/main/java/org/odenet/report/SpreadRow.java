package org.odenet.report;

import java.util.Objects;

/**
 * One cell of an experiment (a data set and a network) summarised over its draws: the spread of the test
 * accuracy (fractions) and of the final training loss, and whether the accuracies are bimodal.
 *
 * @param dataSet      e.g. "donut1d"
 * @param network      e.g. "ResNet"
 * @param tableau      e.g. "euler" ("—" for Net)
 * @param testAccuracy over the draws
 * @param finalLoss    the training loss after the last iteration, over the draws
 * @param outcomes     modes of the test accuracy and the draws near the best
 * @param wallSeconds  the training time, over the draws
 */
public record SpreadRow(String dataSet, String network, String tableau, Spread testAccuracy, Spread finalLoss,
                        DrawOutcomes outcomes, Spread wallSeconds) {
    public SpreadRow {
        Objects.requireNonNull(dataSet, "dataSet");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(tableau, "tableau");
        Objects.requireNonNull(testAccuracy, "testAccuracy");
        Objects.requireNonNull(finalLoss, "finalLoss");
        Objects.requireNonNull(outcomes, "outcomes");
        Objects.requireNonNull(wallSeconds, "wallSeconds");
        if (testAccuracy.count() != finalLoss.count() || testAccuracy.count() != outcomes.count()) {
            throw new IllegalArgumentException("the spreads of one cell must count the same draws, got "
                    + testAccuracy.count() + ", " + finalLoss.count() + " and " + outcomes.count());
        }
    }
}
