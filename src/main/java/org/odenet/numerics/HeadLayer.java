package org.odenet.numerics;

/**
 * The classifier on top of the flow, on a block of m samples: logits Z = W Y<sup>[N]</sup> + μ 1ᵀ, the
 * weighted loss with its logit gradient, and the head's adjoint (∂W, ∂μ and P<sup>[N]</sup> = Wᵀ G).
 * Kernels on column-major arrays, W (k×n) and μ (k) read from θ at their {@link ParameterLayout} offsets;
 * an instance holds no work arrays and may be shared.
 */
public final class HeadLayer {
    private final NetworkSpec spec;
    private final Gemm gemm;

    /** The head of {@code spec}, with the matrix product an evaluator of that network uses by default. */
    public HeadLayer(NetworkSpec spec) {
        this(spec, GemmChoice.forStateWidth(spec.stateWidth()));
    }

    public HeadLayer(NetworkSpec spec, Gemm gemm) {
        this.spec = spec;
        this.gemm = gemm;
    }

    /**
     * Z = W Y + μ 1ᵀ. Sizes are not checked here.
     *
     * @param theta the controls (read)
     * @param y     states, n×m column-major (read)
     * @param z     receives the k×m logits, column-major (written)
     */
    public void logits(double[] theta, double[] y, int m, double[] z) {
        int k = spec.outputs();
        int n = spec.stateWidth();
        ParameterLayout layout = spec.layout();
        ColumnKernels.fillColumns(k, m, theta, layout.muOffset(), z, 0);
        gemm.gemm(false, false, k, m, n, 1, theta, layout.wOffset(), k, y, 0, n, 1, z, 0, k);
    }

    /**
     * The block's loss Σ w ℓ(z, c), its weight sum and weighted correct count, and the logit gradients
     * G = w ∂ℓ/∂z of its samples.
     *
     * @param z the block's logits, k×m (read)
     * @param g receives G, k×m (written)
     * @throws NonFiniteStateException if the loss is not finite
     */
    BlockLoss loss(Block block, double[] z, double[] g) {
        int k = spec.outputs();
        Head head = spec.head();
        double lossSum = 0;
        double correct = 0;
        for (int c = 0; c < block.size(); c++) {
            int label = block.label(c);
            double w = block.weight(c);
            int off = c * k;
            double l = head.lossAndGradient(z, off, k, label, g, off);
            for (int r = 0; r < k; r++) {
                g[off + r] *= w;
            }
            lossSum += w * l;
            if (head.predict(z, off, k) == label) {
                correct += w;
            }
        }
        if (!Double.isFinite(lossSum)) {
            throw new NonFiniteStateException(-1, 0, "the loss of the head is " + lossSum
                    + " although every logit is finite");
        }
        return new BlockLoss(lossSum, block.weightSum(), correct);
    }

    /**
     * The adjoint of {@link #logits}: adds ∂W = G Yᵀ and ∂μ = G 1 into {@code grad} and writes P = Wᵀ G.
     *
     * @param y    the states Y the logits came from, n×m (read)
     * @param g    the logit gradient G, k×m (read)
     * @param grad ∂W added at the layout's W offset, ∂μ at its μ offset
     * @param p    receives P, n×m (written)
     */
    void backward(double[] theta, double[] y, double[] g, int m, double[] grad, double[] p) {
        int n = spec.stateWidth();
        int k = spec.outputs();
        ParameterLayout layout = spec.layout();
        gemm.gemm(false, true, k, n, m, 1, g, 0, k, y, 0, n, 1, grad, layout.wOffset(), k);
        ColumnKernels.addRowSums(k, m, g, grad, layout.muOffset());
        gemm.gemm(true, false, n, m, k, 1, theta, layout.wOffset(), k, g, 0, k, 0, p, 0, n);
    }
}
