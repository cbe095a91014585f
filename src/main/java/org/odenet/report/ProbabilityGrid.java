package org.odenet.report;

import java.util.function.UnaryOperator;

/**
 * Class-1 probabilities on the cell centres of a square grid over a box (see
 * {@link PlaneBox#cellCentres(int)} for the order of the cells).
 *
 * @param box           the region covered
 * @param resolution    cells per side
 * @param probabilities {@code resolution²} values in [0, 1], cell (i, k) at {@code i + k·resolution}
 */
public record ProbabilityGrid(PlaneBox box, int resolution, double[] probabilities) {
    /** Cells per side of the backgrounds drawn by the figures. */
    public static final int DEFAULT_RESOLUTION = 200;

    public ProbabilityGrid {
        if (resolution < 1 || probabilities.length != resolution * resolution) {
            throw new IllegalArgumentException("a grid of resolution " + resolution + " needs "
                    + (long) resolution * resolution + " probabilities, got " + probabilities.length);
        }
    }

    /**
     * Evaluates a classifier on the grid.
     *
     * @param classifier maps 2×m column-major points to their m class-1 probabilities
     */
    public static ProbabilityGrid evaluate(PlaneBox box, int resolution, UnaryOperator<double[]> classifier) {
        return new ProbabilityGrid(box, resolution, classifier.apply(box.cellCentres(resolution)));
    }

    /** Width of a cell. */
    public double cellWidth() {
        return box.width() / resolution;
    }

    /** Height of a cell. */
    public double cellHeight() {
        return box.height() / resolution;
    }
}
