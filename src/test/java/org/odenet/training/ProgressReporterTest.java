package org.odenet.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.odenet.optim.IterationMetrics;

class ProgressReporterTest {

    private static IterationMetrics row(int k, double seconds, double validationLoss) {
        return new IterationMetrics(k, 0.25, 0.875, 0.5, 1, 0.1, seconds, validationLoss, 0.75);
    }

    @Test
    void linesAtTheIntervalWithTheFirstIntervalsSpeedThenTheMeanSpeedSinceTheFirstLine() {
        ProgressReporter p = new ProgressReporter(10, 100, 0, 2.0);
        assertNull(p.line(row(5, 3.0, Double.NaN)), "not due");
        assertEquals("odenet: iteration 10/100, loss 2.500000e-01, accuracy 0.8750, L 5.000e-01, 5.0 it/s, ETA 18s",
                p.line(row(10, 4.0, Double.NaN)));
        assertEquals("odenet: iteration 20/100, loss 2.500000e-01, accuracy 0.8750, validation loss 5.0000e-01 "
                + "accuracy 0.7500, L 5.000e-01, 1.0 it/s, ETA 1m20s", p.line(row(20, 14.0, 0.5)));
        assertEquals("odenet: iteration 100/100, loss 2.500000e-01, accuracy 0.8750, L 5.000e-01, 4.5 it/s, ETA 0s",
                p.line(row(100, 24.0, Double.NaN)), "the last iteration always reports, with the speed since the first line");
    }

    @Test
    void aResumedRunMeasuresItsSpeedFromTheCheckpoint() {
        ProgressReporter p = new ProgressReporter(10, 1000, 500, 100.0);
        assertEquals("odenet: iteration 510/1000, loss 2.500000e-01, accuracy 0.8750, L 5.000e-01, 2.0 it/s, "
                + "ETA 4m05s", p.line(row(510, 105.0, Double.NaN)));
        assertEquals("2h00m", ProgressReporter.eta(7200));
        assertEquals("unknown", ProgressReporter.eta(Double.POSITIVE_INFINITY));
    }

    /**
     * A simulated clock: 10 slow warm-up iterations, then phases of 15 iterations alternating between 0.1 s and
     * 0.3 s per iteration (one line-search trial or three). From the second line on, the estimated total time
     * (elapsed + ETA) changes by less than 25 % from one line to the next, and while 60 or more iterations remain,
     * the ETA is within 30 % of the time they really take, within 15 % from iteration 100. A speed measured over
     * the last interval alone swings 2.3× between lines and is off by 51 %.
     */
    @Test
    void theTimeToGoFollowsTheMeanSpeedNotTheSwingsOfSingleIntervals() {
        int maxIter = 400;
        double[] cost = new double[maxIter + 1];
        for (int i = 1; i <= maxIter; i++) {
            cost[i] = i <= 10 ? 1.0 : (i / 15) % 2 == 0 ? 0.1 : 0.3;
        }
        ProgressReporter p = new ProgressReporter(10, maxIter, 0, 0.0);
        double clock = 0;
        double previousTotal = Double.NaN;
        int checked = 0;
        for (int i = 1; i <= maxIter; i++) {
            clock += cost[i];
            String line = p.line(row(i, clock, Double.NaN));
            if (line == null || i == 10) {
                continue;
            }
            double eta = etaSeconds(line);
            double total = clock + eta;
            if (!Double.isNaN(previousTotal)) {
                assertTrue(total < 1.25 * previousTotal && previousTotal < 1.25 * total, "at iteration " + i
                        + " the estimated total is " + total + " s, at the previous line " + previousTotal + " s");
            }
            previousTotal = total;
            if (maxIter - i >= 60) {
                double remaining = 0;
                for (int j = i + 1; j <= maxIter; j++) {
                    remaining += cost[j];
                }
                double band = i >= 100 ? 0.15 : 0.30;
                assertTrue(Math.abs(eta / remaining - 1) < band, "at iteration " + i + " the ETA is " + eta
                        + " s, the remaining iterations take " + remaining + " s: " + line);
                checked++;
            }
        }
        assertEquals(33, checked, "the lines checked against the remaining time");
    }

    private static final Pattern ETA = Pattern.compile("ETA (?:(\\d+)m)?(\\d+)s$");

    private static double etaSeconds(String line) {
        Matcher m = ETA.matcher(line);
        assertTrue(m.find(), line);
        return (m.group(1) == null ? 0 : 60 * Integer.parseInt(m.group(1))) + Integer.parseInt(m.group(2));
    }
}
