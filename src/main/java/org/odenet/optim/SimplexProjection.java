package org.odenet.optim;

import java.util.Arrays;

/**
 * Euclidean projection onto the scaled simplex {x ≥ 0, Σx = z} (Duchi, Shalev-Shwartz, Singer and Chandra,
 * ICML 2008, Fig. 1): sort, find the largest ρ with u<sub>ρ</sub> − (Σ<sub>r≤ρ</sub> u<sub>r</sub> − z)/ρ &gt; 0,
 * shift by that threshold and clip at zero. O(len log len); exact and idempotent.
 */
public final class SimplexProjection implements Projection {
    private final int offset;
    private final int length;
    private final double radius;

    /**
     * A projection of the slice {@code theta[offset .. offset+length)} onto {x ≥ 0, Σx = radius}, leaving
     * the rest of θ unchanged.
     */
    public SimplexProjection(int offset, int length, double radius) {
        if (offset < 0 || length < 1) {
            throw new IllegalArgumentException("simplex slice needs offset >= 0 and length >= 1, got offset "
                    + offset + ", length " + length);
        }
        requireRadius(radius);
        this.offset = offset;
        this.length = length;
        this.radius = radius;
    }

    @Override
    public void project(double[] theta) {
        project(theta, offset, length, radius);
    }

    /**
     * Projects {@code v[off .. off+len)} in place onto {x ≥ 0, Σx = radius}.
     *
     * @throws IllegalArgumentException if an entry is not finite or radius ≤ 0
     */
    public static void project(double[] v, int off, int len, double radius) {
        requireRadius(radius);
        double[] u = Arrays.copyOfRange(v, off, off + len);
        for (int i = 0; i < len; i++) {
            if (!Double.isFinite(u[i])) {
                throw new IllegalArgumentException("cannot project a non-finite value onto the simplex: entry "
                        + i + " is " + u[i]);
            }
        }
        Arrays.sort(u);
        double cumulative = 0;
        double threshold = 0;
        for (int r = 1; r <= len; r++) {
            double ur = u[len - r];
            cumulative += ur;
            double candidate = (cumulative - radius) / r;
            if (ur - candidate > 0) {
                threshold = candidate;
            }
        }
        for (int i = 0; i < len; i++) {
            v[off + i] = Math.max(v[off + i] - threshold, 0);
        }
    }

    private static void requireRadius(double radius) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new IllegalArgumentException("simplex radius must be positive and finite, got " + radius);
        }
    }
}
