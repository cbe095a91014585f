package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.Block;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.NetworkTrace;
import org.odenet.numerics.TestNetworks;

/** Boxes, grids and the forward flow the figures are drawn from. */
class PlaneBoxTest {

    @Test
    void theBoxIsTheBoundingBoxPlusAMargin() {
        PlaneBox box = PlaneBox.around(new double[] {0, 0, 2, 1, 1, -1}, 0.1);
        assertEquals(-0.2, box.xMin(), 1e-12);
        assertEquals(2.2, box.xMax(), 1e-12);
        assertEquals(-1.2, box.yMin(), 1e-12);
        assertEquals(1.2, box.yMax(), 1e-12);
    }

    @Test
    void flatSidesGetTheOtherSpan() {
        PlaneBox line = PlaneBox.around(new double[] {0, 3, 2, 3}, 0);
        assertEquals(2, line.height(), 1e-12);
        assertEquals(2, line.yMin(), 1e-12);
        assertEquals(4, line.yMax(), 1e-12);
        PlaneBox point = PlaneBox.around(new double[] {5, 5}, 0);
        assertEquals(1, point.width(), 1e-12);
        assertEquals(1, point.height(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> PlaneBox.around(new double[] {0, Double.NaN}, 0));
    }

    @Test
    void cellCentresRunAlongXFirst() {
        PlaneBox box = new PlaneBox(0, 2, 0, 4);
        assertArrayEquals(new double[] {0.5, 1, 1.5, 1, 0.5, 3, 1.5, 3}, box.cellCentres(2));
    }

    @Test
    void theFlowMatchesTheEvaluatorsTraceAcrossChunks() {
        NetworkSpec spec = NetworkSpec.binary(2, 3, ButcherTableau.IMPROVED_EULER, Architecture.ODENET);
        double[] theta = TestNetworks.randomTheta(spec, 11);
        int m = FeatureFlow.chunkSize(2) + 37;
        Block block = TestNetworks.randomBlock(2, m, 2, 4);
        double[][] states = FeatureFlow.states(spec, theta, block.values());
        NetworkTrace trace = new NetworkEvaluator(spec, m).trace(theta, block);
        for (int j = 0; j <= spec.layers(); j++) {
            assertArrayEquals(trace.states()[j], states[j], 0, "state " + j);
        }
    }
}
