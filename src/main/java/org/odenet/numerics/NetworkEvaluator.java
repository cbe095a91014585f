package org.odenet.numerics;

import java.util.Locale;

/**
 * Forward pass and discrete adjoint of a network on blocks of samples, with work arrays allocated once
 * for blocks of up to {@code capacity} samples and reused by every call. Not thread-safe: give each
 * thread (each Spark task) its own evaluator.
 */
public final class NetworkEvaluator {
    private final NetworkSpec spec;
    private final int capacity;
    private final Gemm gemm;
    private final double[][] states;
    private final double[][] stageIn;
    private final double[][] stageOut;
    private final double[] logits;
    private final double[] logitGrad;
    private final double[] adjointA;
    private final double[] adjointB;
    private final double[] stageScratchG;
    private final double[] stageScratchM;

    /**
     * @param capacity the largest block this evaluator will see
     */
    public NetworkEvaluator(NetworkSpec spec, int capacity) {
        this(spec, capacity, Gemm.forFeatures(spec.features()));
    }

    /** As {@link #NetworkEvaluator(NetworkSpec, int)} with an explicit matrix-product implementation. */
    public NetworkEvaluator(NetworkSpec spec, int capacity, Gemm gemm) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.spec = spec;
        this.capacity = capacity;
        this.gemm = gemm;
        int n = spec.features();
        int layers = spec.layers();
        long nm = (long) n * capacity;
        int s = spec.stagesPerLayer();
        if (nm * s > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("block capacity " + capacity + " is too large for " + n + " features");
        }
        boolean rk = spec.architecture().isRungeKutta();
        states = new double[layers + 1][];
        stageIn = new double[layers][];
        stageOut = new double[layers][];
        for (int j = 0; j < layers; j++) {
            states[j + 1] = new double[(int) nm];
            if (rk) {
                stageIn[j] = new double[(int) nm * (s - 1)];
                stageOut[j] = new double[(int) nm * s];
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

    /**
     * Loss of the block and, if {@code gradient} is not null, its gradient: ∂(Σ w ℓ)/∂θ is <em>added</em>
     * into {@code gradient} (length {@link ParameterLayout#size()}), so that blocks accumulate. Nothing is
     * divided by the weight sum.
     *
     * @throws NonFiniteStateException naming layer and stage if a NaN or infinity appears
     */
    public BlockLoss evaluate(double[] theta, Block block, double[] gradient) {
        checkBlock(theta, block);
        if (gradient != null && gradient.length != spec.layout().size()) {
            throw new IllegalArgumentException("gradient has length " + gradient.length + ", expected "
                    + spec.layout().size());
        }
        forward(theta, block.values(), block.size());
        BlockLoss loss = headLoss(block);
        if (gradient != null) {
            backward(theta, block.size(), gradient, null);
        }
        return loss;
    }

    /** One forward and adjoint pass with every intermediate result copied out (allocates; for diagnostics). */
    public NetworkTrace trace(double[] theta, Block block) {
        checkBlock(theta, block);
        int m = block.size();
        int nm = spec.features() * m;
        forward(theta, block.values(), m);
        BlockLoss loss = headLoss(block);
        double[] gradient = new double[spec.layout().size()];
        double[][] adjoints = new double[spec.layers() + 1][];
        backward(theta, m, gradient, adjoints);
        double[][] stateCopies = new double[spec.layers() + 1][];
        for (int j = 0; j <= spec.layers(); j++) {
            stateCopies[j] = java.util.Arrays.copyOf(states[j], nm);
        }
        return new NetworkTrace(loss, gradient, stateCopies, adjoints,
                java.util.Arrays.copyOf(logits, spec.outputs() * m));
    }

    /**
     * Logits z = W y<sup>[N]</sup> + μ of m unlabelled samples.
     *
     * @param features n×m column-major, finite (not checked here)
     * @param out      receives k×m logits, column-major (written)
     */
    public void logits(double[] theta, double[] features, int m, double[] out) {
        checkTheta(theta);
        checkSize(m);
        forward(theta, features, m);
        System.arraycopy(logits, 0, out, 0, spec.outputs() * m);
    }

    /** The state after layer {@code j} (1 ≤ j ≤ N) of the last forward pass, n×m; valid until the next call. */
    public double[] stateAfterLayer(int j) {
        if (j < 1 || j > spec.layers()) {
            throw new IllegalArgumentException("layer index " + j + " outside 1.." + spec.layers());
        }
        return states[j];
    }

    private void checkBlock(double[] theta, Block block) {
        checkTheta(theta);
        if (block.features() != spec.features()) {
            throw new IllegalArgumentException("block has " + block.features() + " features, the network "
                    + spec.features());
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

    private void forward(double[] theta, double[] x, int m) {
        int n = spec.features();
        ParameterLayout layout = spec.layout();
        states[0] = x;
        for (int j = 0; j < spec.layers(); j++) {
            if (spec.architecture().isRungeKutta()) {
                RungeKuttaStep.forward(gemm, spec.tableau(), n, m, spec.step(theta, j), theta,
                        layout.kOffset(j), layout.betaOffset(j), states[j], states[j + 1], stageIn[j], stageOut[j]);
            } else {
                FeedForwardStep.forward(gemm, n, m, theta, layout.kOffset(j), layout.betaOffset(j),
                        states[j], states[j + 1]);
            }
        }
        int k = spec.outputs();
        RungeKuttaStep.fillColumns(k, m, theta, layout.muOffset(), logits, 0);
        gemm.gemm(false, false, k, m, n, 1, theta, layout.wOffset(), k, states[spec.layers()], 0, n, 1, logits, 0, k);
        for (int idx = 0; idx < k * m; idx++) {
            if (!Double.isFinite(logits[idx])) {
                throw locateNonFinite(theta, m);
            }
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

    /** Backward sweep from the weighted logit gradients; records P^[0..N] into {@code adjoints} if not null. */
    private void backward(double[] theta, int m, double[] grad, double[][] adjoints) {
        int n = spec.features();
        int nm = n * m;
        int k = spec.outputs();
        ParameterLayout layout = spec.layout();
        int layers = spec.layers();
        gemm.gemm(false, true, k, n, m, 1, logitGrad, 0, k, states[layers], 0, n, 1, grad, layout.wOffset(), k);
        RungeKuttaStep.addRowSums(k, m, logitGrad, grad, layout.muOffset());
        double[] pNext = adjointA;
        double[] p = adjointB;
        gemm.gemm(true, false, n, m, k, 1, theta, layout.wOffset(), k, logitGrad, 0, k, 0, pNext, 0, n);
        record(adjoints, layers, pNext, nm);
        for (int j = layers - 1; j >= 0; j--) {
            if (spec.architecture().isRungeKutta()) {
                double dh = RungeKuttaStep.adjoint(gemm, spec.tableau(), n, m, spec.step(theta, j), theta,
                        layout.kOffset(j), states[j], stageIn[j], stageOut[j], pNext, p, stageScratchG,
                        stageScratchM, grad, layout.kOffset(j), layout.betaOffset(j));
                if (layout.hasSteps()) {
                    grad[layout.stepOffset(j)] += dh;
                }
            } else {
                FeedForwardStep.adjoint(gemm, n, m, theta, layout.kOffset(j), states[j], states[j + 1], pNext, p,
                        stageScratchG, grad, layout.kOffset(j), layout.betaOffset(j));
            }
            double[] t = pNext;
            pNext = p;
            p = t;
            record(adjoints, j, pNext, nm);
        }
    }

    private static void record(double[][] adjoints, int j, double[] p, int nm) {
        if (adjoints != null) {
            adjoints[j] = java.util.Arrays.copyOf(p, nm);
        }
    }

    /** Finds the first layer and stage whose values are not finite, for the error message. */
    private NonFiniteStateException locateNonFinite(double[] theta, int m) {
        int nm = spec.features() * m;
        int s = spec.stagesPerLayer();
        for (int j = 0; j < spec.layers(); j++) {
            if (spec.architecture().isRungeKutta()) {
                double h = spec.step(theta, j);
                for (int i = 0; i < s; i++) {
                    if (i > 0 && firstNonFinite(stageIn[j], (i - 1) * nm, nm) >= 0) {
                        return new NonFiniteStateException(j, i + 1, String.format(Locale.ROOT,
                                "non-finite stage input Y_%d in layer %d (step h = %s)", i + 1, j, h));
                    }
                    if (firstNonFinite(stageOut[j], i * nm, nm) >= 0) {
                        return new NonFiniteStateException(j, i + 1, String.format(Locale.ROOT,
                                "NaN in F_%d = tanh(K Y_%d + beta) in layer %d, stage %d (step h = %s)",
                                i + 1, i + 1, j, i + 1, h));
                    }
                }
                if (firstNonFinite(states[j + 1], 0, nm) >= 0) {
                    return new NonFiniteStateException(j, 0, String.format(Locale.ROOT,
                            "non-finite state after the update of layer %d (step h = %s)", j, h));
                }
            } else if (firstNonFinite(states[j + 1], 0, nm) >= 0) {
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
