package org.odenet.report;

import java.io.IOException;
import java.nio.file.Path;
import org.odenet.data.LabeledSamples;
import org.odenet.numerics.NetworkSpec;

/**
 * The network split into transformation and classification (paper Fig. 2, bottom rows): the samples after
 * the flow, y<sup>[N]</sup>, coloured by label, on a background coloured by the linear classifier
 * C(W y + μ) over the bounding box of the transformed points plus a margin. The background's boundary is
 * a straight line: the flow's job is to make the classes linearly separable.
 */
public final class TransformedFeaturesFigure {
    static {
        Headless.ensure();
    }

    private TransformedFeaturesFigure() {
    }

    /**
     * Writes the figure as a PNG.
     *
     * @param spec    a network with 2 features and 2 classes
     * @param theta   its parameters; not modified
     * @param samples 2-D labelled inputs, pushed through the network
     * @throws IllegalArgumentException if the network or the samples are not planar and binary
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, NetworkSpec spec, double[] theta, LabeledSamples samples, String title,
                             FigureSize size) throws IOException {
        PlaneChart.requirePlanarBinary(spec, samples, true);
        double[] transformed = FeatureFlow.finalState(spec, theta, samples.values());
        PlaneBox box = PlaneBox.around(transformed, PlaneBox.DEFAULT_MARGIN);
        ProbabilityGrid grid = ProbabilityGrid.evaluate(box, ProbabilityGrid.DEFAULT_RESOLUTION,
                points -> FeatureFlow.classifierProbability(spec, theta, points));
        int layers = spec.layers();
        Png.write(PlaneChart.create(title, "y₁ after layer " + layers, "y₂ after layer " + layers, grid, transformed,
                samples.labels(), true, PlaneChart.pointSize(size.width(), size.height())), png, size);
    }
}
