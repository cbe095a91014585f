package org.odenet.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DataFingerprintTest {
    private static final double[][] ROWS = {{0.5, 0, -1.25}, {0, 0, 3}, {2, 1e-300, 0}, {0.5, 0, -1.25}};
    private static final double[] LABELS = {0, 1, 1, 2};
    private static final double[] WEIGHTS = {1, 0.5, 2, 1};

    private static DataFingerprint of(int[] order, double[][] rows, double[] labels, double[] weights) {
        DataFingerprint f = new DataFingerprint();
        for (int i : order) {
            f.addDense(rows[i], labels[i], weights[i]);
        }
        return f;
    }

    private static String reference() {
        return of(new int[] {0, 1, 2, 3}, ROWS, LABELS, WEIGHTS).hex();
    }

    @Test
    void theOrderOfTheRowsAndTheirPartitioningDoNotMatter() {
        String straight = reference();
        assertEquals(straight, of(new int[] {3, 2, 0, 1}, ROWS, LABELS, WEIGHTS).hex());
        DataFingerprint left = of(new int[] {2, 0}, ROWS, LABELS, WEIGHTS);
        DataFingerprint right = of(new int[] {3, 1}, ROWS, LABELS, WEIGHTS);
        assertEquals(straight, right.merge(left).hex());
        assertEquals(4, right.rows());
        assertEquals(32, straight.length());
    }

    @Test
    void aSparseVectorHashesAsTheDenseOneOfTheSameValues() {
        DataFingerprint dense = new DataFingerprint().addDense(new double[] {0, 2.5, 0, -0.0, 7}, 1, 1);
        DataFingerprint sparse = new DataFingerprint().addSparse(5, new int[] {1, 4}, new double[] {2.5, 7}, 1, 1);
        DataFingerprint explicitZero = new DataFingerprint().addSparse(5, new int[] {0, 1, 4},
                new double[] {0, 2.5, 7}, 1, 1);
        assertEquals(dense.hex(), sparse.hex());
        assertEquals(dense.hex(), explicitZero.hex());
        DataFingerprint wider = new DataFingerprint().addSparse(6, new int[] {1, 4}, new double[] {2.5, 7}, 1, 1);
        assertNotEquals(dense.hex(), wider.hex(), "the size is part of the row");
        DataFingerprint moved = new DataFingerprint().addSparse(5, new int[] {1, 3}, new double[] {2.5, 7}, 1, 1);
        assertNotEquals(dense.hex(), moved.hex(), "positions are part of the row");
    }

    @Test
    void aChangedLabelWeightOrFeatureChangesIt() {
        String straight = reference();
        int[] all = {0, 1, 2, 3};
        assertNotEquals(straight, of(all, ROWS, new double[] {0, 0, 1, 2}, WEIGHTS).hex(), "a label");
        assertNotEquals(straight, of(all, ROWS, new double[] {1, 0, 1, 2}, WEIGHTS).hex(), "two labels swapped");
        assertNotEquals(straight, of(all, ROWS, LABELS, new double[] {1, 0.5, 2, 1.0000000000000002}).hex(), "a weight");
        double[][] feature = {ROWS[0], ROWS[1], {2, 2e-300, 0}, ROWS[3]};
        assertNotEquals(straight, of(all, feature, LABELS, WEIGHTS).hex(), "a feature");
        double[][] swapped = {{-1.25, 0, 0.5}, ROWS[1], ROWS[2], ROWS[3]};
        assertNotEquals(straight, of(all, swapped, LABELS, WEIGHTS).hex(), "two features swapped within a row");
        assertNotEquals(straight, of(new int[] {0, 1, 2}, ROWS, LABELS, WEIGHTS).hex(), "a row fewer");
        assertNotEquals(straight, of(new int[] {0, 1, 2, 3, 3}, ROWS, LABELS, WEIGHTS).hex(), "a row duplicated");
    }

    @Test
    void labelsPermutedAcrossRowsOfTheSameSizeAreTold() {
        Random r = new Random(13);
        double[][] rows = new double[200][4];
        double[] labels = new double[200];
        double[] weights = new double[200];
        int[] order = new int[200];
        for (int i = 0; i < 200; i++) {
            for (int j = 0; j < 4; j++) {
                rows[i][j] = r.nextGaussian();
            }
            labels[i] = i % 2;
            weights[i] = 1;
            order[i] = i;
        }
        String before = of(order, rows, labels, weights).hex();
        double[] flipped = labels.clone();
        for (int i = 0; i < 200; i++) {
            flipped[i] = 1 - labels[i];
        }
        assertNotEquals(before, of(order, rows, flipped, weights).hex(), "same rows, same label counts, other labels");
    }

    @Test
    void sparseArraysOfDifferentLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataFingerprint().addSparse(3, new int[] {0, 1}, new double[] {1}, 0, 1));
        assertEquals("a sparse vector has 2 indices but 1 values", e.getMessage());
    }
}
