package org.odenet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.ClusteredXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The time step h<sub>j</sub> of every layer j as bars, one colour per network ({@link NetworkColours}),
 * with a line at zero
 * (paper Figs. 8 and 14): ResNet's are equal, ODENet's may be negative, ODENet+simplex's are sparse.
 * Each legend entry gives the network's total time Σ h<sub>j</sub>.
 */
public final class TimeStepsFigure {
    static {
        Headless.ensure();
    }

    private TimeStepsFigure() {
    }

    /**
     * Writes the figure as a PNG.
     *
     * @param steps name → h<sub>0..N−1</sub> (see {@link TimeSteps#of}), drawn in the map's iteration order;
     *              the arrays are not modified and may differ in length
     * @throws IllegalArgumentException if there is no network, or a network has no steps or a non-finite one
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, String title, Map<String, double[]> steps, FigureSize size)
            throws IOException {
        write(png, title, steps, NetworkColours.of(steps.keySet()), size);
    }

    /**
     * As {@link #write(Path, String, Map, FigureSize)}, each network in its colour of {@code colours}.
     *
     * @throws IllegalArgumentException also if a network has no colour there
     */
    public static void write(Path png, String title, Map<String, double[]> steps, NetworkColours colours,
                             FigureSize size) throws IOException {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("need at least one network's steps to draw");
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        int longest = 0;
        for (Map.Entry<String, double[]> entry : steps.entrySet()) {
            double[] h = entry.getValue();
            if (h.length == 0) {
                throw new IllegalArgumentException("network '" + entry.getKey() + "' has no steps");
            }
            longest = Math.max(longest, h.length);
            double total = 0;
            for (double step : h) {
                if (!Double.isFinite(step)) {
                    throw new IllegalArgumentException("network '" + entry.getKey() + "' has a non-finite step " + step);
                }
                total += step;
            }
            XYSeries series = new XYSeries(String.format(Locale.ROOT, "%s (Σh = %.3g)", entry.getKey(), total),
                    false, true);
            for (int j = 0; j < h.length; j++) {
                series.add(j, h[j]);
            }
            dataset.addSeries(series);
        }
        dataset.setIntervalWidth(0.8);

        ClusteredXYBarRenderer bars = new ClusteredXYBarRenderer(0.0, false);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        int s = 0;
        for (String network : steps.keySet()) {
            bars.setSeriesPaint(s++, colours.of(network));
        }
        NumberAxis layerAxis = new NumberAxis("layer j");
        layerAxis.setRange(-0.6, longest - 0.4);
        layerAxis.setLabelFont(PlaneChart.LABEL_FONT);
        layerAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis stepAxis = new NumberAxis("time step hⱼ");
        stepAxis.setLabelFont(PlaneChart.LABEL_FONT);
        XYPlot plot = new XYPlot(dataset, layerAxis, stepAxis, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.addRangeMarker(new ValueMarker(0, Color.BLACK, new BasicStroke(2f)));

        PlaneChart.writeWithLegend(plot, title, png, size);
    }
}
