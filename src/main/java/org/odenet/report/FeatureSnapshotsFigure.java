package org.odenet.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;
import org.odenet.data.LabeledSamples;
import org.odenet.numerics.NetworkSpec;

/**
 * The samples at a few layers of the flow, side by side (paper Figs. 3 and 10–12). As in the paper, every
 * panel's background is the same final classifier C(W y + μ), evaluated over that panel's box: it shows
 * where each intermediate state would be classified if the flow stopped there, and only the last panel is
 * the network's actual decision.
 */
public final class FeatureSnapshotsFigure {
    static {
        Headless.ensure();
    }

    /** Panels drawn by {@link #write(Path, NetworkSpec, double[], LabeledSamples, String, FigureSize)}. */
    public static final int DEFAULT_PANELS = 4;

    private static final int TITLE_BAND = 36;
    private static final int LEGEND_BAND = 30;

    private FeatureSnapshotsFigure() {
    }

    /**
     * {@code count} layers spread evenly over 0..N, always including 0 and N: round(k·N/(count−1)),
     * duplicates removed (so fewer if N + 1 &lt; count). For N = 15 and count = 4: 0, 5, 10, 15 as in the paper.
     */
    public static int[] evenlySpacedLayers(int layers, int count) {
        if (layers < 1 || count < 2) {
            throw new IllegalArgumentException("need layers >= 1 and count >= 2, got layers = " + layers
                    + ", count = " + count);
        }
        return IntStream.range(0, count)
                .map(k -> (int) Math.round((double) k * layers / (count - 1))).distinct().toArray();
    }

    /** The figure with {@link #DEFAULT_PANELS} evenly spaced layers. */
    public static void write(Path png, NetworkSpec spec, double[] theta, LabeledSamples samples, String title,
                             FigureSize size) throws IOException {
        write(png, spec, theta, samples, evenlySpacedLayers(spec.layers(), DEFAULT_PANELS), title, size);
    }

    /**
     * Writes the figure as a PNG: a title, one panel per entry of {@code layers}, and a legend.
     *
     * @param spec    a network with 2 features and 2 classes
     * @param theta   its parameters; not modified
     * @param samples 2-D labelled inputs, pushed through the network
     * @param layers  state indices in 0..N (0 = the inputs, N = the final state), one panel each, in order
     * @throws IllegalArgumentException if the network or samples are not planar and binary, or a layer is
     *                                  out of range
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, NetworkSpec spec, double[] theta, LabeledSamples samples, int[] layers,
                             String title, FigureSize size) throws IOException {
        PlaneChart.requirePlanarBinary(spec, samples, true);
        if (layers.length == 0) {
            throw new IllegalArgumentException("need at least one layer to draw");
        }
        for (int j : layers) {
            if (j < 0 || j > spec.layers()) {
                throw new IllegalArgumentException("layer " + j + " outside 0.." + spec.layers() + " in "
                        + Arrays.toString(layers));
            }
        }
        double[][] states = FeatureFlow.states(spec, theta, samples.values());
        double[] times = spec.architecture().isRungeKutta() ? TimeSteps.times(TimeSteps.of(spec, theta)) : null;

        BufferedImage image = Png.canvas(size);
        Graphics2D g2 = Png.graphics(image);
        try {
            TextDrawing.centred(g2, title, TextDrawing.TITLE_FONT, 0, 0, size.width(), TITLE_BAND);
            double panelWidth = (double) size.width() / layers.length;
            double panelHeight = size.height() - TITLE_BAND - LEGEND_BAND;
            for (int p = 0; p < layers.length; p++) {
                int j = layers[p];
                PlaneBox box = PlaneBox.around(states[j], PlaneBox.DEFAULT_MARGIN);
                ProbabilityGrid grid = ProbabilityGrid.evaluate(box, ProbabilityGrid.DEFAULT_RESOLUTION,
                        points -> FeatureFlow.classifierProbability(spec, theta, points));
                JFreeChart panel = PlaneChart.create(panelTitle(j, spec.layers(), times), "y₁", "y₂", grid,
                        states[j], samples.labels(), false, PlaneChart.pointSize(panelWidth, panelHeight));
                panel.getTitle().setFont(TextDrawing.PANEL_TITLE_FONT);
                panel.draw(g2, new Rectangle2D.Double(p * panelWidth, TITLE_BAND, panelWidth, panelHeight));
            }
            TextDrawing.planeLegend(g2, "background: final classifier P(class 1)", 0,
                    size.height() - LEGEND_BAND, size.width(), LEGEND_BAND);
        } finally {
            g2.dispose();
        }
        Png.write(image, png);
    }

    private static String panelTitle(int j, int layers, double[] times) {
        String name = j == 0 ? "input (layer 0)" : j == layers ? "final (layer " + j + ")" : "layer " + j;
        return times == null ? name : String.format(Locale.ROOT, "%s, t = %.2f", name, times[j]);
    }
}
