package org.odenet.report;

/**
 * An axis-aligned rectangle [xMin, xMax] × [yMin, yMax] of the plane, with positive width and height.
 */
public record PlaneBox(double xMin, double xMax, double yMin, double yMax) {

    /** Fraction of the span added on each side by {@link #around(double[], double)}. */
    public static final double DEFAULT_MARGIN = 0.1;

    public PlaneBox {
        if (!(xMax > xMin) || !(yMax > yMin) || !Double.isFinite(xMin) || !Double.isFinite(xMax)
                || !Double.isFinite(yMin) || !Double.isFinite(yMax)) {
            throw new IllegalArgumentException("a box needs finite xMin < xMax and yMin < yMax, got x in ["
                    + xMin + ", " + xMax + "], y in [" + yMin + ", " + yMax + "]");
        }
    }

    /**
     * The bounding box of 2-D points grown by {@code margin} times its span on every side. A
     * flat side (span below 10<sup>−9</sup> of the coordinates' magnitude: all points on an axis-parallel
     * line) gets the span of the other side, or 1 if all points coincide, so that the box stays drawable.
     *
     * @param xy     points, column-major 2×m: point c at {@code xy[2c], xy[2c+1]}; finite, m ≥ 1
     * @param margin fraction ≥ 0
     */
    public static PlaneBox around(double[] xy, double margin) {
        if (xy.length < 2 || xy.length % 2 != 0) {
            throw new IllegalArgumentException("need at least one 2-D point (an even, positive number of values), got "
                    + xy.length + " values");
        }
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("margin must be finite and >= 0, got " + margin);
        }
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xy.length; i += 2) {
            if (!Double.isFinite(xy[i]) || !Double.isFinite(xy[i + 1])) {
                throw new IllegalArgumentException("point " + i / 2 + " is (" + xy[i] + ", " + xy[i + 1]
                        + "); points must be finite");
            }
            x0 = Math.min(x0, xy[i]);
            x1 = Math.max(x1, xy[i]);
            y0 = Math.min(y0, xy[i + 1]);
            y1 = Math.max(y1, xy[i + 1]);
        }
        double xSpan = x1 - x0;
        double ySpan = y1 - y0;
        double scale = Math.max(1, Math.max(Math.max(Math.abs(x0), Math.abs(x1)), Math.max(Math.abs(y0), Math.abs(y1))));
        boolean xFlat = xSpan <= 1e-9 * scale;
        boolean yFlat = ySpan <= 1e-9 * scale;
        if (xFlat && yFlat) {
            xSpan = 1;
            ySpan = 1;
        } else if (xFlat) {
            xSpan = ySpan;
        } else if (yFlat) {
            ySpan = xSpan;
        }
        double cx = 0.5 * (x0 + x1);
        double cy = 0.5 * (y0 + y1);
        double hx = 0.5 * xSpan * (1 + 2 * margin);
        double hy = 0.5 * ySpan * (1 + 2 * margin);
        return new PlaneBox(cx - hx, cx + hx, cy - hy, cy + hy);
    }

    public double width() {
        return xMax - xMin;
    }

    public double height() {
        return yMax - yMin;
    }

    /**
     * The centres of a {@code resolution}×{@code resolution} grid of equal cells covering the box, as
     * 2-D points column-major: cell (i, k) — i along x, k along y — is point {@code i + k·resolution}.
     */
    public double[] cellCentres(int resolution) {
        if (resolution < 1) {
            throw new IllegalArgumentException("resolution must be at least 1, got " + resolution);
        }
        double dx = width() / resolution;
        double dy = height() / resolution;
        double[] xy = new double[2 * resolution * resolution];
        for (int k = 0; k < resolution; k++) {
            for (int i = 0; i < resolution; i++) {
                int c = i + k * resolution;
                xy[2 * c] = xMin + (i + 0.5) * dx;
                xy[2 * c + 1] = yMin + (k + 0.5) * dy;
            }
        }
        return xy;
    }
}
