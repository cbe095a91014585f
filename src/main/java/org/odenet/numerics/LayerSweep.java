package org.odenet.numerics;

import java.util.Arrays;
import java.util.Locale;

/**
 * The layers of a network swept forward (Y<sup>[0]</sup> → Y<sup>[N]</sup>) and backward (the discrete
 * adjoint P<sup>[N]</sup> → P<sup>[0]</sup>) on blocks of up to {@code capacity} samples, with the states
 * and stage buffers allocated once. With a recompute stride r &gt; 1 only every r-th state is kept and the
 * backward sweep recomputes each segment of r layers from its first state before running the adjoint
 * through it. The input becomes Y<sup>[0]</sup> as the {@link NetworkSpec} says: itself, padded with zero channels,
 * or through the learned {@link InputEmbedding}, whose gradient the backward sweep adds too. Not thread-safe.
 */
final class LayerSweep {
    private final NetworkSpec spec;
    private final Gemm gemm;
    private final boolean pruneZeroSteps;
    private final int stride;
    private final boolean keepAll;
    /** keepAll: Y[0..N]; otherwise Y[j] for j a multiple of the stride, and Y[N]. Index: the layer j. */
    private final double[][] states;
    /** Interior states of the current segment (index j mod stride), when not keeping all. */
    private final double[][] window;
    /** Y[0] when it is not the input itself (zero channels appended, or the embedding E x + e); else null. */
    private final double[] inputState;
    private final double[][] stageIn;
    private final double[][] stageOut;
    private final double[] adjointA;
    private final double[] adjointB;
    private final double[] stageScratchG;
    private final double[] stageScratchM;
    /** Y[0] of the current pass. */
    private double[] input;
    /** The d×m input of the current pass (the embedding's gradient needs it). */
    private double[] rawInput;
    /** The last segment whose stages are in the buffers (its first layer), −1 for none. */
    private int freshSegment = -1;

    /** @throws IllegalArgumentException if a stage buffer for {@code capacity} samples would not fit an array */
    LayerSweep(NetworkSpec spec, int capacity, Gemm gemm, boolean pruneZeroSteps, int recomputeStride) {
        this.spec = spec;
        this.gemm = gemm;
        this.pruneZeroSteps = pruneZeroSteps;
        int layers = spec.layers();
        this.stride = Math.min(recomputeStride, layers);
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
        inputState = spec.stateWidth() != spec.inputWidth() ? new double[(int) nm] : null;
        int stageSets = keepAll ? layers : stride;
        stageIn = new double[stageSets][];
        stageOut = new double[stageSets][];
        if (rk) {
            for (int i = 0; i < stageSets; i++) {
                stageIn[i] = new double[(int) nm * (s - 1)];
                stageOut[i] = new double[(int) nm * s];
            }
        }
        adjointA = new double[(int) nm];
        adjointB = new double[(int) nm];
        stageScratchG = new double[(int) nm * s];
        stageScratchM = new double[rk ? (int) nm * s : 0];
    }

    /**
     * The doubles {@link #LayerSweep} allocates for {@code spec} and blocks of {@code capacity} samples with recompute
     * stride {@code recomputeStride}, computed without allocating (as a long: it may exceed any array).
     */
    static long workspaceDoubles(NetworkSpec spec, long capacity, int recomputeStride) {
        int layers = spec.layers();
        int stride = Math.min(recomputeStride, layers);
        long nm = (long) spec.stateWidth() * capacity;
        long s = spec.stagesPerLayer();
        boolean rk = spec.architecture().isRungeKutta();
        long stageSets = stride == 1 ? layers : stride;
        long stages = rk ? stageSets * nm * (2 * s - 1) : 0;
        return stateArrays(spec, stride) * nm + stages + 2 * nm + nm * s + (rk ? nm * s : 0);
    }

    /** The arrays {@link #LayerSweep} allocates (for their headers), computed without allocating. */
    static long workspaceArrays(NetworkSpec spec, int recomputeStride) {
        int stride = Math.min(recomputeStride, spec.layers());
        long stageSets = stride == 1 ? spec.layers() : stride;
        return stateArrays(spec, stride) + (spec.architecture().isRungeKutta() ? 2 * stageSets + 1 : 0) + 3
                + (spec.layers() + 1) + 2 * stageSets + stride;
    }

    /** States, window states and the input state: arrays of n×capacity. */
    private static long stateArrays(NetworkSpec spec, int stride) {
        int layers = spec.layers();
        long kept = stride == 1 ? layers : layers / stride + (layers % stride != 0 ? 1 : 0);
        long window = stride == 1 ? 0 : stride - 1;
        return kept + window + (spec.stateWidth() != spec.inputWidth() ? 1 : 0);
    }

    /** Doubles in the work arrays. */
    long workspaceDoubles() {
        long doubles = 0;
        for (double[][] group : new double[][][] {states, window, stageIn, stageOut}) {
            for (double[] a : group) {
                doubles += a == null ? 0 : a.length;
            }
        }
        return doubles + (inputState == null ? 0 : inputState.length) + adjointA.length + adjointB.length
                + stageScratchG.length + stageScratchM.length;
    }

    /**
     * The state after layer {@code j} (1 ≤ j ≤ N) of the last forward sweep, or for j = 0 the input state
     * Y<sup>[0]</sup> (possibly the caller's input array itself: read only), n×m; valid until the next call.
     */
    double[] stateAfterLayer(int j) {
        if (j < 0 || j > spec.layers()) {
            throw new IllegalArgumentException("layer index " + j + " outside 0.." + spec.layers());
        }
        if (j == 0) {
            return input;
        }
        if (!keepAll && j % stride != 0 && j != spec.layers()) {
            throw new IllegalStateException("state " + j + " is not kept with recompute stride " + stride);
        }
        return states[j];
    }

    /**
     * Runs every layer on the d×m input {@code x} (read) and returns Y<sup>[N]</sup> (an internal buffer).
     * With {@code forGradient} false, zero-step layers may be skipped. Copies each state into {@code copies}
     * and adds state norms into {@code normSquares} when given.
     */
    double[] forward(double[] theta, double[] x, int m, boolean forGradient, double[] normSquares,
                     double[][] copies) {
        rawInput = x;
        input = inputState(theta, x, m);
        states[0] = input;
        int nm = spec.stateWidth() * m;
        record(normSquares, copies, 0, input, nm);
        boolean prune = !forGradient && pruneZeroSteps && spec.architecture().isRungeKutta();
        for (int j = 0; j < spec.layers(); j++) {
            if (prune && spec.step(theta, j) == 0) {
                System.arraycopy(state(j), 0, state(j + 1), 0, nm);
            } else {
                layer(theta, j, m);
            }
            record(normSquares, copies, j + 1, state(j + 1), nm);
        }
        freshSegment = keepAll ? 0 : ((spec.layers() - 1) / stride) * stride;
        return states[spec.layers()];
    }

    /** The buffer P<sup>[N]</sup> must be written into before {@link #backward}. */
    double[] finalAdjoint() {
        return adjointA;
    }

    /**
     * Backward sweep from P<sup>[N]</sup> in {@link #finalAdjoint()}, after a forward sweep with
     * {@code forGradient}; adds the parameter gradient of the layers into {@code grad}, records P[0..N] into
     * {@code adjoints} if not null, and returns P[0] (an internal buffer) when {@code needInputAdjoint} —
     * training does not need it, which saves the input layer's Kᵀ G (unless the input embedding's gradient needs
     * P[0]). With an input embedding P[0] is the adjoint of Y[0] = E x + e, not of x, and the gradient of E and e is
     * added too.
     */
    double[] backward(double[] theta, int m, double[] grad, double[][] adjoints, boolean needInputAdjoint) {
        int n = spec.stateWidth();
        int nm = n * m;
        ParameterLayout layout = spec.layout();
        int layers = spec.layers();
        double[] pNext = adjointA;
        double[] p = adjointB;
        recordAdjoint(adjoints, layers, pNext, nm);
        for (int j = layers - 1; j >= 0; j--) {
            boolean needP = j > 0 || needInputAdjoint || adjoints != null || spec.embedsInput();
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
        if (spec.embedsInput()) {
            InputEmbedding.addGradient(gemm, spec, rawInput, pNext, m, grad);
        }
        return pNext;
    }

    /** Re-runs the forward sweep layer by layer, checking each stage, to name where values stop being finite. */
    NonFiniteStateException locateNonFinite(double[] theta, int m) {
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
                        return new NonFiniteStateException(j, i + 1, String.format(Locale.ROOT,
                                "non-finite stage input Y_%d in layer %d (step h = %s)", i + 1, j, h));
                    }
                    if (firstNonFinite(stageOut[slot], i * nm, nm) >= 0) {
                        return new NonFiniteStateException(j, i + 1, String.format(Locale.ROOT,
                                "NaN in F_%d = tanh(K Y_%d + beta) in layer %d, stage %d (step h = %s)",
                                i + 1, i + 1, j, i + 1, h));
                    }
                }
                if (firstNonFinite(state(j + 1), 0, nm) >= 0) {
                    return new NonFiniteStateException(j, 0, String.format(Locale.ROOT,
                            "non-finite state after the update of layer %d (step h = %s)", j, h));
                }
            } else if (firstNonFinite(state(j + 1), 0, nm) >= 0) {
                return new NonFiniteStateException(j, 1, "NaN in tanh(K Y + beta) in layer " + j + ", stage 1");
            }
        }
        return new NonFiniteStateException(-1, 0, "non-finite logits W y[N] + mu in the head");
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

    /** The input as state Y[0]: the features themselves, padded with zero channels, or E x + e. */
    private double[] inputState(double[] theta, double[] x, int m) {
        if (inputState == null) {
            return x;
        }
        if (spec.embedsInput()) {
            InputEmbedding.forward(gemm, spec, theta, x, m, inputState);
            return inputState;
        }
        int d = spec.inputWidth();
        int n = spec.stateWidth();
        Arrays.fill(inputState, 0, n * m, 0);
        for (int c = 0; c < m; c++) {
            System.arraycopy(x, c * d, inputState, c * n, d);
        }
        return inputState;
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

    private static void recordAdjoint(double[][] adjoints, int j, double[] p, int nm) {
        if (adjoints != null) {
            adjoints[j] = Arrays.copyOf(p, nm);
        }
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
