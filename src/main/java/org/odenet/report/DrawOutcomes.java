package org.odenet.report;

import java.util.Arrays;

/**
 * Whether the test accuracies of a cell's draws fall into two separate groups — some draws escape a
 * plateau, the others stay on it — and the share of draws that came close to the best one.
 *
 * <p>The rule: sort the accuracies and split them at the widest gap between neighbours. The outcomes are
 * <em>bimodal</em> when there are at least {@value #MIN_DRAWS} draws and that gap is wider than both
 * {@link #NEAR_BEST} and the two groups' ranges together: the groups are further apart than either is wide.
 * Evenly spread outcomes have no such gap; a single draw far from tightly clustered others does.
 *
 * @param bimodal       the accuracies form two separate groups
 * @param nearBest      draws whose accuracy is within {@link #NEAR_BEST} of the best draw's
 * @param count         all draws
 */
public record DrawOutcomes(boolean bimodal, int nearBest, int count) {
    /** "Close to the best draw": within 0.02 of its accuracy (2 percentage points). */
    public static final double NEAR_BEST = 0.02;
    /** Fewer draws than this say nothing about modes. */
    public static final int MIN_DRAWS = 4;

    public DrawOutcomes {
        if (count < 1 || nearBest < 0 || nearBest > count) {
            throw new IllegalArgumentException("need 0 <= nearBest <= count and count >= 1, got nearBest "
                    + nearBest + " of " + count);
        }
    }

    /**
     * The outcomes of the test accuracies (fractions) of a cell's draws.
     *
     * @throws IllegalArgumentException if there are none or one is NaN
     */
    public static DrawOutcomes of(double... accuracies) {
        if (accuracies.length == 0) {
            throw new IllegalArgumentException("need at least one draw's accuracy, got none");
        }
        if (Arrays.stream(accuracies).anyMatch(Double::isNaN)) {
            throw new IllegalArgumentException("every draw needs a test accuracy, got " + Arrays.toString(accuracies));
        }
        double[] sorted = accuracies.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double best = sorted[n - 1];
        int nearBest = (int) Arrays.stream(sorted).filter(a -> best - a <= NEAR_BEST + 1e-12).count();
        boolean bimodal = false;
        if (n >= MIN_DRAWS) {
            int split = 1;
            for (int i = 2; i < n; i++) {
                if (sorted[i] - sorted[i - 1] > sorted[split] - sorted[split - 1]) {
                    split = i;
                }
            }
            double gap = sorted[split] - sorted[split - 1];
            double ranges = (sorted[split - 1] - sorted[0]) + (sorted[n - 1] - sorted[split]);
            bimodal = gap > NEAR_BEST && gap > ranges;
        }
        return new DrawOutcomes(bimodal, nearBest, n);
    }

    /** The share of draws near the best one, in [0, 1]. */
    public double nearBestShare() {
        return (double) nearBest / count;
    }
}
