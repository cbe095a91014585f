package org.odenet.numerics;

import java.util.Arrays;

/**
 * Forward pass and discrete adjoint of a network on blocks of samples, with work arrays allocated once
 * for blocks of up to {@code capacity} samples and reused by every call. Not thread-safe: give each
 * thread (each Spark task) its own evaluator.
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
    private final Gemm gemm;
    private final Options options;
    private final int stride;
    private final boolean keepAll;
    /** keepAll: Y[0..N]; otherwise Y[j] for j a multiple of the stride, and Y[N]. Index: the layer j. */
    private final double[][] states;
    /** Interior states of the current segment (index j mod stride), when not keeping all. */
    private final double[][] window;
    private final double[] paddedInput;
    private final double[][] stageIn;
    private final double[][] stageOut;
    private final double[] logits;
    private final double[] logitGrad;
    private final double[] adjointA;
    private final double[] adjointB;
    private final double[] stageScratchG;
    private final double[] stageScratchM;
    private double[] scratchGradient;
    private double[] input;
    /** The last segment whose stages are in the buffers (its first layer), −1 for none. */
    private int freshSegment = -1;

    public NetworkEvaluator(NetworkSpec spec, int capacity) {
        this(spec, capacity, Gemm.forFeatures(spec.stateWidth()), Options.DEFAULT);
    }

    /** As {@link #NetworkEvaluator(NetworkSpec, int)} with an explicit matrix-product implementation. */
    public NetworkEvaluator(NetworkSpec spec, int capacity, Gemm gemm) {
        this(spec, capacity, gemm, Options.DEFAULT);
    }

    public NetworkEvaluator(NetworkSpec spec, int capacity, Options options) {
        this(spec, capacity, Gemm.forFeatures(spec.stateWidth()), options);
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
        this.gemm = gemm;
        this.options = options;
        int layers = spec.layers();
        this.stride = Math.min(options.recomputeStride(), layers);
        this.keepAll = stride == 1;
        int n = spec.stateWidth();
        long nm = (long) n * capacity;
        int s = spec.stagesPerLayer();
        if (nm * s > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("block capacity " + capacity + " is too large for " + n + " features");
        }
        boolean rk = spec.architecture().isRungeKutta();
        states = new double[layers + 1][];
        for (int j = 1; j <= layers; j++) {
            if (keepAll || j % stride == 0 || j == layers) {
                states[j] = new double[(int) nm];
            }
        }
        window = new double[keepAll ? 0 : stride][];
        for (int i = 1; i < window.length; i++) {
            window[i] = new double[(int) nm];
        }
        paddedInput = spec.augmentation() > 0 ? new double[(int) nm] : null;
        int stageSets = keepAll ? layers : stride;
        stageIn = new double[stageSets][];
        stageOut = new double[stageSets][];
        if (rk) {
            for (int i = 0; i < stageSets; i++) {
                stageIn[i] = new double[(int) nm * (s - 1)];
                stageOut[i] = new double[(int) nm * s];
            }
        }
        int k = spec.outputs();
        logits = new double[k * capacity];
        logitGrad = new double[k * capacity];
        adjointA = new double[(int) nm];
        adjointB = new double[(int) nm];
        stageScratchG = new double[(int) nm * s];
        stageScratchM = new double[rk ? (int) nm * s : 0];
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
        long doubles = 0;
        for (double[][] group : new double[][][] {states, window, stageIn, stageOut}) {
            for (double[] a : group) {
                doubles += a == null ? 0 : a.length;
            }
        }
        doubles += (paddedInput == null ? 0 : paddedInput.length) + logits.length + logitGrad.length + adjointA.length
                + adjointB.length + stageScratchG.length + stageScratchM.length;
        return 8 * doubles;
    }

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
        BlockLoss loss = headLoss(block);
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
        BlockLoss loss = headLoss(block);
        double[] gradient = new double[spec.layout().size()];
        double[][] adjoints = new double[spec.layers() + 1][];
        backward(theta, m, gradient, adjoints, true);
        return new NetworkTrace(loss, gradient, stateCopies, adjoints, Arrays.copyOf(logits, spec.outputs() * m));
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
     * adjoint P<sup>[0]</sup> restricted to the input channels.
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
        copyInputRows(p0, m, out);
    }

    /** The state after layer {@code j} (1 ≤ j ≤ N) of the last forward pass, n×m; valid until the next call. */
    public double[] stateAfterLayer(int j) {
        if (j < 1 || j > spec.layers()) {
            throw new IllegalArgumentException("layer index " + j + " outside 1.." + spec.layers());
        }
        if (!keepAll && j % stride != 0 && j != spec.layers()) {
            throw new IllegalStateException("state " + j + " is not kept with recompute stride " + stride);
        }
        return states[j];
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

    /** Y[j] of the current pass (a kept state, or the segment window). */
    private double[] state(int j) {
        if (keepAll || j % stride == 0 || j == spec.layers()) {
            return states[j];
        }
        return window[j % stride];
    }

    private int stageSlot(int j) {
        return keepAll ? j : j % stride;
    }

    /** The input as state Y[0]: the features themselves, or padded with zero channels. */
    private double[] inputState(double[] x, int m) {
        if (paddedInput == null) {
            return x;
        }
        int d = spec.inputWidth();
        int n = spec.stateWidth();
        Arrays.fill(paddedInput, 0, n * m, 0);
        for (int c = 0; c < m; c++) {
            System.arraycopy(x, c * d, paddedInput, c * n, d);
        }
        return paddedInput;
    }

    private void copyInputRows(double[] p, int m, double[] out) {
        int d = spec.inputWidth();
        int n = spec.stateWidth();
        if (d == n) {
            System.arraycopy(p, 0, out, 0, n * m);
            return;
        }
        for (int c = 0; c < m; c++) {
            System.arraycopy(p, c * n, out, c * d, d);
        }
    }

    /**
     * Runs every layer and the head. With {@code forGradient} false, zero-step layers may be skipped.
     * Copies each state into {@code copies} and adds state norms into {@code normSquares} when given.
     */
    private void forward(double[] theta, double[] x, int m, boolean forGradient, double[] normSquares,
                         double[][] copies) {
        input = inputState(x, m);
        states[0] = input;
        int nm = spec.stateWidth() * m;
        record(normSquares, copies, 0, input, nm);
        boolean prune = !forGradient && options.pruneZeroSteps() && spec.architecture().isRungeKutta();
        for (int j = 0; j < spec.layers(); j++) {
            if (prune && spec.step(theta, j) == 0) {
                System.arraycopy(state(j), 0, state(j + 1), 0, nm);
            } else {
                layer(theta, j, m);
            }
            record(normSquares, copies, j + 1, state(j + 1), nm);
        }
        freshSegment = keepAll ? 0 : ((spec.layers() - 1) / stride) * stride;
        int k = spec.outputs();
        ParameterLayout layout = spec.layout();
        RungeKuttaStep.fillColumns(k, m, theta, layout.muOffset(), logits, 0);
        gemm.gemm(false, false, k, m, spec.stateWidth(), 1, theta, layout.wOffset(), k, states[spec.layers()], 0,
                spec.stateWidth(), 1, logits, 0, k);
        for (int idx = 0; idx < k * m; idx++) {
            if (!Double.isFinite(logits[idx])) {
                throw locateNonFinite(theta, m);
            }
        }
    }

    private static void record(double[] normSquares, double[][] copies, int j, double[] state, int nm) {
        if (normSquares != null) {
            double s = 0;
            for (int idx = 0; idx < nm; idx++) {
                s += state[idx] * state[idx];
            }
            normSquares[j] += s;
        }
        if (copies != null) {
            copies[j] = Arrays.copyOf(state, nm);
        }
    }

    /** Layer j: Y[j] → Y[j+1], keeping its stages in its slot. */
    private void layer(double[] theta, int j, int m) {
        ParameterLayout layout = spec.layout();
        int n = spec.stateWidth();
        if (spec.architecture().isRungeKutta()) {
            int slot = stageSlot(j);
            RungeKuttaStep.forward(gemm, spec.tableau(), n, m, spec.step(theta, j), theta, layout.kOffset(j),
                    layout.betaOffset(j), state(j), state(j + 1), stageIn[slot], stageOut[slot]);
        } else {
            FeedForwardStep.forward(gemm, n, m, theta, layout.kOffset(j), layout.betaOffset(j), state(j), state(j + 1));
        }
    }

    private BlockLoss headLoss(Block block) {
        int k = spec.outputs();
        Head head = spec.head();
        double lossSum = 0;
        double correct = 0;
        for (int c = 0; c < block.size(); c++) {
            int label = block.label(c);
            double w = block.weight(c);
            int off = c * k;
            double l = head.lossAndGradient(logits, off, k, label, logitGrad, off);
            for (int r = 0; r < k; r++) {
                logitGrad[off + r] *= w;
            }
            lossSum += w * l;
            if (head.predict(logits, off, k) == label) {
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
     * Backward sweep from the logit gradients in {@code logitGrad}; adds the parameter gradient into
     * {@code grad}, records P[0..N] into {@code adjoints} if not null, and returns P[0] (an internal buffer)
     * when {@code needInputAdjoint} — training does not need it, which saves the input layer's Kᵀ G.
     */
    private double[] backward(double[] theta, int m, double[] grad, double[][] adjoints, boolean needInputAdjoint) {
        int n = spec.stateWidth();
        int nm = n * m;
        int k = spec.outputs();
        ParameterLayout layout = spec.layout();
        int layers = spec.layers();
        gemm.gemm(false, true, k, n, m, 1, logitGrad, 0, k, states[layers], 0, n, 1, grad, layout.wOffset(), k);
        RungeKuttaStep.addRowSums(k, m, logitGrad, grad, layout.muOffset());
        double[] pNext = adjointA;
        double[] p = adjointB;
        gemm.gemm(true, false, n, m, k, 1, theta, layout.wOffset(), k, logitGrad, 0, k, 0, pNext, 0, n);
        recordAdjoint(adjoints, layers, pNext, nm);
        for (int j = layers - 1; j >= 0; j--) {
            boolean needP = j > 0 || needInputAdjoint || adjoints != null;
            int segment = keepAll ? 0 : (j / stride) * stride;
            if (segment != freshSegment) {
                for (int l = segment; l <= j; l++) {
                    layer(theta, l, m);
                }
                freshSegment = segment;
            }
            if (spec.architecture().isRungeKutta()) {
                int slot = stageSlot(j);
                double dh = RungeKuttaStep.adjoint(gemm, spec.tableau(), n, m, spec.step(theta, j), theta,
                        layout.kOffset(j), state(j), stageIn[slot], stageOut[slot], pNext, p, stageScratchG,
                        stageScratchM, grad, layout.kOffset(j), layout.betaOffset(j), needP);
                if (layout.hasSteps()) {
                    grad[layout.stepOffset(j)] += dh;
                }
            } else {
                FeedForwardStep.adjoint(gemm, n, m, theta, layout.kOffset(j), state(j), state(j + 1), pNext, p,
                        stageScratchG, grad, layout.kOffset(j), layout.betaOffset(j), needP);
            }
            if (!needP) {
                return null;
            }
            double[] t = pNext;
            pNext = p;
            p = t;
            recordAdjoint(adjoints, j, pNext, nm);
        }
        return pNext;
    }

    private static void recordAdjoint(double[][] adjoints, int j, double[] p, int nm) {
        if (adjoints != null) {
            adjoints[j] = Arrays.copyOf(p, nm);
        }
    }

    /** Re-runs the forward pass layer by layer, checking each stage, to name where values stop being finite. */
    private NonFiniteStateException locateNonFinite(double[] theta, int m) {
        int nm = spec.stateWidth() * m;
        int s = spec.stagesPerLayer();
        states[0] = input;
        for (int j = 0; j < spec.layers(); j++) {
            layer(theta, j, m);
            if (spec.architecture().isRungeKutta()) {
                double h = spec.step(theta, j);
                int slot = stageSlot(j);
                for (int i = 0; i < s; i++) {
                    if (i > 0 && firstNonFinite(stageIn[slot], (i - 1) * nm, nm) >= 0) {
                        return new NonFiniteStateException(j, i + 1, String.format(java.util.Locale.ROOT,
                                "non-finite stage input Y_%d in layer %d (step h = %s)", i + 1, j, h));
                    }
                    if (firstNonFinite(stageOut[slot], i * nm, nm) >= 0) {
                        return new NonFiniteStateException(j, i + 1, String.format(java.util.Locale.ROOT,
                                "NaN in F_%d = tanh(K Y_%d + beta) in layer %d, stage %d (step h = %s)",
                                i + 1, i + 1, j, i + 1, h));
                    }
                }
                if (firstNonFinite(state(j + 1), 0, nm) >= 0) {
                    return new NonFiniteStateException(j, 0, String.format(java.util.Locale.ROOT,
                            "non-finite state after the update of layer %d (step h = %s)", j, h));
                }
            } else if (firstNonFinite(state(j + 1), 0, nm) >= 0) {
                return new NonFiniteStateException(j, 1, "NaN in tanh(K Y + beta) in layer " + j + ", stage 1");
            }
        }
        return new NonFiniteStateException(-1, 0, "non-finite logits W y[N] + mu in the head");
    }

    private static int firstNonFinite(double[] a, int off, int len) {
        for (int idx = off; idx < off + len; idx++) {
            if (!Double.isFinite(a[idx])) {
                return idx;
            }
        }
        return -1;
    }
}
