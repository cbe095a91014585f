package org.odenet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line per network over a common x axis, with markers at the data points: accuracy against the FGSM
 * perturbation size, or state growth ‖Y<sup>[j]</sup>‖/‖Y<sup>[0]</sup>‖ against the layer.
 */
public final class LinesFigure {
    static {
        Headless.ensure();
    }

    private LinesFigure() {
    }

    /**
     * Writes the figure as a PNG.
     *
     * @param x     the abscissae shared by every line
     * @param lines name → ordinates (same length as {@code x}), drawn in the map's order; non-finite points are
     *              left out
     * @throws IllegalArgumentException if there is no line or a line's length differs from x's
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, String title, String xLabel, String yLabel, double[] x,
                             Map<String, double[]> lines, FigureSize size) throws IOException {
        write(png, title, xLabel, yLabel, x, lines, NetworkColours.of(lines.keySet()), size);
    }

    /**
     * As {@link #write(Path, String, String, String, double[], Map, FigureSize)}, each line in its network's
     * colour of {@code colours}.
     *
     * @throws IllegalArgumentException also if a line has no colour there
     */
    public static void write(Path png, String title, String xLabel, String yLabel, double[] x,
                             Map<String, double[]> lines, NetworkColours colours, FigureSize size) throws IOException {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("need at least one line to draw");
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Map.Entry<String, double[]> e : lines.entrySet()) {
            double[] y = e.getValue();
            if (y.length != x.length) {
                throw new IllegalArgumentException("line '" + e.getKey() + "' has " + y.length + " points, x has "
                        + x.length);
            }
            XYSeries series = new XYSeries(e.getKey(), false, true);
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    series.add(x[i], y[i]);
                }
            }
            dataset.addSeries(series);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int s = 0;
        for (String network : lines.keySet()) {
            renderer.setSeriesPaint(s, colours.of(network));
            renderer.setSeriesStroke(s, new BasicStroke(1.8f));
            s++;
        }
        XYPlot plot = new XYPlot(dataset, PlaneChart.valueAxis(xLabel), PlaneChart.valueAxis(yLabel), renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        PlaneChart.writeWithLegend(plot, title, png, size);
    }
}
