package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.IterationMetrics;

/** Training curves and time steps. */
class ChartFiguresTest {
    private static final FigureSize SIZE = new FigureSize(320, 260);

    @TempDir
    Path dir;

    /** A decaying loss and a rising accuracy; validation on every 10th row. */
    private static List<IterationMetrics> history(int iterations, double rate) {
        List<IterationMetrics> rows = new ArrayList<>();
        for (int k = 1; k <= iterations; k++) {
            double loss = 0.2 * Math.exp(-rate * k);
            double accuracy = 1 - 0.5 * Math.exp(-rate * k);
            boolean validation = k % 10 == 0;
            rows.add(new IterationMetrics(k, loss, accuracy, 1, 1, 0.1, 0.01 * k,
                    validation ? 1.2 * loss : Double.NaN, validation ? accuracy - 0.01 : Double.NaN));
        }
        return rows;
    }

    @Test
    void curvesOfSeveralRunsUseOneColourPerRun() throws IOException {
        Map<String, List<IterationMetrics>> runs = new LinkedHashMap<>();
        runs.put("ResNet", history(200, 0.02));
        runs.put("ODENet", history(200, 0.01));
        Path png = dir.resolve("curves.png");
        TrainingCurvesFigure.write(png, "curves", runs, SIZE);
        BufferedImage image = ReportFixtures.readPng(png, SIZE);
        for (int run = 0; run < 2; run++) {
            Color colour = Palette.series(run);
            assertTrue(ReportFixtures.fraction(image, rgb -> ReportFixtures.near(rgb, colour, 10)) > 0.001,
                    "run " + run + " is drawn in its colour");
        }
    }

    @Test
    void curvesCopeWithOneRunALossWithinOneDecadeAndASingleValidationRow() throws IOException {
        List<IterationMetrics> rows = new ArrayList<>();
        for (int k = 1; k <= 30; k++) {
            double loss = 0.05 - 0.0005 * k;
            rows.add(new IterationMetrics(k, loss, 0.8, 1, 1, 0.1, k, k == 30 ? loss : Double.NaN,
                    k == 30 ? 0.79 : Double.NaN));
        }
        Path png = dir.resolve("one.png");
        TrainingCurvesFigure.write(png, "one run", rows, SIZE);
        BufferedImage image = ReportFixtures.readPng(png, SIZE);
        assertTrue(ReportFixtures.fraction(image, rgb -> ReportFixtures.near(rgb, Palette.series(0), 10)) > 0.001);
        assertThrows(IllegalArgumentException.class,
                () -> TrainingCurvesFigure.write(png, "none", Map.of(), SIZE));
    }

    @Test
    void stepsShowEveryNetworkAndTheZeroLine() throws IOException {
        Map<String, double[]> steps = new LinkedHashMap<>();
        steps.put("ResNet", new double[] {0.25, 0.25, 0.25, 0.25});
        steps.put("ODENet", new double[] {0.6, -0.3, 0.5, 0.2});
        steps.put("ODENet+simplex", new double[] {0, 0.7, 0, 0.3});
        Path png = dir.resolve("steps.png");
        TimeStepsFigure.write(png, "steps", steps, SIZE);
        BufferedImage image = ReportFixtures.readPng(png, SIZE);
        for (int s = 0; s < 3; s++) {
            Color colour = Palette.series(s);
            assertTrue(ReportFixtures.fraction(image, rgb -> ReportFixtures.near(rgb, colour, 10)) > 0.002,
                    "network " + s + " has bars in its colour");
        }
        assertTrue(hasBlackRow(image, SIZE.width() / 2), "a horizontal black line (the zero line) is drawn");
        assertThrows(IllegalArgumentException.class, () -> TimeStepsFigure.write(png, "bad",
                Map.of("nan", new double[] {Double.NaN}), SIZE));
    }

    @Test
    void aNetworkHasOneColourInTheCurvesAndInTheBars() throws IOException {
        Map<String, List<IterationMetrics>> runs = new LinkedHashMap<>();
        runs.put("Net", history(200, 0.03));
        runs.put("ResNet", history(200, 0.02));
        runs.put("ODENet", history(200, 0.01));
        Map<String, double[]> steps = new LinkedHashMap<>(); // Net has no steps: the bars show a subset
        steps.put("ResNet", new double[] {0.25, 0.25, 0.25, 0.25});
        steps.put("ODENet", new double[] {0.6, -0.3, 0.5, 0.2});
        NetworkColours colours = NetworkColours.of(runs.keySet());
        Path curvesPng = dir.resolve("curves.png");
        Path stepsPng = dir.resolve("steps.png");
        TrainingCurvesFigure.write(curvesPng, "curves", runs, "test", colours, SIZE);
        TimeStepsFigure.write(stepsPng, "steps", steps, colours, SIZE);
        BufferedImage curves = ReportFixtures.readPng(curvesPng, SIZE);
        BufferedImage bars = ReportFixtures.readPng(stepsPng, SIZE);
        for (String network : runs.keySet()) {
            Color colour = colours.of(network);
            assertTrue(ReportFixtures.fraction(curves, rgb -> ReportFixtures.near(rgb, colour, 10)) > 0.001,
                    network + " is drawn in its colour in the curves");
            double inBars = ReportFixtures.fraction(bars, rgb -> ReportFixtures.near(rgb, colour, 10));
            assertTrue(steps.containsKey(network) ? inBars > 0.002 : inBars == 0,
                    network + " has bars in its colour, and only then: " + inBars);
        }
        assertEquals(Palette.series(1), colours.of("ResNet"), "colours follow the order of all networks");
        assertThrows(IllegalArgumentException.class, () -> colours.of("ODENet+simplex"));
        assertThrows(IllegalArgumentException.class, () -> NetworkColours.of(List.of("Net", "Net")));
    }

    @Test
    void timeStepsOfResNetAreUniformAndNetHasNone() {
        NetworkSpec resnet = NetworkSpec.binary(2, 4, ButcherTableau.EULER, Architecture.RESNET);
        double[] h = TimeSteps.of(resnet, new double[resnet.layout().size()]);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, h);
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, TimeSteps.times(h), 1e-15);
        NetworkSpec odenet = resnet.withArchitecture(Architecture.ODENET);
        double[] theta = new double[odenet.layout().size()];
        theta[odenet.layout().stepOffset(2)] = -0.5;
        assertEquals(-0.5, TimeSteps.of(odenet, theta)[2]);
        NetworkSpec net = resnet.withArchitecture(Architecture.NET);
        assertThrows(IllegalArgumentException.class, () -> TimeSteps.of(net, new double[net.layout().size()]));
    }

    /** Whether some row has a run of at least {@code length} nearly black pixels. */
    private static boolean hasBlackRow(BufferedImage image, int length) {
        for (int y = 0; y < image.getHeight(); y++) {
            int run = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                run = ReportFixtures.near(rgb, Color.BLACK, 40) ? run + 1 : 0;
                if (run >= length) {
                    return true;
                }
            }
        }
        return false;
    }
}
