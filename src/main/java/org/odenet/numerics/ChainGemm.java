package org.odenet.numerics;

/**
 * {@link Gemm} whose every entry is one fused multiply–add chain: s = 0, s ← fma(op(A)<sub>ip</sub>,
 * op(B)<sub>pj</sub>, s) for p = 0..k−1 in order, then c ← fma(α, s, β·c) (α·s when β = 0). That is the
 * arithmetic of the pure-Java BLAS Spark uses ({@code dev.ludovic.netlib} Java11BLAS, VectorBLAS) for a product
 * of fewer than 10⁶ multiply–adds — so a product with one column, e.g. one sample of a network up to 999
 * channels wide, gives the same bits here as through {@link BlasGemm} — and, unlike a blocked BLAS product,
 * a column's result never depends on how many columns are multiplied with it. Inference uses it so that
 * scoring a block of samples gives each sample exactly what scoring it alone gives.
 *
 * <p>A·B (the forward pass) runs as cache-blocked axpy chains the JIT vectorises; the transposed products
 * (only the adjoint needs them) as plain dot-product chains.
 */
public final class ChainGemm implements Gemm {
    public static final ChainGemm INSTANCE = new ChainGemm();

    /** Rows of A per panel: 64 rows of a 784-wide K take 400 KiB, which stay in a core's L2 cache. */
    private static final int ROW_PANEL = 64;

    private ChainGemm() {
    }

    /**
     * The product inference uses for a network with {@code stateWidth} channels: plain loops for the narrow
     * networks (the evaluators' default there, and already column by column), this class otherwise.
     */
    public static Gemm forInference(int stateWidth) {
        Gemm byDefault = GemmChoice.forStateWidth(stateWidth);
        return byDefault instanceof LoopGemm ? byDefault : INSTANCE;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (!transA && !transB) {
            product(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int aRow = transA ? lda : 1;
        int aCol = transA ? 1 : lda;
        int bRow = transB ? ldb : 1;
        int bCol = transB ? 1 : ldb;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                int ai = aOff + i * aRow;
                int bj = bOff + j * bCol;
                for (int p = 0; p < k; p++) {
                    s = Math.fma(a[ai + p * aCol], b[bj + p * bRow], s);
                }
                int idx = cOff + i + j * ldc;
                c[idx] = finish(alpha, s, beta, c[idx]);
            }
        }
    }

    /**
     * C ← α A B + β C in tiles of 4×4 entries whose 16 chains run side by side over p, panels of
     * {@link #ROW_PANEL} rows of A kept in cache while every column passes; edges entry by entry.
     */
    private static void product(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                                double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        for (int i0 = 0; i0 < m; i0 += ROW_PANEL) {
            int iEnd = Math.min(m, i0 + ROW_PANEL);
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int i = i0;
                for (; i + 4 <= iEnd; i += 4) {
                    tile(i, j, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                }
                for (; i < iEnd; i++) {
                    for (int jj = j; jj < j + 4; jj++) {
                        entry(i, jj, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                    }
                }
            }
            for (; j < n; j++) {
                int i = i0;
                for (; i + 4 <= iEnd; i += 4) {
                    column4(i, j, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                }
                for (; i < iEnd; i++) {
                    entry(i, j, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                }
            }
        }
    }

    private static void tile(int i, int j, int k, double alpha, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        double s00 = 0, s10 = 0, s20 = 0, s30 = 0;
        double s01 = 0, s11 = 0, s21 = 0, s31 = 0;
        double s02 = 0, s12 = 0, s22 = 0, s32 = 0;
        double s03 = 0, s13 = 0, s23 = 0, s33 = 0;
        int b0 = bOff + j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        int ap = aOff + i;
        for (int p = 0; p < k; p++, ap += lda) {
            double a0 = a[ap];
            double a1 = a[ap + 1];
            double a2 = a[ap + 2];
            double a3 = a[ap + 3];
            double x = b[b0 + p];
            s00 = Math.fma(a0, x, s00);
            s10 = Math.fma(a1, x, s10);
            s20 = Math.fma(a2, x, s20);
            s30 = Math.fma(a3, x, s30);
            x = b[b1 + p];
            s01 = Math.fma(a0, x, s01);
            s11 = Math.fma(a1, x, s11);
            s21 = Math.fma(a2, x, s21);
            s31 = Math.fma(a3, x, s31);
            x = b[b2 + p];
            s02 = Math.fma(a0, x, s02);
            s12 = Math.fma(a1, x, s12);
            s22 = Math.fma(a2, x, s22);
            s32 = Math.fma(a3, x, s32);
            x = b[b3 + p];
            s03 = Math.fma(a0, x, s03);
            s13 = Math.fma(a1, x, s13);
            s23 = Math.fma(a2, x, s23);
            s33 = Math.fma(a3, x, s33);
        }
        store4(c, cOff + i + j * ldc, alpha, beta, s00, s10, s20, s30);
        store4(c, cOff + i + (j + 1) * ldc, alpha, beta, s01, s11, s21, s31);
        store4(c, cOff + i + (j + 2) * ldc, alpha, beta, s02, s12, s22, s32);
        store4(c, cOff + i + (j + 3) * ldc, alpha, beta, s03, s13, s23, s33);
    }

    private static void column4(int i, int j, int k, double alpha, double[] a, int aOff, int lda,
                                double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int bj = bOff + j * ldb;
        int ap = aOff + i;
        for (int p = 0; p < k; p++, ap += lda) {
            double x = b[bj + p];
            s0 = Math.fma(a[ap], x, s0);
            s1 = Math.fma(a[ap + 1], x, s1);
            s2 = Math.fma(a[ap + 2], x, s2);
            s3 = Math.fma(a[ap + 3], x, s3);
        }
        store4(c, cOff + i + j * ldc, alpha, beta, s0, s1, s2, s3);
    }

    private static void entry(int i, int j, int k, double alpha, double[] a, int aOff, int lda,
                              double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        double s = 0;
        int bj = bOff + j * ldb;
        int ap = aOff + i;
        for (int p = 0; p < k; p++, ap += lda) {
            s = Math.fma(a[ap], b[bj + p], s);
        }
        int idx = cOff + i + j * ldc;
        c[idx] = finish(alpha, s, beta, c[idx]);
    }

    private static void store4(double[] c, int at, double alpha, double beta,
                               double s0, double s1, double s2, double s3) {
        c[at] = finish(alpha, s0, beta, c[at]);
        c[at + 1] = finish(alpha, s1, beta, c[at + 1]);
        c[at + 2] = finish(alpha, s2, beta, c[at + 2]);
        c[at + 3] = finish(alpha, s3, beta, c[at + 3]);
    }

    private static double finish(double alpha, double s, double beta, double c) {
        return beta != 0 ? Math.fma(alpha, s, beta * c) : alpha * s;
    }
}
