package org.odenet.report;

/**
 * The pixel size of a PNG figure.
 *
 * @param width  pixels, 50..10000
 * @param height pixels, 50..10000
 */
public record FigureSize(int width, int height) {
    /** A single plane (decision regions, transformed features). */
    public static final FigureSize PLANE = new FigureSize(640, 560);
    /** Four planes side by side (feature snapshots). */
    public static final FigureSize SNAPSHOTS = new FigureSize(1600, 480);
    /** Loss and accuracy curves, stacked. */
    public static final FigureSize CURVES = new FigureSize(900, 700);
    /** Bars of the time steps. */
    public static final FigureSize STEPS = new FigureSize(900, 450);

    public FigureSize {
        if (width < 50 || width > 10_000) {
            throw new IllegalArgumentException("width must be in 50..10000 pixels, got " + width);
        }
        if (height < 50 || height > 10_000) {
            throw new IllegalArgumentException("height must be in 50..10000 pixels, got " + height);
        }
    }
}
