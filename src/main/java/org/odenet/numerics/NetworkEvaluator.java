package org.odenet.numerics;

import java.util.Arrays;

/**
 * Forward pass and discrete adjoint of a network on blocks of samples, with work arrays allocated once
 * for blocks of up to {@code capacity} samples and reused by every call. Not thread-safe: give each
 * thread (each Spark task) its own evaluator. The work is split: a {@link LayerSweep} runs the layers forward
 * and their adjoint backward, a {@link HeadLayer} computes the logits, the loss and the head's adjoint.
 *
 * <p>Memory: with a recompute stride r = 1 (the default) every layer's stages are kept from the forward
 * pass for the adjoint. With r &gt; 1 only every r-th state is kept, and the backward sweep recomputes each
 * segment of r layers from its first state before running the adjoint through it: about N/r + r instead
 * of N layers of stages, for one more forward pass; the gradient is bit for bit the same.
 *
 * <p>Forward-only passes (no gradient: predictions, validation) skip Runge–Kutta layers whose step is
 * exactly zero — they are the identity — unless {@link Options#pruneZeroSteps()} is off.
 */
public final class NetworkEvaluator {

    /**
     * How an evaluator trades memory and work. A plain class rather than a record: Spark ships it to executors,
     * and the Kryo serializer Spark users often configure cannot build records.
     */
    public static final class Options implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        public static final Options DEFAULT = new Options(true, 1);

        private final boolean pruneZeroSteps;
        private final int recomputeStride;

        /**
         * @param pruneZeroSteps  skip layers with h = 0 in forward-only passes (exact; default on)
         * @param recomputeStride r ≥ 1: keep every r-th state and recompute the others in the backward sweep
         */
        public Options(boolean pruneZeroSteps, int recomputeStride) {
            if (recomputeStride < 1) {
                throw new IllegalArgumentException("recomputeStride must be >= 1, got " + recomputeStride);
            }
            this.pruneZeroSteps = pruneZeroSteps;
            this.recomputeStride = recomputeStride;
        }

        public boolean pruneZeroSteps() {
            return pruneZeroSteps;
        }

        public int recomputeStride() {
            return recomputeStride;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Options other && other.pruneZeroSteps == pruneZeroSteps
                    && other.recomputeStride == recomputeStride;
        }

        @Override
        public int hashCode() {
            return 31 * Boolean.hashCode(pruneZeroSteps) + recomputeStride;
        }

        @Override
        public String toString() {
            return "Options[pruneZeroSteps=" + pruneZeroSteps + ", recomputeStride=" + recomputeStride + "]";
        }
    }

    private final NetworkSpec spec;
    private final int capacity;
    private final Options options;
    private final Gemm gemm;
    private final LayerSweep sweep;
    private final HeadLayer head;
    private final double[] logits;
    private final double[] logitGrad;
    private double[] scratchGradient;

    public NetworkEvaluator(NetworkSpec spec, int capacity) {
        this(spec, capacity, GemmChoice.forStateWidth(spec.stateWidth()), Options.DEFAULT);
    }

    /** As {@link #NetworkEvaluator(NetworkSpec, int)} with an explicit matrix-product implementation. */
    public NetworkEvaluator(NetworkSpec spec, int capacity, Gemm gemm) {
        this(spec, capacity, gemm, Options.DEFAULT);
    }

    public NetworkEvaluator(NetworkSpec spec, int capacity, Options options) {
        this(spec, capacity, GemmChoice.forStateWidth(spec.stateWidth()), options);
    }

    /**
     * @param capacity the largest block this evaluator will see
     */
    public NetworkEvaluator(NetworkSpec spec, int capacity, Gemm gemm, Options options) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.spec = spec;
        this.capacity = capacity;
        this.options = options;
        this.gemm = gemm;
        this.sweep = new LayerSweep(spec, capacity, gemm, options.pruneZeroSteps(), options.recomputeStride());
        this.head = new HeadLayer(spec, gemm);
        int k = spec.outputs();
        logits = new double[k * capacity];
        logitGrad = new double[k * capacity];
    }

    public NetworkSpec spec() {
        return spec;
    }

    public int capacity() {
        return capacity;
    }

    public Options options() {
        return options;
    }

    /** Bytes of the work arrays this evaluator holds (the memory a pass needs beyond its inputs). */
    public long workspaceBytes() {
        return 8 * (sweep.workspaceDoubles() + logits.length + logitGrad.length);
    }

    /**
     * The bytes the work arrays of an evaluator for {@code spec}, {@code capacity} and {@code options} take, computed
     * without allocating them: {@link #workspaceBytes()} plus the arrays' headers and the tables of references.
     */
    public static long workspaceBytes(NetworkSpec spec, long capacity, Options options) {
        long doubles = LayerSweep.workspaceDoubles(spec, capacity, options.recomputeStride())
                + 2L * spec.outputs() * capacity;
        long arrays = LayerSweep.workspaceArrays(spec, options.recomputeStride()) + 2;
        return 8 * doubles + ARRAY_OVERHEAD_BYTES * arrays;
    }

    /** Bytes a JVM array takes beyond its elements: header and alignment, or one slot of a table of references. */
    private static final long ARRAY_OVERHEAD_BYTES = 24;

    /**
     * Loss of the block and, if {@code gradient} is not null, its gradient: ∂(Σ w ℓ)/∂θ is <em>added</em>
     * into {@code gradient} (length {@link ParameterLayout#size()}), so that blocks accumulate. Nothing is
     * divided by the weight sum.
     *
     * @throws NonFiniteStateException naming layer and stage if a NaN or infinity appears
     */
    public BlockLoss evaluate(double[] theta, Block block, double[] gradient) {
        return evaluate(theta, block, gradient, null);
    }

    /**
     * As {@link #evaluate(double[], Block, double[])}, also adding Σ over the block's samples of
     * ‖y<sup>[j]</sup>‖² into {@code stateNormSquares[j]}, j = 0..N, when that array is not null.
     */
    public BlockLoss evaluate(double[] theta, Block block, double[] gradient, double[] stateNormSquares) {
        checkBlock(theta, block);
        if (gradient != null && gradient.length != spec.layout().size()) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected "
                    + spec.layout().size());
        }
        if (stateNormSquares != null && stateNormSquares.length != spec.layers() + 1) {
            throw new IllegalArgumentException("stateNormSquares has length " + stateNormSquares.length
                    + ", expected " + (spec.layers() + 1));
        }
        forward(theta, block.values(), block.size(), gradient != null, stateNormSquares, null);
        BlockLoss loss = head.loss(block, logits, logitGrad);
        if (gradient != null) {
            backward(theta, block.size(), gradient, null, false);
        }
        return loss;
    }

    /** One forward and adjoint pass with every intermediate result copied out (allocates; for diagnostics). */
    public NetworkTrace trace(double[] theta, Block block) {
        checkBlock(theta, block);
        int m = block.size();
        double[][] stateCopies = new double[spec.layers() + 1][];
        forward(theta, block.values(), m, true, null, stateCopies);
        BlockLoss loss = head.loss(block, logits, logitGrad);
        double[] gradient = new double[spec.layout().size()];
        double[][] adjoints = new double[spec.layers() + 1][];
        double[] p0 = backward(theta, m, gradient, adjoints, true);
        double[] sensitivity = new double[spec.inputWidth() * m];
        copyInputRows(theta, p0, m, sensitivity);
        return new NetworkTrace(loss, gradient, stateCopies, adjoints, Arrays.copyOf(logits, spec.outputs() * m),
                sensitivity);
    }

    /**
     * Logits z = W y<sup>[N]</sup> + μ of m unlabelled samples.
     *
     * @param features d×m column-major, finite (not checked here)
     * @param out      receives k×m logits, column-major (written)
     */
    public void logits(double[] theta, double[] features, int m, double[] out) {
        checkTheta(theta);
        checkSize(m);
        forward(theta, features, m, false, null, null);
        System.arraycopy(logits, 0, out, 0, spec.outputs() * m);
    }

    /**
     * The input gradient of m unlabelled samples: given ∂φ/∂z for some function φ of each sample's logits
     * ({@code logitGradient}, k×m column-major), writes ∂φ/∂x (d×m column-major) into {@code out} — the
     * adjoint P<sup>[0]</sup> restricted to the input channels, or Eᵀ P<sup>[0]</sup> through an input embedding.
     */
    public void inputGradient(double[] theta, double[] features, int m, double[] logitGradient, double[] out) {
        checkTheta(theta);
        checkSize(m);
        forward(theta, features, m, true, null, null);
        System.arraycopy(logitGradient, 0, logitGrad, 0, spec.outputs() * m);
        if (scratchGradient == null) {
            scratchGradient = new double[spec.layout().size()];
        }
        double[] p0 = backward(theta, m, scratchGradient, null, true);
        copyInputRows(theta, p0, m, out);
    }

    /**
     * The state after layer {@code j} (1 ≤ j ≤ N) of the last forward pass, or for j = 0 the input state
     * Y<sup>[0]</sup> (read only: it may be the input array itself), n×m; valid until the next call.
     */
    public double[] stateAfterLayer(int j) {
        return sweep.stateAfterLayer(j);
    }

    private void checkBlock(double[] theta, Block block) {
        checkTheta(theta);
        if (block.features() != spec.inputWidth()) {
            throw new IllegalArgumentException("block has " + block.features() + " features, the network "
                    + spec.inputWidth());
        }
        checkSize(block.size());
        if (block.maxLabel() >= spec.numClasses()) {
            throw new IllegalArgumentException("block has label " + block.maxLabel() + " but the network has "
                    + spec.numClasses() + " classes (labels 0.." + (spec.numClasses() - 1) + ")");
        }
    }

    private void checkTheta(double[] theta) {
        if (theta.length != spec.layout().size()) {
            throw new IllegalArgumentException("theta has length " + theta.length + ", " + spec + " needs "
                    + spec.layout().size());
        }
    }

    private void checkSize(int m) {
        if (m > capacity) {
            throw new IllegalArgumentException("block of " + m + " samples exceeds this evaluator's capacity "
                    + capacity);
        }
    }

    /** ∂/∂x from P[0] = ∂/∂Y[0]: Eᵀ P[0] through an embedding, else P[0]'s input channels. */
    private void copyInputRows(double[] theta, double[] p, int m, double[] out) {
        int d = spec.inputWidth();
        int n = spec.stateWidth();
        if (spec.embedsInput()) {
            InputEmbedding.inputAdjoint(gemm, spec, theta, p, m, out);
            return;
        }
        if (d == n) {
            System.arraycopy(p, 0, out, 0, n * m);
            return;
        }
        for (int c = 0; c < m; c++) {
            System.arraycopy(p, c * n, out, c * d, d);
        }
    }

    /** The forward sweep and the logits; with {@code forGradient} false, zero-step layers may be skipped. */
    private void forward(double[] theta, double[] x, int m, boolean forGradient, double[] normSquares,
                         double[][] copies) {
        double[] finalState = sweep.forward(theta, x, m, forGradient, normSquares, copies);
        head.logits(theta, finalState, m, logits);
        for (int idx = 0; idx < spec.outputs() * m; idx++) {
            if (!Double.isFinite(logits[idx])) {
                throw sweep.locateNonFinite(theta, m);
            }
        }
    }

    /**
     * The adjoint from the logit gradients in {@code logitGrad}: through the head, then back across the layers
     * (see {@link LayerSweep#backward}); returns P[0] when {@code needInputAdjoint}.
     */
    private double[] backward(double[] theta, int m, double[] grad, double[][] adjoints, boolean needInputAdjoint) {
        head.backward(theta, sweep.stateAfterLayer(spec.layers()), logitGrad, m, grad, sweep.finalAdjoint());
        return sweep.backward(theta, m, grad, adjoints, needInputAdjoint);
    }
}
