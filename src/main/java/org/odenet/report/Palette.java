package org.odenet.report;

import java.awt.Color;
import java.awt.Paint;
import java.util.List;
import org.jfree.chart.renderer.PaintScale;

/**
 * The colours of the figures: class 0 blue and class 1 red as in the paper, a blue–white–red scale for
 * probabilities, and distinct colours for the compared networks (assigned by {@link NetworkColours}).
 */
final class Palette {
    /** Points of class 0. */
    static final Color CLASS_0 = new Color(25, 70, 170);
    /** Points of class 1. */
    static final Color CLASS_1 = new Color(200, 25, 35);
    /** Background at probability 0 of class 1. */
    static final Color BACKGROUND_0 = new Color(120, 170, 220);
    /** Background at probability ½. */
    static final Color BACKGROUND_HALF = new Color(248, 248, 248);
    /** Background at probability 1 of class 1. */
    static final Color BACKGROUND_1 = new Color(235, 130, 120);

    /** One colour per network in report order; cycles after the last. */
    private static final List<Color> SERIES = List.of(
            new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
            new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127));

    private Palette() {
    }

    static Color label(int label) {
        return label == 0 ? CLASS_0 : CLASS_1;
    }

    static Color series(int index) {
        return SERIES.get(index % SERIES.size());
    }

    /** The background colour of a class-1 probability p (clamped to [0, 1]; NaN draws grey). */
    static Color probability(double p) {
        if (Double.isNaN(p)) {
            return Color.GRAY;
        }
        double q = Math.max(0, Math.min(1, p));
        return q < 0.5 ? blend(BACKGROUND_0, BACKGROUND_HALF, q / 0.5) : blend(BACKGROUND_HALF, BACKGROUND_1, (q - 0.5) / 0.5);
    }

    /** {@link #probability(double)} as a JFreeChart scale over [0, 1]. */
    static PaintScale probabilityScale() {
        return new PaintScale() {
            @Override
            public double getLowerBound() {
                return 0;
            }

            @Override
            public double getUpperBound() {
                return 1;
            }

            @Override
            public Paint getPaint(double value) {
                return probability(value);
            }
        };
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color(mix(a.getRed(), b.getRed(), t), mix(a.getGreen(), b.getGreen(), t), mix(a.getBlue(), b.getBlue(), t));
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }
}
