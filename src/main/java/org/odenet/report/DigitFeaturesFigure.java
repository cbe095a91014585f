package org.odenet.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Square images as a grid of small grey pictures (paper Fig. 15): one column per sample; the first row the
 * inputs, then one row per network with its transformed features y<sup>[N]</sup>
 * ({@link FeatureFlow#finalState}). Each picture is min–max scaled on its own, black the smallest value
 * and white the largest; a constant picture is drawn mid-grey.
 */
public final class DigitFeaturesFigure {
    static {
        Headless.ensure();
    }

    /** Label of the first row. */
    public static final String INPUT_ROW = "input";

    private static final int TITLE_BAND = 36;
    private static final int PADDING = 10;
    private static final int GAP = 4;

    private DigitFeaturesFigure() {
    }

    /**
     * Writes the figure as a PNG.
     *
     * @param side        pixels per side of one picture (28 for MNIST); every sample has side² features,
     *                    stored row by row
     * @param inputs      side²×m column-major, the m samples to show (a handful); not modified
     * @param transformed name → side²×m column-major, the same samples after each network; drawn in the
     *                    map's iteration order; not modified
     * @throws IllegalArgumentException if a matrix does not have side²×m entries, or the pictures do not fit
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path png, String title, int side, double[] inputs, Map<String, double[]> transformed,
                             FigureSize size) throws IOException {
        if (side < 1) {
            throw new IllegalArgumentException("side must be at least 1, got " + side);
        }
        int n = side * side;
        if (inputs.length == 0 || inputs.length % n != 0) {
            throw new IllegalArgumentException("inputs must hold a positive whole number of " + side + "×" + side
                    + " pictures, got " + inputs.length + " values");
        }
        int m = inputs.length / n;
        Map<String, double[]> rows = new LinkedHashMap<>();
        rows.put(INPUT_ROW, inputs);
        for (Map.Entry<String, double[]> entry : transformed.entrySet()) {
            if (entry.getValue().length != inputs.length) {
                throw new IllegalArgumentException("row '" + entry.getKey() + "' has " + entry.getValue().length
                        + " values; the " + m + " inputs have " + inputs.length);
            }
            rows.put(entry.getKey(), entry.getValue());
        }

        BufferedImage image = Png.canvas(size);
        Graphics2D g2 = Png.graphics(image);
        try {
            TextDrawing.centred(g2, title, TextDrawing.TITLE_FONT, 0, 0, size.width(), TITLE_BAND);
            int labelWidth = 0;
            for (String name : rows.keySet()) {
                labelWidth = Math.max(labelWidth, TextDrawing.width(g2, name, TextDrawing.LABEL_FONT));
            }
            labelWidth += 2 * PADDING;
            int availableWidth = size.width() - labelWidth - PADDING;
            int availableHeight = size.height() - TITLE_BAND - PADDING;
            int cell = Math.min(availableWidth / m, availableHeight / rows.size());
            int picture = cell - GAP;
            if (picture < 1) {
                throw new IllegalArgumentException(rows.size() + " rows of " + m + " pictures do not fit in "
                        + size.width() + "×" + size.height() + " pixels");
            }
            int left = labelWidth + (availableWidth - cell * m) / 2;
            int top = TITLE_BAND + (availableHeight - cell * rows.size()) / 2;
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            List<Map.Entry<String, double[]>> entries = new ArrayList<>(rows.entrySet());
            for (int r = 0; r < entries.size(); r++) {
                int y = top + r * cell;
                TextDrawing.centred(g2, entries.get(r).getKey(), TextDrawing.LABEL_FONT, PADDING, y,
                        labelWidth - 2 * PADDING, cell);
                for (int c = 0; c < m; c++) {
                    int x = left + c * cell;
                    g2.drawImage(picture(entries.get(r).getValue(), c * n, side), x, y, picture, picture, null);
                    g2.setColor(Color.LIGHT_GRAY);
                    g2.drawRect(x, y, picture - 1, picture - 1);
                }
            }
        } finally {
            g2.dispose();
        }
        Png.write(image, png);
    }

    /** The side×side grey picture of {@code values[offset .. offset+side²)}, row by row, min–max scaled. */
    static BufferedImage picture(double[] values, int offset, int side) {
        int n = side * side;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + n; i++) {
            if (Double.isFinite(values[i])) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
        }
        BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < n; i++) {
            double v = values[offset + i];
            int grey = !(max > min) || !Double.isFinite(v) ? 128 : (int) Math.round(255 * (v - min) / (max - min));
            picture.getRaster().setSample(i % side, i / side, 0, grey);
        }
        return picture;
    }
}
