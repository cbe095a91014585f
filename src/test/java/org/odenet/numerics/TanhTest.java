package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TanhTest {

    @Test
    void agreesWithMathTanhToRoundingEverywhere() {
        Random r = new Random(4);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = r.nextGaussian() * Math.pow(10, r.nextInt(8) - 6);
            double expected = Math.tanh(x);
            double actual = ColumnKernels.tanh(x);
            if (expected != 0) {
                worst = Math.max(worst, Math.abs(actual - expected) / Math.abs(expected));
            }
        }
        for (double x : new double[] {0.0, -0.0, 1e-300, 0.25, -0.25, 19.1, 19.2, 700, -700, Double.MIN_VALUE}) {
            double expected = Math.tanh(x);
            assertEquals(expected, ColumnKernels.tanh(x), 2e-15 * Math.abs(expected), "tanh(" + x + ")");
        }
        assertTrue(worst < 2e-15, "worst relative difference " + worst);
        assertTrue(Double.isNaN(ColumnKernels.tanh(Double.NaN)), "NaN propagates");
        assertEquals(1.0, ColumnKernels.tanh(Double.POSITIVE_INFINITY));
    }
}
