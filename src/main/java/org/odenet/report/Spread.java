package org.odenet.report;

import java.util.Arrays;

/**
 * The spread of one quantity over independent draws (random seeds): the five-number summary. Quartiles
 * interpolate linearly between order statistics (the definition of R's default and NumPy's
 * {@code percentile}): the p-quantile of the sorted values v<sub>0</sub> ≤ … ≤ v<sub>n−1</sub> lies at
 * position p·(n − 1). A draw without a value (NaN: a diverged run, a metric not measured) makes every
 * statistic NaN rather than being left out.
 *
 * @param count  the draws, at least 1
 * @param min    smallest value
 * @param q1     first quartile
 * @param median median
 * @param q3     third quartile
 * @param max    largest value
 */
public record Spread(int count, double min, double q1, double median, double q3, double max) {
    public Spread {
        if (count < 1) {
            throw new IllegalArgumentException("a spread needs at least one draw, got " + count);
        }
        boolean anyNaN = Double.isNaN(min) || Double.isNaN(q1) || Double.isNaN(median) || Double.isNaN(q3)
                || Double.isNaN(max);
        if (!anyNaN && !(min <= q1 && q1 <= median && median <= q3 && q3 <= max)) {
            throw new IllegalArgumentException("need min <= q1 <= median <= q3 <= max, got " + min + ", " + q1
                    + ", " + median + ", " + q3 + ", " + max);
        }
    }

    /**
     * The spread of {@code values}, one per draw.
     *
     * @throws IllegalArgumentException if there are none
     */
    public static Spread of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a spread needs at least one draw, got none");
        }
        if (Arrays.stream(values).anyMatch(Double::isNaN)) {
            double nan = Double.NaN;
            return new Spread(values.length, nan, nan, nan, nan, nan);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Spread(sorted.length, sorted[0], quantile(sorted, 0.25), quantile(sorted, 0.5),
                quantile(sorted, 0.75), sorted[sorted.length - 1]);
    }

    /** The interquartile range q3 − q1. */
    public double interquartileRange() {
        return q3 - q1;
    }

    private static double quantile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return fraction == 0 ? sorted[below] : sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
