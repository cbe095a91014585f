package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkSpec;

/** The grid of 28×28 pictures. */
class DigitFeaturesFigureTest {
    @TempDir
    Path dir;

    @Test
    void inputsAndTransformedFeaturesOfSeveralNetworksFillTheGrid() throws IOException {
        int n = 784;
        int m = 3;
        Random random = new Random(3);
        double[] inputs = new double[n * m];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = random.nextDouble() < 0.2 ? random.nextDouble() : 0;
        }
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (Architecture a : new Architecture[] {Architecture.NET, Architecture.RESNET}) {
            NetworkSpec spec = NetworkSpec.binary(n, 1, ButcherTableau.EULER, a);
            rows.put(a.configName(), FeatureFlow.finalState(spec, Initialization.SCALED.initialize(spec, 1), inputs));
        }
        FigureSize size = new FigureSize(300, 260);
        Path png = dir.resolve("digits.png");
        DigitFeaturesFigure.write(png, "digits", 28, inputs, rows, size);
        BufferedImage image = ReportFixtures.readPng(png, size);
        assertTrue(ReportFixtures.fraction(image, rgb -> ReportFixtures.near(rgb, Color.BLACK, 10)) > 0.05,
                "the inputs' black background shows");
        assertTrue(ReportFixtures.distinctColours(image) > 50, "grey levels of the transformed features show");
    }

    @Test
    void eachPictureIsScaledFromItsMinimumToItsMaximum() {
        double[] values = {9, -1, 4, 0, /* constant: */ 2, 2, 2, 2};
        BufferedImage scaled = DigitFeaturesFigure.picture(values, 0, 2);
        assertEquals(255, scaled.getRaster().getSample(0, 0, 0));
        assertEquals(0, scaled.getRaster().getSample(1, 0, 0));
        assertEquals(128, scaled.getRaster().getSample(0, 1, 0));
        assertEquals(26, scaled.getRaster().getSample(1, 1, 0));
        BufferedImage constant = DigitFeaturesFigure.picture(values, 4, 2);
        assertEquals(128, constant.getRaster().getSample(1, 1, 0));
    }

    @Test
    void mismatchedRowsAndTooSmallFiguresAreRejected() {
        double[] inputs = new double[2 * 16];
        Path png = dir.resolve("bad.png");
        assertThrows(IllegalArgumentException.class, () -> DigitFeaturesFigure.write(png, "bad", 4, inputs,
                Map.of("short", new double[16]), new FigureSize(200, 200)));
        assertThrows(IllegalArgumentException.class, () -> DigitFeaturesFigure.write(png, "bad", 5, inputs,
                Map.of(), new FigureSize(200, 200)));
        double[] many = new double[500 * 16];
        assertThrows(IllegalArgumentException.class, () -> DigitFeaturesFigure.write(png, "too many", 4, many,
                Map.of(), new FigureSize(200, 200)));
    }
}
