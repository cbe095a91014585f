package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odenet.JavaSerialization.roundTrip;

import org.junit.jupiter.api.Test;

/** The network shape: its documented default, its validation, its copies, and the spec built from it. */
class NetworkShapeTest {

    @Test
    void defaultIsThePapersResNetWithTheAutomaticHead() {
        NetworkShape d = NetworkShape.DEFAULT;
        assertEquals(20, d.layers());
        assertEquals(1.0, d.finalTime());
        assertSame(ButcherTableau.EULER, d.tableau());
        assertSame(Architecture.RESNET, d.architecture());
        assertNull(d.head());
        assertEquals("auto", d.headName());
        assertEquals(0, d.stateWidth(), "0: the input width");
    }

    @Test
    void badValuesAreRefusedNamingTheParameter() {
        NetworkShape d = NetworkShape.DEFAULT;
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withLayers(0)), "layers must be >= 1, got 0");
        for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withFinalTime(t)),
                    "finalTime must be positive and finite, got " + t);
        }
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withStateWidth(-1)),
                "stateWidth must be >= 0 (0 for the input width), got -1");
        assertMessage(assertThrows(NullPointerException.class, () -> d.withTableau(null)), "tableau");
        assertMessage(assertThrows(NullPointerException.class, () -> d.withArchitecture(null)), "architecture");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> NetworkShape.headFromName("hinge")), "'hinge'");
    }

    @Test
    void copiesChangeOneFieldAndCompareByValue() {
        NetworkShape s = NetworkShape.DEFAULT.withLayers(7).withFinalTime(2).withTableau(ButcherTableau.KUTTA4)
                .withArchitecture(Architecture.ODENET).withHead(Head.LOGISTIC_CROSS_ENTROPY).withStateWidth(3);
        assertEquals(new NetworkShape(7, 2, ButcherTableau.KUTTA4, Architecture.ODENET, Head.LOGISTIC_CROSS_ENTROPY, 3), s);
        assertEquals(s.hashCode(), new NetworkShape(7, 2, ButcherTableau.KUTTA4, Architecture.ODENET,
                Head.LOGISTIC_CROSS_ENTROPY, 3).hashCode());
        assertNotEquals(NetworkShape.DEFAULT, s);
        assertEquals(20, NetworkShape.DEFAULT.layers(), "DEFAULT is unchanged");
        assertTrue(s.toString().contains("N=7") && s.toString().contains("kutta4"), s.toString());
        assertEquals(NetworkShape.DEFAULT, s.withLayers(20).withFinalTime(1).withTableau(ButcherTableau.EULER)
                .withArchitecture(Architecture.RESNET).withHead(null).withStateWidth(0));
        assertEquals(s, roundTrip(s));
    }

    @Test
    void autoHeadIsThePapersForTwoClassesAndSoftmaxForMore() {
        assertSame(Head.LOGISTIC_SQUARED_ERROR, NetworkShape.DEFAULT.headFor(2));
        assertSame(Head.SOFTMAX_CROSS_ENTROPY, NetworkShape.DEFAULT.headFor(3));
        assertSame(Head.LOGISTIC_CROSS_ENTROPY, NetworkShape.DEFAULT.withHead(Head.LOGISTIC_CROSS_ENTROPY).headFor(2));
        assertNull(NetworkShape.headFromName("auto"));
        assertSame(Head.SOFTMAX_CROSS_ENTROPY, NetworkShape.headFromName("softmax_cross_entropy"));
    }

    @Test
    void theSpecIsBuiltFromTheShape() {
        NetworkShape s = new NetworkShape(4, 1.5, ButcherTableau.KUTTA3, Architecture.ODENET_SIMPLEX, null, 5);
        NetworkSpec spec = s.specFor(3, 4);
        assertEquals(new NetworkSpec(3, 5, 4, 1.5, ButcherTableau.KUTTA3, Architecture.ODENET_SIMPLEX,
                Head.SOFTMAX_CROSS_ENTROPY, 4), spec);
        assertEquals(s.withHead(Head.SOFTMAX_CROSS_ENTROPY), spec.shape(), "the spec's shape has its head resolved");
        assertEquals(5, spec.stateWidth());
        assertEquals(3, spec.inputWidth());
        assertMessage(assertThrows(IllegalArgumentException.class, () -> s.specFor(0, 2)), "features", "0");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> s.withHead(Head.LOGISTIC_SQUARED_ERROR).specFor(2, 3)), "numClasses = 3");
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
    }
}
