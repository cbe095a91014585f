package org.odenet.report;

import java.io.IOException;
import java.nio.file.Path;
import org.odenet.data.LabeledSamples;
import org.odenet.numerics.NetworkSpec;

/**
 * The prediction of a planar binary network (paper Fig. 2, top rows): the samples, coloured by label, on a
 * background coloured by the probability the whole network gives class 1, over the samples' bounding box
 * plus a margin. A good classifier has the blue dots on blue ground and the red ones on red.
 */
public final class DecisionRegionFigure {
    static {
        Headless.ensure();
    }

    private DecisionRegionFigure() {
    }

    /**
     * Writes the figure as a PNG.
     *
     * @param spec    a network with 2 features and 2 classes
     * @param theta   its parameters; not modified
     * @param samples 2-D labelled points (typically the training or test set)
     * @throws IllegalArgumentException if the network or the samples are not planar and binary
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, NetworkSpec spec, double[] theta, LabeledSamples samples, String title,
                             FigureSize size) throws IOException {
        PlaneChart.requirePlanarBinary(spec, samples, false);
        PlaneBox box = PlaneBox.around(samples.values(), PlaneBox.DEFAULT_MARGIN);
        ProbabilityGrid grid = ProbabilityGrid.evaluate(box, ProbabilityGrid.DEFAULT_RESOLUTION,
                points -> FeatureFlow.classOneProbability(spec, theta, points));
        Png.write(PlaneChart.create(title, "x₁", "x₂", grid, samples.values(), samples.labels(), true,
                PlaneChart.pointSize(size.width(), size.height())), png, size);
    }
}
