package org.odenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ToyDataSetTest {

    @Test
    void sizesLabelsAndDeterminism() {
        for (ToyDataSet d : ToyDataSet.values()) {
            LabeledSamples a = d.generate(d.paperSize(), 1);
            assertEquals(d.paperSize(), a.size());
            assertEquals(2, a.numClasses());
            assertArrayEquals(a.values(), d.generate(d.paperSize(), 1).values(), 0.0, d + " is seeded");
            LabeledSamples test = d.generate(d.paperSize(), ToyDataSet.testSeed(1));
            assertFalse(Arrays.equals(a.values(), test.values()), d + ": the test draw is a different draw");
        }
        int ones = Arrays.stream(ToyDataSet.DONUT1D.generate(500, 2).labels()).sum();
        assertEquals(167, ones, "donut1d: ceil(500/3) points of label 1");
        assertEquals(500, Arrays.stream(ToyDataSet.DONUT2D.generate(1000, 2).labels()).sum());
        assertEquals(500, Arrays.stream(ToyDataSet.SPIRAL.generate(1000, 2).labels()).sum());
    }

    @Test
    void geometryFollowsTheDefinitions() {
        // donut2d: label 1 near the centre, label 0 on the ring of radius 0.5 (noise 0.1)
        LabeledSamples donut = ToyDataSet.DONUT2D.generate(1000, 3);
        double[] meanRadius = meanRadiusPerLabel(donut);
        assertEquals(0.5, meanRadius[0], 0.06);
        assertTrue(meanRadius[1] < 0.25, "centre cluster mean radius " + meanRadius[1]);
        // spiral: radii spread over [0.1, 1]; arms are point reflections of each other
        LabeledSamples spiral = ToyDataSet.SPIRAL.generate(1000, 3);
        double[] spiralRadius = meanRadiusPerLabel(spiral);
        assertEquals(0.55, spiralRadius[0], 0.03);
        assertEquals(0.55, spiralRadius[1], 0.03);
        // squares: most labels agree with the sign of x1*x2 after noise, but not all (noise σ = 0.1)
        LabeledSamples squares = ToyDataSet.SQUARES.generate(1000, 3);
        int agree = 0;
        for (int c = 0; c < squares.size(); c++) {
            boolean positive = squares.feature(c, 0) * squares.feature(c, 1) > 0;
            agree += (positive ? 1 : 0) == squares.labels()[c] ? 1 : 0;
        }
        assertTrue(agree > 820 && agree < 960, "agreement with x1*x2 > 0 after noise: " + agree);
        // donut1d: y is pure noise around 0
        LabeledSamples d1 = ToyDataSet.DONUT1D.generate(500, 3);
        double sumY2 = 0;
        for (int c = 0; c < d1.size(); c++) {
            sumY2 += d1.feature(c, 1) * d1.feature(c, 1);
        }
        assertEquals(0.1, Math.sqrt(sumY2 / d1.size()), 0.015);
    }

    @Test
    void blocksCoverAllSamplesInOrder() {
        LabeledSamples s = ToyDataSet.SQUARES.generate(10, 1);
        var blocks = s.toBlocks(4);
        assertEquals(3, blocks.size());
        assertEquals(2, blocks.get(2).size());
        assertEquals(s.feature(9, 1), blocks.get(2).values()[3]);
        assertEquals(s.labels()[5], blocks.get(1).label(1));
        assertThrows(IllegalArgumentException.class, () -> s.toBlocks(0));
        assertThrows(IllegalArgumentException.class, () -> ToyDataSet.fromName("moons"));
    }

    private static double[] meanRadiusPerLabel(LabeledSamples s) {
        double[] sum = new double[2];
        int[] count = new int[2];
        for (int c = 0; c < s.size(); c++) {
            int l = s.labels()[c];
            sum[l] += Math.hypot(s.feature(c, 0), s.feature(c, 1));
            count[l]++;
        }
        return new double[] {sum[0] / count[0], sum[1] / count[1]};
    }
}
