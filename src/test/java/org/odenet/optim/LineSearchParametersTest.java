package org.odenet.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odenet.JavaSerialization.roundTrip;

import org.junit.jupiter.api.Test;

/** The line-search constants: the reference code's default, validation naming the parameter, copies. */
class LineSearchParametersTest {

    @Test
    void defaultIsTheReferenceCodes() {
        LineSearchParameters d = LineSearchParameters.DEFAULT;
        assertEquals(0.1, d.initialLipschitz());
        assertEquals(1.5, d.increase());
        assertEquals(0.99, d.decrease());
        assertEquals(200, d.maxTries());
    }

    @Test
    void badValuesAreRefusedNamingTheParameter() {
        LineSearchParameters d = LineSearchParameters.DEFAULT;
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withInitialLipschitz(0)),
                "initialLipschitz (L0) must be positive and finite, got 0.0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withIncrease(1)),
                "increase (rho_up) must be > 1 and finite, got 1.0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withDecrease(1.2)),
                "decrease (rho_down) must be in (0, 1], got 1.2");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withMaxTries(0)),
                "maxTries must be at least 1, got 0");
    }

    @Test
    void copiesChangeOneFieldAndCompareByValue() throws Exception {
        LineSearchParameters p = LineSearchParameters.DEFAULT.withInitialLipschitz(2).withIncrease(3)
                .withDecrease(0.5).withMaxTries(7);
        assertEquals(new LineSearchParameters(2, 3, 0.5, 7), p);
        assertEquals(new LineSearchParameters(2, 3, 0.5, 7).hashCode(), p.hashCode());
        assertNotEquals(LineSearchParameters.DEFAULT, p);
        assertEquals("LineSearchParameters[initialLipschitz=2.0, increase=3.0, decrease=0.5, maxTries=7]",
                p.toString());
        assertEquals(p, roundTrip(p));
    }

    private static void assertMessage(Throwable e, String expected) {
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
