package org.odenet.numerics;

/**
 * One plain feed-forward layer Y⁺ = σ(K Y + β 1ᵀ), σ = tanh (paper eq. 4), and its adjoint. Pure kernels
 * on column-major n×m arrays.
 */
final class FeedForwardStep {

    private FeedForwardStep() {
    }

    /**
     * @param y     the state Y (n×m, read)
     * @param yNext receives Y⁺ (n×m, written)
     */
    static void forward(Gemm gemm, int n, int m, double[] theta, int kOff, int betaOff, double[] y, double[] yNext) {
        ColumnKernels.fillColumns(n, m, theta, betaOff, yNext, 0);
        gemm.gemm(false, false, n, m, n, 1, theta, kOff, n, y, 0, n, 1, yNext, 0, n);
        ColumnKernels.tanhInPlace(yNext, 0, n * m);
    }

    /**
     * G = σ'(Z) ⊙ P⁺, P = Kᵀ G, ∂K += G Yᵀ, ∂β += G 1.
     *
     * @param yNext Y⁺ = σ(Z) (read)
     * @param pNext P⁺ (read)
     * @param p     receives P (written) when {@code needP}
     * @param g     scratch n×m (written)
     */
    static void adjoint(Gemm gemm, int n, int m, double[] theta, int kOff, double[] y, double[] yNext,
                        double[] pNext, double[] p, double[] g, double[] grad, int gradKOff, int gradBetaOff,
                        boolean needP) {
        for (int c = 0; c < m; c++) {
            int col = c * n;
            for (int r = 0; r < n; r++) {
                double f = yNext[col + r];
                double gi = (1 - f * f) * pNext[col + r];
                g[col + r] = gi;
                grad[gradBetaOff + r] += gi;
            }
        }
        if (needP) {
            gemm.gemm(true, false, n, m, n, 1, theta, kOff, n, g, 0, n, 0, p, 0, n);
        }
        gemm.gemm(false, true, n, n, m, 1, g, 0, n, y, 0, n, 1, grad, gradKOff, n);
    }
}
