package org.odenet.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    /** Spark's GradientBoostedTrees.runWithValidation: training stops when this holds. */
    private static boolean gbtStops(double best, double current, double validationTol) {
        return best - current < validationTol * Math.max(current, 0.01);
    }

    @Test
    void offByDefaultWithGbtsTolerance() {
        assertEquals(0.01, EarlyStopping.DEFAULT.validationTol());
        assertEquals(0, EarlyStopping.DEFAULT.validationPatience());
        assertFalse(EarlyStopping.DEFAULT.enabled());
        assertEquals(EarlyStopping.DEFAULT, RunSettings.DEFAULT.earlyStopping());
        assertTrue(new EarlyStopping(0, 1).enabled());
    }

    @Test
    void badValuesNameTheParameter() {
        for (double tol : new double[] {-1e-9, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(tol, 3));
            assertTrue(e.getMessage().startsWith("validationTol must be finite and >= 0, got " + tol), e.getMessage());
        }
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0.01, -1));
        assertTrue(p.getMessage().startsWith("validationPatience must be >= 0"), p.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> RunSettings.DEFAULT.withEarlyStopping(new EarlyStopping(0.01, -2)));
        assertTrue(r.getMessage().contains("validationPatience"), r.getMessage());
        assertThrows(NullPointerException.class, () -> RunSettings.DEFAULT.withEarlyStopping(null));
    }

    @Test
    void runSettingsKeepTheRuleThroughEveryChange() {
        EarlyStopping rule = new EarlyStopping(0.05, 4);
        RunSettings r = RunSettings.DEFAULT.withEarlyStopping(rule).withMaxIter(7).withTol(0).withSeed(3)
                .withCheckpointDir("file:/tmp/x").withCheckpointInterval(2).withValidationInterval(3)
                .withProgressInterval(5).withInitialization(org.odenet.numerics.Initialization.PAPER);
        assertEquals(rule, r.earlyStopping());
        assertFalse(r.equals(r.withEarlyStopping(EarlyStopping.DEFAULT)));
        assertEquals(r, r.withEarlyStopping(new EarlyStopping(0.05, 4)));
        assertEquals(r.hashCode(), r.withEarlyStopping(new EarlyStopping(0.05, 4)).hashCode());
    }

    @Test
    void improvementIsTheNegationOfGbtsStoppingTest() {
        Random random = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            double tol = random.nextInt(4) == 0 ? 0 : random.nextDouble() * 0.1;
            double best = Math.pow(10, -4 + 4 * random.nextDouble());
            double current = best * (0.8 + 0.4 * random.nextDouble());
            assertEquals(!gbtStops(best, current, tol), new EarlyStopping(tol, 1).improves(best, current),
                    best + " -> " + current + " at tol " + tol);
        }
        EarlyStopping rule = new EarlyStopping(0.01, 1);
        assertTrue(rule.improves(1.0, 0.99), "0.01 >= 0.01 * 0.99: relative above the floor");
        assertFalse(rule.improves(1.0, 0.991), "0.009 < 0.00991");
        assertTrue(rule.improves(0.005, 0.00485), "below 0.01 the tolerance is absolute, 1e-4");
        assertFalse(rule.improves(0.005, 0.00495));
        assertFalse(rule.improves(0.5, Double.NaN), "a loss that is not finite never improves");
        assertTrue(rule.improves(Double.NaN, 0.5));
        assertTrue(new EarlyStopping(0, 1).improves(0.5, 0.5), "tol 0: an equal loss is no stop, as in GBT");
    }

    @Test
    void patienceCountsPassesWithoutImprovementAndResetsOnImprovement() {
        EarlyStopping rule = new EarlyStopping(0, 3);
        double[] losses = {1.0, 0.9, 0.95, 0.92, 0.85, 0.86, 0.87, 0.88};
        int[] counts = {0, 0, 1, 2, 0, 1, 2, 3};
        int[] bestAt = {0, 1, 1, 1, 4, 4, 4, 4};
        double[] theta = {0};
        BestValidation b = BestValidation.first(theta, losses[0], 0);
        for (int k = 1; k < losses.length; k++) {
            assertFalse(b.exhausted(rule), "not before pass " + k);
            theta[0] = k;
            b = b.observe(rule, theta, losses[k], k);
            assertEquals(counts[k], b.passesWithoutImprovement(), "count after pass " + k);
            assertEquals(bestAt[k], b.iteration(), "best after pass " + k);
            assertEquals(losses[bestAt[k]], b.loss());
            assertArrayEquals(new double[] {bestAt[k]}, b.theta(), 0.0, "a copy of the best controls");
        }
        assertTrue(b.exhausted(rule));
        assertFalse(b.exhausted(new EarlyStopping(0, 4)));
        assertFalse(b.exhausted(EarlyStopping.DEFAULT), "never when early stopping is off");
    }

    @Test
    void aLowerLossWithinTheToleranceIsNoImprovementAndNotTheBest() {
        EarlyStopping rule = new EarlyStopping(0.1, 2);
        BestValidation b = BestValidation.first(new double[] {0}, 1.0, 0);
        b = b.observe(rule, new double[] {1}, 0.95, 1);
        assertEquals(1, b.passesWithoutImprovement());
        assertEquals(0, b.iteration(), "as in GBT, the best moves only on an improvement");
        b = b.observe(rule, new double[] {2}, 0.85, 2);
        assertEquals(0, b.passesWithoutImprovement(), "0.15 >= 0.1 * 0.85 measured from the best, not the last");
        assertEquals(2, b.iteration());
        BestValidation tie = BestValidation.first(new double[] {0}, 1.0, 0).observe(new EarlyStopping(0, 2),
                new double[] {1}, 1.0, 1);
        assertEquals(0, tie.passesWithoutImprovement());
        assertEquals(0, tie.iteration(), "tol 0 and a tie: neither a stop nor a new best, as in GBT");
    }

    @Test
    void badStatesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BestValidation(new double[0], 1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new BestValidation(new double[0], 1, 0, -1));
        assertThrows(NullPointerException.class, () -> new BestValidation(null, 1, 0, 0));
    }
}
