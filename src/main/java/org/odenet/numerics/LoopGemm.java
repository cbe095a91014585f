package org.odenet.numerics;

/** {@link Gemm} as plain loops: no call overhead, for matrices with a handful of rows. */
public final class LoopGemm implements Gemm {
    public static final LoopGemm INSTANCE = new LoopGemm();

    private LoopGemm() {
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        scale(m, n, beta, c, cOff, ldc);
        if (alpha == 0 || k == 0) {
            return;
        }
        if (!transA && !transB) {
            for (int j = 0; j < n; j++) {
                int cj = cOff + j * ldc;
                for (int p = 0; p < k; p++) {
                    double t = alpha * b[bOff + p + j * ldb];
                    int ap = aOff + p * lda;
                    for (int i = 0; i < m; i++) {
                        c[cj + i] += t * a[ap + i];
                    }
                }
            }
        } else if (transA && !transB) {
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * ldb;
                for (int i = 0; i < m; i++) {
                    int ai = aOff + i * lda;
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[ai + p] * b[bj + p];
                    }
                    c[cOff + i + j * ldc] += alpha * s;
                }
            }
        } else if (!transA) {
            for (int p = 0; p < k; p++) {
                int ap = aOff + p * lda;
                for (int j = 0; j < n; j++) {
                    double t = alpha * b[bOff + j + p * ldb];
                    int cj = cOff + j * ldc;
                    for (int i = 0; i < m; i++) {
                        c[cj + i] += t * a[ap + i];
                    }
                }
            }
        } else {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[aOff + p + i * lda] * b[bOff + j + p * ldb];
                    }
                    c[cOff + i + j * ldc] += alpha * s;
                }
            }
        }
    }

    private static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1) {
            return;
        }
        for (int j = 0; j < n; j++) {
            int cj = cOff + j * ldc;
            for (int i = 0; i < m; i++) {
                c[cj + i] = beta == 0 ? 0 : beta * c[cj + i];
            }
        }
    }
}
