/**
 * Pictures of what a network learned, in the forms of the paper's figures, and an HTML page that collects
 * them. Spark-free: everything here is a function of a {@link org.odenet.numerics.NetworkSpec}, its
 * parameters θ, samples and training histories.
 *
 * <ul>
 *   <li>{@link org.odenet.report.DecisionRegionFigure} — prediction over the input plane (Fig. 2, top);</li>
 *   <li>{@link org.odenet.report.TransformedFeaturesFigure} — features after the flow on the linear
 *       classifier (Fig. 2, bottom);</li>
 *   <li>{@link org.odenet.report.FeatureSnapshotsFigure} — features at a few layers (Figs. 3, 10–12);</li>
 *   <li>{@link org.odenet.report.TrainingCurvesFigure} — loss and accuracy, train vs validation (Figs. 6, 7, 13);</li>
 *   <li>{@link org.odenet.report.TimeStepsFigure} — learned time steps (Figs. 8, 14);</li>
 *   <li>{@link org.odenet.report.DigitFeaturesFigure} — MNIST inputs and transformed features (Fig. 15);</li>
 *   <li>{@link org.odenet.report.HtmlReport} — the page with a table of final metrics and the figures.</li>
 * </ul>
 *
 * <p>Each figure is one static {@code write} method that renders a PNG of a given {@link org.odenet.report.FigureSize}
 * (JFreeChart, or plain Java 2D for composed figures) and creates missing parent directories. The figure
 * classes switch AWT to headless mode unless the application chose a mode (see {@code Headless}).
 */
package org.odenet.report;
