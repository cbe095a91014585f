package org.odenet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.odenet.data.LabeledSamples;
import org.odenet.numerics.NetworkSpec;

/**
 * A chart of labelled 2-D points on a background coloured by a class-1 probability: the common form of
 * the decision-region, transformed-feature and snapshot figures.
 */
final class PlaneChart {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final String PROBABILITY_LABEL = "P(class 1)";

    private PlaneChart() {
    }

    /**
     * @param background the probabilities drawn behind the points; its box is the range of both axes
     * @param xy         points, 2×m column-major; not modified
     * @param labels     m labels (0 blue, anything else red)
     * @param legends    whether to add the class legend and the probability colour bar
     * @param pointSize  diameter of the dots in pixels
     */
    static JFreeChart create(String title, String xLabel, String yLabel, ProbabilityGrid background, double[] xy,
                             int[] labels, boolean legends, double pointSize) {
        if (xy.length != 2 * labels.length) {
            throw new IllegalArgumentException(labels.length + " labels need " + 2 * labels.length
                    + " coordinates, got " + xy.length);
        }
        PlaneBox box = background.box();
        NumberAxis xAxis = axis(xLabel, box.xMin(), box.xMax());
        NumberAxis yAxis = axis(yLabel, box.yMin(), box.yMax());
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(xAxis);
        plot.setRangeAxis(yAxis);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);

        plot.setDataset(0, backgroundDataset(background));
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(background.cellWidth());
        blocks.setBlockHeight(background.cellHeight());
        blocks.setPaintScale(Palette.probabilityScale());
        blocks.setSeriesVisibleInLegend(0, false);
        plot.setRenderer(0, blocks);

        plot.setDataset(1, pointDataset(xy, labels));
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        Ellipse2D dot = new Ellipse2D.Double(-pointSize / 2, -pointSize / 2, pointSize, pointSize);
        for (int series = 0; series < 2; series++) {
            dots.setSeriesShape(series, dot);
            dots.setSeriesPaint(series, Palette.label(series));
            dots.setSeriesOutlinePaint(series, Color.WHITE);
            dots.setSeriesOutlineStroke(series, new BasicStroke(0.6f));
        }
        dots.setUseOutlinePaint(true);
        dots.setDrawOutlines(true);
        plot.setRenderer(1, dots);

        JFreeChart chart = chart(plot, title, legends);
        if (legends) {
            NumberAxis scaleAxis = new NumberAxis(PROBABILITY_LABEL);
            scaleAxis.setRange(0, 1);
            scaleAxis.setTickUnit(new NumberTickUnit(0.25, new DecimalFormat("0.00",
                    DecimalFormatSymbols.getInstance(Locale.ROOT))));
            scaleAxis.setLabelFont(LABEL_FONT);
            PaintScaleLegend colourBar = new PaintScaleLegend(Palette.probabilityScale(), scaleAxis);
            colourBar.setPosition(RectangleEdge.RIGHT);
            colourBar.setStripWidth(12);
            colourBar.setSubdivisionCount(100);
            colourBar.setMargin(new RectangleInsets(20, 8, 20, 4));
            colourBar.setBackgroundPaint(Color.WHITE);
            chart.addSubtitle(colourBar);
        }
        return chart;
    }

    /**
     * Writes {@code plot} as a chart with the report's title font, a white background and a legend, as a PNG
     * of {@code size}.
     */
    static void writeWithLegend(Plot plot, String title, Path png, FigureSize size) throws IOException {
        Png.write(chart(plot, title, true), png, size);
    }

    /** {@code plot} as a chart with the report's title font and a white background, and a legend if asked. */
    static JFreeChart chart(Plot plot, String title, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        if (legend) {
            chart.getLegend().setItemFont(LABEL_FONT);
        }
        return chart;
    }

    /** A value axis with the report's label font whose range need not include zero. */
    static NumberAxis valueAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setLabelFont(LABEL_FONT);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /**
     * Checks that a network's inputs (and, if {@code statesToo}, its states: a state width of 2) and
     * its samples live in the plane, with two classes.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    static void requirePlanarBinary(NetworkSpec spec, LabeledSamples samples, boolean statesToo) {
        if (spec.inputWidth() != 2 || spec.numClasses() != 2 || statesToo && spec.stateWidth() != 2) {
            throw new IllegalArgumentException("plane figures need a network with 2 features" + (statesToo
                    ? " (and a state of 2 channels)" : "") + " and 2 classes, got " + spec);
        }
        if (samples.features() != 2) {
            throw new IllegalArgumentException("plane figures need 2-D samples, got " + samples.features()
                    + " features");
        }
        if (samples.size() == 0) {
            throw new IllegalArgumentException("plane figures need at least one sample");
        }
    }

    /** A reasonable dot diameter for a plot of this size in pixels. */
    static double pointSize(double width, double height) {
        return Math.max(3, Math.min(7, Math.min(width, height) / 110));
    }

    private static NumberAxis axis(String label, double lower, double upper) {
        NumberAxis axis = new NumberAxis(label);
        axis.setAutoRange(false);
        axis.setRange(lower, upper);
        axis.setLabelFont(LABEL_FONT);
        return axis;
    }

    private static DefaultXYZDataset backgroundDataset(ProbabilityGrid grid) {
        int r = grid.resolution();
        double[] centres = grid.box().cellCentres(r);
        double[][] xyz = new double[3][r * r];
        for (int c = 0; c < r * r; c++) {
            xyz[0][c] = centres[2 * c];
            xyz[1][c] = centres[2 * c + 1];
            xyz[2][c] = grid.probabilities()[c];
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries(PROBABILITY_LABEL, xyz);
        return dataset;
    }

    private static XYSeriesCollection pointDataset(double[] xy, int[] labels) {
        XYSeries zeros = new XYSeries("class 0", false, true);
        XYSeries ones = new XYSeries("class 1", false, true);
        for (int c = 0; c < labels.length; c++) {
            (labels[c] == 0 ? zeros : ones).add(xy[2 * c], xy[2 * c + 1], false);
        }
        XYSeriesCollection dataset = new XYSeriesCollection();
        dataset.addSeries(zeros);
        dataset.addSeries(ones);
        return dataset;
    }
}
