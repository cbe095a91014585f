package org.odenet.numerics;

/**
 * Element-wise kernels on column-major matrices, shared by the layer steps and the head: broadcasting a
 * vector into every column, row sums, axpy and the activation σ = tanh. Each method says which array it
 * writes; none allocates.
 */
final class ColumnKernels {

    private ColumnKernels() {
    }

    /** y[yOff ..] += alpha·x[xOff ..] over {@code len} entries; nothing when alpha = 0. */
    static void axpy(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        if (alpha == 0) {
            return;
        }
        for (int idx = 0; idx < len; idx++) {
            y[yOff + idx] += alpha * x[xOff + idx];
        }
    }

    /** Writes the vector v[vOff .. vOff+n) into every one of the m columns of out (from outOff). */
    static void fillColumns(int n, int m, double[] v, int vOff, double[] out, int outOff) {
        for (int c = 0; c < m; c++) {
            System.arraycopy(v, vOff, out, outOff + c * n, n);
        }
    }

    /** sums[off + r] += Σ<sub>c</sub> a[r + c·n] over the {@code cols} columns of a. */
    static void addRowSums(int n, int cols, double[] a, double[] sums, int off) {
        for (int c = 0; c < cols; c++) {
            int base = c * n;
            for (int r = 0; r < n; r++) {
                sums[off + r] += a[base + r];
            }
        }
    }

    /** a[off .. off+len) ← tanh(a[off .. off+len)). */
    static void tanhInPlace(double[] a, int off, int len) {
        for (int idx = off; idx < off + len; idx++) {
            a[idx] = tanh(a[idx]);
        }
    }

    /**
     * tanh through {@link StrictMath#exp}, within 2e-15 relative of {@link Math#tanh} and about twice as fast;
     * near zero, where 1 − 2/(e<sup>2|x|</sup> + 1) would cancel, through {@link StrictMath#expm1}.
     * StrictMath, not Math: {@code Math.exp} may give different last bits in the interpreter and in JIT-compiled
     * code, which made a resumed run on a cluster (fresh executors) drift from the uninterrupted one by 1e-12.
     */
    static double tanh(double x) {
        double ax = Math.abs(x);
        if (ax < 0.25) {
            double e = StrictMath.expm1(2 * ax);
            return Math.copySign(e / (e + 2), x);
        }
        if (ax > 19.1) {
            return Math.copySign(1.0, x);
        }
        return Math.copySign(1 - 2 / (StrictMath.exp(2 * ax) + 1), x);
    }
}
