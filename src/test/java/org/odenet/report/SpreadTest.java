package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpreadTest {
    @Test
    void quartilesInterpolateBetweenOrderStatistics() {
        // 1..10 in shuffled order: positions 2.25, 4.5 and 6.75 of the sorted values (numpy.percentile)
        Spread s = Spread.of(7, 3, 10, 1, 5, 9, 2, 8, 4, 6);
        assertEquals(10, s.count());
        assertEquals(1, s.min());
        assertEquals(3.25, s.q1(), 1e-15);
        assertEquals(5.5, s.median(), 1e-15);
        assertEquals(7.75, s.q3(), 1e-15);
        assertEquals(10, s.max());
        assertEquals(4.5, s.interquartileRange(), 1e-15);
        Spread odd = Spread.of(0.9, 0.1, 0.5);
        assertEquals(0.5, odd.median());
        assertEquals(0.3, odd.q1(), 1e-15);
        assertEquals(0.7, odd.q3(), 1e-15);
    }

    @Test
    void oneDrawIsItsOwnSpread() {
        Spread s = Spread.of(0.664);
        assertEquals(new Spread(1, 0.664, 0.664, 0.664, 0.664, 0.664), s);
    }

    @Test
    void aDrawWithoutValueMakesEveryStatisticNaN() {
        Spread s = Spread.of(0.9, Double.NaN, 0.8);
        assertEquals(3, s.count());
        assertTrue(Double.isNaN(s.median()) && Double.isNaN(s.min()) && Double.isNaN(s.max()));
    }

    @Test
    void noDrawsOrDisorderedStatisticsAreRefused() {
        assertThrows(IllegalArgumentException.class, Spread::of);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Spread(3, 0.5, 0.4, 0.6, 0.7, 0.8));
        assertTrue(e.getMessage().contains("min <= q1"), e.getMessage());
    }
}
