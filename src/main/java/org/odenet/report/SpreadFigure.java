package org.odenet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.category.ScatterRenderer;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.DefaultMultiValueCategoryDataset;

/**
 * The spread of a metric over draws, per data set and network: a box from the first to the third quartile
 * with the median, whiskers to the smallest and largest draw ({@link Spread}'s statistics, so the figure and
 * the table agree), and every draw as a dot over it (a strip plot), so that two groups of outcomes show as
 * two clusters of dots.
 */
public final class SpreadFigure {
    static {
        Headless.ensure();
    }

    private SpreadFigure() {
    }

    /**
     * Writes the figure as a PNG.
     *
     * @param draws data set → network → the metric of each draw (the maps' orders are the figure's); every
     *              data set must list the same networks, each with at least one finite value; values are
     *              scaled by {@code scale} (e.g. 100 for percentages)
     * @throws IllegalArgumentException if there is nothing to draw, the networks differ between data sets or a
     *                                  network has no colour
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, String title, String valueLabel, double scale,
                             Map<String, Map<String, double[]>> draws, NetworkColours colours, FigureSize size)
            throws IOException {
        if (draws.isEmpty()) {
            throw new IllegalArgumentException("need at least one data set to draw");
        }
        List<String> networks = List.copyOf(draws.values().iterator().next().keySet());
        DefaultBoxAndWhiskerCategoryDataset boxes = new DefaultBoxAndWhiskerCategoryDataset();
        DefaultMultiValueCategoryDataset dots = new DefaultMultiValueCategoryDataset();
        for (Map.Entry<String, Map<String, double[]>> dataSet : draws.entrySet()) {
            if (!List.copyOf(dataSet.getValue().keySet()).equals(networks)) {
                throw new IllegalArgumentException("data set '" + dataSet.getKey() + "' has networks "
                        + dataSet.getValue().keySet() + ", the first data set " + networks);
            }
            for (Map.Entry<String, double[]> network : dataSet.getValue().entrySet()) {
                double[] scaled = Arrays.stream(network.getValue()).filter(Double::isFinite)
                        .map(v -> v * scale).toArray();
                if (scaled.length == 0) {
                    throw new IllegalArgumentException(dataSet.getKey() + " / " + network.getKey()
                            + ": no finite value to draw");
                }
                Spread s = Spread.of(scaled);
                boxes.add(new BoxAndWhiskerItem(null, s.median(), s.q1(), s.q3(), s.min(), s.max(), null, null,
                        List.of()), network.getKey(), dataSet.getKey());
                List<Number> values = new ArrayList<>();
                for (double v : scaled) {
                    values.add(v);
                }
                dots.add(values, network.getKey(), dataSet.getKey());
            }
        }
        BoxAndWhiskerRenderer boxRenderer = new BoxAndWhiskerRenderer();
        boxRenderer.setMeanVisible(false);
        boxRenderer.setMaxOutlierVisible(false);
        boxRenderer.setMinOutlierVisible(false);
        boxRenderer.setUseOutlinePaintForWhiskers(true);
        CategoryAxis dataAxis = new CategoryAxis("data set");
        dataAxis.setLabelFont(PlaneChart.LABEL_FONT);
        ScatterRenderer dotRenderer = new ScatterRenderer();
        dotRenderer.setUseOutlinePaint(false);
        // The box renderer's item margin is a share of the plot's width, the scatter renderer's of a category's:
        // converted, each network's dots sit on the middle of its box.
        double categoryShare = 1 - dataAxis.getLowerMargin() - dataAxis.getUpperMargin()
                - (draws.size() > 1 ? dataAxis.getCategoryMargin() : 0);
        dotRenderer.setItemMargin(networks.size() > 1 ? boxRenderer.getItemMargin() / categoryShare : 0);
        Ellipse2D.Double dot = new Ellipse2D.Double(-3, -3, 6, 6);
        for (int s = 0; s < networks.size(); s++) {
            Color colour = colours.of(networks.get(s));
            Color light = new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 70);
            boxRenderer.setSeriesPaint(s, light);
            boxRenderer.setSeriesOutlinePaint(s, colour);
            boxRenderer.setSeriesOutlineStroke(s, new BasicStroke(1.4f));
            dotRenderer.setSeriesPaint(s, colour.darker());
            dotRenderer.setSeriesShape(s, dot);
            dotRenderer.setSeriesVisibleInLegend(s, false);
        }
        CategoryPlot plot = new CategoryPlot(boxes, dataAxis, PlaneChart.valueAxis(valueLabel), boxRenderer);
        plot.setDataset(1, dots);
        plot.setRenderer(1, dotRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        PlaneChart.writeWithLegend(plot, title, png, size);
    }
}
