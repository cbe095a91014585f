package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ButcherTableauTest {

    @Test
    void builtInTableauxHaveThePapersCoefficients() {
        assertEquals(1, ButcherTableau.EULER.stages());
        assertEquals(1.0, ButcherTableau.IMPROVED_EULER.a(1, 0));
        assertEquals(-1.0, ButcherTableau.KUTTA3.a(2, 0));
        assertEquals(2.0, ButcherTableau.KUTTA3.a(2, 1));
        assertEquals(2.0 / 3, ButcherTableau.KUTTA3.b(1));
        assertEquals(1.0, ButcherTableau.KUTTA4.a(3, 2));
        assertEquals(0.0, ButcherTableau.KUTTA4.a(3, 1));
        assertEquals(1.0 / 3, ButcherTableau.KUTTA4.b(2));
    }

    @Test
    void lookupByNameIsCaseInsensitiveAndListsKnownNames() {
        assertSame(ButcherTableau.KUTTA4, ButcherTableau.byName("Kutta4"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ButcherTableau.byName("rk45"));
        assertTrue(e.getMessage().contains("'rk45'") && e.getMessage().contains("improved_euler"), e.getMessage());
    }

    @Test
    void acceptsUserTableauWithZeroWeight() {
        ButcherTableau t = TestNetworks.ZERO_WEIGHT;
        assertEquals(0.0, t.b(1));
        assertEquals(3, t.stages());
    }

    @Test
    void rejectsImplicitTableau() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("trapezoid",
                new double[][] {{0, 0}, {0.5, 0.5}}, new double[] {0.5, 0.5}, new double[] {0, 1}));
        assertTrue(e.getMessage().contains("not explicit") && e.getMessage().contains("a[1][1] = 0.5"), e.getMessage());
    }

    @Test
    void rejectsWeightsNotSummingToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad",
                new double[][] {{0, 0}, {1, 0}}, new double[] {0.5, 0.4}, new double[] {0, 1}));
        assertTrue(e.getMessage().contains("weights b must sum to 1") && e.getMessage().contains("0.9"), e.getMessage());
    }

    @Test
    void rejectsRowSumsDifferentFromNodes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad",
                new double[][] {{0, 0}, {1, 0}}, new double[] {0.5, 0.5}, new double[] {0, 0.5}));
        assertTrue(e.getMessage().contains("row 1 of a sums to 1.0 but c[1] = 0.5"), e.getMessage());
    }

    @Test
    void rejectsInconsistentShapesAndNonFiniteEntries() {
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad",
                new double[][] {{0}}, new double[] {0.5, 0.5}, new double[] {0, 1}));
        assertTrue(shapes.getMessage().contains("shapes disagree"), shapes.getMessage());
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad",
                new double[][] {{0, 0}, {1}}, new double[] {0.5, 0.5}, new double[] {0, 1}));
        assertTrue(ragged.getMessage().contains("row 1 of a must have 2 entries"), ragged.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad",
                new double[][] {{0, 0}, {Double.NaN, 0}}, new double[] {0.5, 0.5}, new double[] {0, 1}));
        assertTrue(nan.getMessage().contains("a[1][0] = NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("empty",
                new double[0][], new double[0], new double[0]));
    }

    @Test
    void copiesItsInput() {
        double[] b = {1};
        ButcherTableau t = new ButcherTableau("mine", new double[][] {{0}}, b, new double[] {0});
        b[0] = 7;
        assertEquals(1.0, t.b(0));
        assertEquals(t, new ButcherTableau("mine", new double[][] {{0}}, new double[] {1}, new double[] {0}));
    }
}
