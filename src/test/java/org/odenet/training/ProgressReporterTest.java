package org.odenet.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.odenet.optim.IterationMetrics;

class ProgressReporterTest {

    private static IterationMetrics row(int k, double seconds, double validationLoss) {
        return new IterationMetrics(k, 0.25, 0.875, 0.5, 1, 0.1, seconds, validationLoss, 0.75);
    }

    @Test
    void linesAtTheIntervalWithSpeedSinceThePreviousLineAndTimeToGo() {
        ProgressReporter p = new ProgressReporter(10, 100, 0, 2.0);
        assertNull(p.line(row(5, 3.0, Double.NaN)), "not due");
        assertEquals("odenet: iteration 10/100, loss 2.500000e-01, accuracy 0.8750, L 5.000e-01, 5.0 it/s, ETA 18s",
                p.line(row(10, 4.0, Double.NaN)));
        assertEquals("odenet: iteration 20/100, loss 2.500000e-01, accuracy 0.8750, validation loss 5.0000e-01 "
                + "accuracy 0.7500, L 5.000e-01, 1.0 it/s, ETA 1m20s", p.line(row(20, 14.0, 0.5)));
        assertEquals("odenet: iteration 100/100, loss 2.500000e-01, accuracy 0.8750, L 5.000e-01, 8.0 it/s, ETA 0s",
                p.line(row(100, 24.0, Double.NaN)), "the last iteration always reports");
    }

    @Test
    void aResumedRunMeasuresItsSpeedFromTheCheckpoint() {
        ProgressReporter p = new ProgressReporter(10, 1000, 500, 100.0);
        assertEquals("odenet: iteration 510/1000, loss 2.500000e-01, accuracy 0.8750, L 5.000e-01, 2.0 it/s, "
                + "ETA 4m05s", p.line(row(510, 105.0, Double.NaN)));
        assertEquals("2h00m", ProgressReporter.eta(7200));
        assertEquals("unknown", ProgressReporter.eta(Double.POSITIVE_INFINITY));
    }
}
