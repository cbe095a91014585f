package org.odenet.numerics;

/**
 * The learned input embedding of a network whose state (n channels) is narrower than its inputs (d features):
 * Y<sup>[0]</sup> = E x + e 1ᵀ on a block of m samples, and its adjoint. E (n×d, column-major) and e (n) are read
 * from θ at their {@link ParameterLayout} offsets; the products go through the network's {@link Gemm}, as the
 * layers' do. Kernels only: no state, no work arrays.
 */
final class InputEmbedding {

    private InputEmbedding() {
    }

    /**
     * Y<sup>[0]</sup> = E x + e 1ᵀ.
     *
     * @param x d×m column-major (read)
     * @param y receives the n×m state (written)
     */
    static void forward(Gemm gemm, NetworkSpec spec, double[] theta, double[] x, int m, double[] y) {
        int n = spec.stateWidth();
        int d = spec.inputWidth();
        ParameterLayout layout = spec.layout();
        ColumnKernels.fillColumns(n, m, theta, layout.embeddingBiasOffset(), y, 0);
        gemm.gemm(false, false, n, m, d, 1, theta, layout.embeddingOffset(), n, x, 0, d, 1, y, 0, n);
    }

    /**
     * Adds ∂E = P<sup>[0]</sup> xᵀ and ∂e = P<sup>[0]</sup> 1 into {@code grad}. P<sup>[0]</sup> already carries the
     * samples' weights (it is the adjoint of Σ w ℓ), so nothing is weighted here.
     *
     * @param x  the block's inputs, d×m (read)
     * @param p0 the adjoint of Y<sup>[0]</sup>, n×m (read)
     */
    static void addGradient(Gemm gemm, NetworkSpec spec, double[] x, double[] p0, int m, double[] grad) {
        int n = spec.stateWidth();
        int d = spec.inputWidth();
        ParameterLayout layout = spec.layout();
        gemm.gemm(false, true, n, d, m, 1, p0, 0, n, x, 0, d, 1, grad, layout.embeddingOffset(), n);
        ColumnKernels.addRowSums(n, m, p0, grad, layout.embeddingBiasOffset());
    }

    /**
     * The adjoint of the inputs, Eᵀ P<sup>[0]</sup>.
     *
     * @param p0  n×m (read)
     * @param out receives d×m (written)
     */
    static void inputAdjoint(Gemm gemm, NetworkSpec spec, double[] theta, double[] p0, int m, double[] out) {
        int n = spec.stateWidth();
        int d = spec.inputWidth();
        gemm.gemm(true, false, d, m, n, 1, theta, spec.layout().embeddingOffset(), n, p0, 0, n, 0, out, 0, d);
    }
}
