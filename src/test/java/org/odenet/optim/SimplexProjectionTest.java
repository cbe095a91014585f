package org.odenet.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SimplexProjectionTest {

    @Test
    void landsInTheSetAndIsIdempotent() {
        Random r = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            int len = 1 + r.nextInt(30);
            double radius = 0.1 + 3 * r.nextDouble();
            double[] v = new double[len + 2];
            for (int i = 0; i < v.length; i++) {
                v[i] = 4 * r.nextGaussian();
            }
            double[] p = v.clone();
            SimplexProjection.project(p, 1, len, radius);
            assertEquals(v[0], p[0], "outside the slice");
            assertEquals(v[len + 1], p[len + 1], "outside the slice");
            double sum = 0;
            for (int i = 1; i <= len; i++) {
                assertTrue(p[i] >= 0, "negative entry " + p[i]);
                sum += p[i];
            }
            assertEquals(radius, sum, 1e-12 * Math.max(1, radius));
            double[] twice = p.clone();
            SimplexProjection.project(twice, 1, len, radius);
            assertArrayEquals(p, twice, 1e-14);
        }
    }

    @Test
    void matchesBruteForceForSmallDimensions() {
        Random r = new Random(2);
        for (int trial = 0; trial < 300; trial++) {
            int len = 1 + r.nextInt(6);
            double radius = 0.5 + r.nextDouble();
            double[] v = new double[len];
            for (int i = 0; i < len; i++) {
                v[i] = 2 * r.nextGaussian();
            }
            double[] fast = v.clone();
            SimplexProjection.project(fast, 0, len, radius);
            assertArrayEquals(bruteForce(v, radius), fast, 1e-12);
        }
    }

    /** Over every support S: x_S = v_S − (Σ v_S − z)/|S|, kept if non-negative; the closest wins (KKT). */
    private static double[] bruteForce(double[] v, double radius) {
        int len = v.length;
        double best = Double.POSITIVE_INFINITY;
        double[] bestX = null;
        for (int mask = 1; mask < (1 << len); mask++) {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < len; i++) {
                if ((mask & (1 << i)) != 0) {
                    sum += v[i];
                    count++;
                }
            }
            double shift = (sum - radius) / count;
            double[] x = new double[len];
            boolean feasible = true;
            double dist = 0;
            for (int i = 0; i < len; i++) {
                if ((mask & (1 << i)) != 0) {
                    x[i] = v[i] - shift;
                    feasible &= x[i] >= 0;
                }
                dist += (x[i] - v[i]) * (x[i] - v[i]);
            }
            if (feasible && dist < best) {
                best = dist;
                bestX = x;
            }
        }
        return bestX;
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SimplexProjection(0, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new SimplexProjection(0, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimplexProjection.project(new double[] {1, Double.NaN}, 0, 2, 1));
        assertTrue(e.getMessage().contains("entry 1 is NaN"), e.getMessage());
    }
}
