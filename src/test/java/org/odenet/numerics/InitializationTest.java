package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InitializationTest {

    @Test
    void sameSeedSameControlsOtherSeedOtherControls() {
        NetworkSpec spec = NetworkSpec.binary(2, 20, ButcherTableau.KUTTA4, Architecture.ODENET_SIMPLEX);
        for (Initialization init : Initialization.values()) {
            assertArrayEquals(init.initialize(spec, 7), init.initialize(spec, 7), 0.0);
            assertFalse(Arrays.equals(init.initialize(spec, 7), init.initialize(spec, 8)));
        }
    }

    @Test
    void paperSchemeMatchesTheReferenceCode() {
        NetworkSpec spec = NetworkSpec.binary(2, 20, ButcherTableau.EULER, Architecture.ODENET);
        double[] theta = Initialization.PAPER.initialize(spec, 3);
        ParameterLayout l = spec.layout();
        for (int j = 0; j < 20; j++) {
            assertEquals(0.05, theta[l.stepOffset(j)], 0.0);
            assertEquals(0.0, theta[l.betaOffset(j)]);
        }
        assertEquals(10.0, theta[l.wOffset()]);
        assertEquals(10.0, theta[l.wOffset() + 1]);
        assertEquals(0.0, theta[l.muOffset()]);
        double sumSq = 0;
        for (int i = 0; i < l.betaOffset(0); i++) {
            sumSq += theta[i] * theta[i];
        }
        double variance = sumSq / l.betaOffset(0);
        assertTrue(variance > 0.7 && variance < 1.3, "K entries ~ N(0,1), sample variance " + variance);
    }

    @Test
    void scaledSchemeKeepsTanhOutOfSaturationForLargeN() {
        NetworkSpec spec = NetworkSpec.binary(784, 2, ButcherTableau.EULER, Architecture.RESNET);
        double[] theta = Initialization.SCALED.initialize(spec, 1);
        double sumSq = 0;
        int count = 784 * 784;
        for (int i = 0; i < count; i++) {
            sumSq += theta[i] * theta[i];
        }
        assertEquals(1.0 / 784, sumSq / count, 0.05 / 784);
    }
}
