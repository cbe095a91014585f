package org.odenet.numerics;

/**
 * One explicit Runge–Kutta layer of Ẏ = σ(K Y + β 1ᵀ), σ = tanh, on a block of m samples, and its
 * discrete adjoint. Pure kernels: every matrix is a column-major array with leading dimension n, the
 * javadoc of each method says which arrays it writes. The stage matrices are stored per layer: stage 1
 * reads the state itself, stages 2..s read {@code stageIn} (n×(s−1)m), and F<sub>1..s</sub> go to
 * {@code stageOut} (n×sm), so that ∂K needs at most two matrix products.
 */
final class RungeKuttaStep {

    private RungeKuttaStep() {
    }

    /**
     * Y⁺ = Y + h Σ b<sub>i</sub> F<sub>i</sub>, with Y<sub>i</sub> = Y + h Σ<sub>l&lt;i</sub> a<sub>il</sub> F<sub>l</sub>
     * and F<sub>i</sub> = tanh(K Y<sub>i</sub> + β 1ᵀ).
     *
     * @param y        the state Y (n×m, read)
     * @param yNext    receives Y⁺ (n×m, written)
     * @param stageIn  receives Y<sub>2..s</sub> (n×(s−1)m, written)
     * @param stageOut receives F<sub>1..s</sub> (n×sm, written)
     */
    static void forward(Gemm gemm, ButcherTableau tableau, int n, int m, double h,
                        double[] theta, int kOff, int betaOff,
                        double[] y, double[] yNext, double[] stageIn, double[] stageOut) {
        int nm = n * m;
        int s = tableau.stages();
        for (int i = 0; i < s; i++) {
            double[] yi = y;
            int yiOff = 0;
            if (i > 0) {
                yi = stageIn;
                yiOff = (i - 1) * nm;
                System.arraycopy(y, 0, stageIn, yiOff, nm);
                for (int l = 0; l < i; l++) {
                    ColumnKernels.axpy(nm, h * tableau.a(i, l), stageOut, l * nm, stageIn, yiOff);
                }
            }
            int fOff = i * nm;
            ColumnKernels.fillColumns(n, m, theta, betaOff, stageOut, fOff);
            gemm.gemm(false, false, n, m, n, 1, theta, kOff, n, yi, yiOff, n, 1, stageOut, fOff, n);
            ColumnKernels.tanhInPlace(stageOut, fOff, nm);
        }
        double hb0 = h * tableau.b(0);
        for (int idx = 0; idx < nm; idx++) {
            yNext[idx] = y[idx] + hb0 * stageOut[idx];
        }
        for (int i = 1; i < s; i++) {
            ColumnKernels.axpy(nm, h * tableau.b(i), stageOut, i * nm, yNext, 0);
        }
    }

    /**
     * The discrete adjoint of {@link #forward}: given P⁺ = ∂J/∂Y⁺, computes P = ∂J/∂Y, adds ∂J/∂K and
     * ∂J/∂β into {@code grad} and returns ∂J/∂h. For i = s..1: Q<sub>i</sub> = b<sub>i</sub>P⁺ +
     * Σ<sub>k&gt;i</sub> a<sub>ki</sub>M<sub>k</sub>, G<sub>i</sub> = h σ'(Z<sub>i</sub>) ⊙ Q<sub>i</sub>,
     * M<sub>i</sub> = Kᵀ G<sub>i</sub>; then P = P⁺ + Σ M<sub>i</sub>, ∂K = Σ G<sub>i</sub>Y<sub>i</sub>ᵀ,
     * ∂β = Σ G<sub>i</sub>1 and ∂h = Σ ⟨Q<sub>i</sub>, F<sub>i</sub>⟩ — no division by h or b<sub>i</sub>,
     * so h = 0 and zero weights are fine.
     *
     * @param pNext P⁺ (n×m, read)
     * @param p     receives P (n×m, written) when {@code needP}; untouched otherwise (the input layer of a
     *              training pass, where P<sup>[0]</sup> is not needed)
     * @param g     scratch n×sm (written)
     * @param mAdj  scratch n×sm (written)
     * @param grad  ∂K added at {@code gradKOff} (n×n), ∂β at {@code gradBetaOff} (n)
     * @return ∂J/∂h for this layer
     */
    static double adjoint(Gemm gemm, ButcherTableau tableau, int n, int m, double h,
                          double[] theta, int kOff,
                          double[] y, double[] stageIn, double[] stageOut,
                          double[] pNext, double[] p, double[] g, double[] mAdj,
                          double[] grad, int gradKOff, int gradBetaOff, boolean needP) {
        int nm = n * m;
        int s = tableau.stages();
        double dh = 0;
        for (int i = s - 1; i >= 0; i--) {
            int off = i * nm;
            double bi = tableau.b(i);
            boolean later = false;
            for (int k = i + 1; k < s; k++) {
                later |= tableau.a(k, i) != 0;
            }
            if (later) {
                // Q_i = b_i P⁺ + Σ_{k>i} a_ki M_k, assembled in g's slot
                for (int idx = 0; idx < nm; idx++) {
                    g[off + idx] = bi * pNext[idx];
                }
                for (int k = i + 1; k < s; k++) {
                    ColumnKernels.axpy(nm, tableau.a(k, i), mAdj, k * nm, g, off);
                }
            }
            // G_i = h σ'(Z_i) ⊙ Q_i in place, with ∂h and the row sums for ∂β in the same sweep
            for (int c = 0; c < m; c++) {
                int col = off + c * n;
                int pCol = c * n;
                for (int r = 0; r < n; r++) {
                    double q = later ? g[col + r] : bi * pNext[pCol + r];
                    double f = stageOut[col + r];
                    dh += q * f;
                    double gi = h * (1 - f * f) * q;
                    g[col + r] = gi;
                    grad[gradBetaOff + r] += gi;
                }
            }
            if (i > 0 || needP) {
                // M_i = Kᵀ G_i: needed by earlier stages, and for P (at the input layer only when asked)
                gemm.gemm(true, false, n, m, n, 1, theta, kOff, n, g, off, n, 0, mAdj, off, n);
            }
        }
        if (needP) {
            System.arraycopy(pNext, 0, p, 0, nm);
            for (int i = 0; i < s; i++) {
                ColumnKernels.axpy(nm, 1, mAdj, i * nm, p, 0);
            }
        }
        gemm.gemm(false, true, n, n, m, 1, g, 0, n, y, 0, n, 1, grad, gradKOff, n);
        if (s > 1) {
            gemm.gemm(false, true, n, n, (s - 1) * m, 1, g, nm, n, stageIn, 0, n, 1, grad, gradKOff, n);
        }
        return dh;
    }
}
