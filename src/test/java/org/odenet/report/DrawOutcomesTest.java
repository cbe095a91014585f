package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DrawOutcomesTest {
    @Test
    void aPlateauAndAnEscapeAreTwoModes() {
        // ResNet on donut1d as the issue describes it: some draws reach 92-97 %, the others stay at 59-69 %
        DrawOutcomes o = DrawOutcomes.of(0.59, 0.97, 0.62, 0.66, 0.92, 0.69, 0.64, 0.955, 0.61, 0.65);
        assertTrue(o.bimodal());
        assertEquals(2, o.nearBest(), "0.97 and 0.955 are within 2 points of the best; 0.92 is not");
        assertEquals(10, o.count());
        assertEquals(0.2, o.nearBestShare(), 1e-15);
    }

    @Test
    void evenlySpreadOrClusteredOutcomesAreOneMode() {
        assertFalse(DrawOutcomes.of(0.60, 0.64, 0.68, 0.72, 0.76, 0.80, 0.84, 0.88, 0.92, 0.96).bimodal());
        DrawOutcomes tight = DrawOutcomes.of(0.942, 0.938, 0.95, 0.944, 0.93, 0.946);
        assertFalse(tight.bimodal());
        assertEquals(6, tight.nearBest());
        // a gap of 1.5 points is within the 2-point tolerance: not two outcomes
        assertFalse(DrawOutcomes.of(0.900, 0.901, 0.902, 0.917, 0.918).bimodal());
    }

    @Test
    void oneDrawFarFromTightlyClusteredOthersIsASecondMode() {
        DrawOutcomes o = DrawOutcomes.of(0.94, 0.942, 0.66, 0.938, 0.944);
        assertTrue(o.bimodal());
        assertEquals(4, o.nearBest());
    }

    @Test
    void tooFewDrawsSayNothingAboutModes() {
        assertFalse(DrawOutcomes.of(0.6, 0.95, 0.96).bimodal());
        assertEquals(2, DrawOutcomes.of(0.6, 0.95, 0.96).nearBest());
    }

    @Test
    void twoPointsFromTheBestCountAsNear() {
        assertEquals(2, DrawOutcomes.of(0.942, 0.962).nearBest(), "0.962 - 0.942 rounds above 0.02 in binary");
    }

    @Test
    void missingAccuraciesAreRefused() {
        assertThrows(IllegalArgumentException.class, DrawOutcomes::of);
        assertThrows(IllegalArgumentException.class, () -> DrawOutcomes.of(0.9, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new DrawOutcomes(false, 3, 2));
    }
}
