package org.odenet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.io.IOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.odenet.optim.IterationMetrics;

/**
 * Loss (log scale, top) and accuracy (bottom) against the iteration (paper Figs. 6, 7 and 13), one colour
 * per run: solid lines for the training set, dashed for the validation (test) set, drawn through the rows
 * that carry validation metrics. The loss axis has its ticks at whole powers of ten; non-positive or
 * non-finite losses are left out of it.
 */
public final class TrainingCurvesFigure {
    static {
        Headless.ensure();
    }

    private static final Stroke SOLID = new BasicStroke(1.6f);
    private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 4f}, 0f);

    private TrainingCurvesFigure() {
    }

    /** The figure for one run. */
    public static void write(Path png, String title, List<IterationMetrics> history, FigureSize size)
            throws IOException {
        write(png, title, Map.of("run", history), size);
    }

    /**
     * Writes the figure as a PNG.
     *
     * @param runs name → history, drawn in the map's iteration order (use a {@link java.util.LinkedHashMap}
     *             for a stable order); histories are not modified
     * @throws IllegalArgumentException if there is no run
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, String title, Map<String, List<IterationMetrics>> runs, FigureSize size)
            throws IOException {
        write(png, title, runs, "validation", size);
    }

    /**
     * As {@link #write(Path, String, Map, FigureSize)}, naming the held-out set (e.g. "test") in the legend.
     */
    public static void write(Path png, String title, Map<String, List<IterationMetrics>> runs, String heldOutName,
                             FigureSize size) throws IOException {
        write(png, title, runs, heldOutName, NetworkColours.of(runs.keySet()), size);
    }

    /**
     * As {@link #write(Path, String, Map, String, FigureSize)}, each run in its network's colour of
     * {@code colours}.
     *
     * @throws IllegalArgumentException also if a run has no colour there
     */
    public static void write(Path png, String title, Map<String, List<IterationMetrics>> runs, String heldOutName,
                             NetworkColours colours, FigureSize size) throws IOException {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("need at least one run to draw");
        }
        boolean single = runs.size() == 1;
        XYSeriesCollection losses = new XYSeriesCollection();
        XYSeriesCollection accuracies = new XYSeriesCollection();
        XYLineAndShapeRenderer lossLines = new XYLineAndShapeRenderer(true, false);
        XYLineAndShapeRenderer accuracyLines = new XYLineAndShapeRenderer(true, false);
        accuracyLines.setDefaultSeriesVisibleInLegend(false);
        // one path per series, so that dashes run on across the short segments between validation rows
        lossLines.setDrawSeriesLineAsPath(true);
        accuracyLines.setDrawSeriesLineAsPath(true);
        for (Map.Entry<String, List<IterationMetrics>> entry : runs.entrySet()) {
            String prefix = single ? "" : entry.getKey() + " ";
            XYSeries trainLoss = new XYSeries(prefix + "train", false, true);
            XYSeries validationLoss = new XYSeries(prefix + heldOutName, false, true);
            XYSeries trainAccuracy = new XYSeries(prefix + "train", false, true);
            XYSeries validationAccuracy = new XYSeries(prefix + heldOutName, false, true);
            for (IterationMetrics row : entry.getValue()) {
                addLoss(trainLoss, row.iteration(), row.loss());
                addFinite(trainAccuracy, row.iteration(), row.accuracy());
                if (row.hasValidation()) {
                    addLoss(validationLoss, row.iteration(), row.validationLoss());
                    addFinite(validationAccuracy, row.iteration(), row.validationAccuracy());
                }
            }
            Color colour = colours.of(entry.getKey());
            add(losses, lossLines, trainLoss, colour, SOLID);
            add(losses, lossLines, validationLoss, colour, DASHED);
            add(accuracies, accuracyLines, trainAccuracy, colour, SOLID);
            add(accuracies, accuracyLines, validationAccuracy, colour, DASHED);
        }

        LogAxis lossAxis = new LogAxis("loss (log scale)");
        lossAxis.setLabelFont(PlaneChart.LABEL_FONT);
        lossAxis.setSmallestValue(1e-300);
        lossAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot lossPlot = new XYPlot(losses, null, lossAxis, lossLines);
        NumberAxis accuracyAxis = PlaneChart.valueAxis("accuracy");
        accuracyAxis.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
        XYPlot accuracyPlot = new XYPlot(accuracies, null, accuracyAxis, accuracyLines);
        for (XYPlot plot : List.of(lossPlot, accuracyPlot)) {
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        NumberAxis iterationAxis = PlaneChart.valueAxis("iteration");
        iterationAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(iterationAxis);
        combined.setGap(12);
        combined.add(lossPlot, 1);
        combined.add(accuracyPlot, 1);

        JFreeChart chart = PlaneChart.chart(combined, title, true);
        TextTitle key = new TextTitle("solid: training set, dashed: " + heldOutName + " set", PlaneChart.LABEL_FONT);
        chart.addSubtitle(key);
        Png.write(chart, png, size);
    }

    private static void addLoss(XYSeries series, int iteration, double loss) {
        if (loss > 0 && Double.isFinite(loss)) {
            series.add(iteration, loss, false);
        }
    }

    private static void addFinite(XYSeries series, int iteration, double value) {
        if (Double.isFinite(value)) {
            series.add(iteration, value, false);
        }
    }

    /** Adds a non-empty series with its style; a series of one point gets a marker, as no line shows it. */
    private static void add(XYSeriesCollection dataset, XYLineAndShapeRenderer renderer, XYSeries series,
                            Color colour, Stroke stroke) {
        if (series.isEmpty()) {
            return;
        }
        int index = dataset.getSeriesCount();
        dataset.addSeries(series);
        renderer.setSeriesPaint(index, colour);
        renderer.setSeriesStroke(index, stroke);
        renderer.setSeriesShapesVisible(index, series.getItemCount() == 1);
    }
}
