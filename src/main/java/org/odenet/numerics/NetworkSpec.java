package org.odenet.numerics;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * A network fitted to its data: a {@link NetworkShape} (layers N, final time T, Runge–Kutta tableau,
 * architecture, head, state width) with the input width d (features per sample), the state width n of Y and
 * the number of classes. How the input becomes the state Y<sup>[0]</sup>:
 * <ul>
 *   <li>n = d (the default, the paper's network): Y<sup>[0]</sup> = x;</li>
 *   <li>n &gt; d: x followed by n − d zero channels (augmented neural ODEs);</li>
 *   <li>n &lt; d: a learned linear embedding Y<sup>[0]</sup> = E x + e, E ∈ R<sup>n×d</sup>, e ∈ R<sup>n</sup>,
 *   whose controls follow every other block of θ (see {@link ParameterLayout}); every layer then works at
 *   width n.</li>
 * </ul>
 * Immutable; it holds no parameters — those live in one flat {@code double[]} whose layout {@link #layout()}
 * describes.
 */
public final class NetworkSpec implements Serializable {
    private static final long serialVersionUID = 3L;

    private final int inputWidth;
    private final int stateWidth;
    private final NetworkShape shape;
    private final int numClasses;
    private final ParameterLayout layout;

    /**
     * @param features     d ≥ 1, the dimension of the inputs and of the state
     * @param layers       N ≥ 1
     * @param finalTime    T &gt; 0; the fixed step of {@link Architecture#RESNET} is T/N and the steps of
     *                     {@link Architecture#ODENET_SIMPLEX} sum to T
     * @param tableau      the Runge–Kutta method of every layer (not used by {@link Architecture#NET})
     * @param architecture the layer type
     * @param head         the classifier and loss
     * @param numClasses   K ≥ 2, as the head supports
     * @throws IllegalArgumentException naming the parameter and value
     */
    public NetworkSpec(int features, int layers, double finalTime, ButcherTableau tableau,
                       Architecture architecture, Head head, int numClasses) {
        this(features, 0, layers, finalTime, tableau, architecture, head, numClasses);
    }

    /**
     * As {@link #NetworkSpec(int, int, double, ButcherTableau, Architecture, Head, int)} with a state of
     * {@code stateWidth} channels: zero channels appended to the inputs when wider, a learned embedding when
     * narrower.
     *
     * @param features   d ≥ 1, the dimension of the inputs
     * @param stateWidth n ≥ 0, the channels of the state; 0 for d
     */
    public NetworkSpec(int features, int stateWidth, int layers, double finalTime, ButcherTableau tableau,
                       Architecture architecture, Head head, int numClasses) {
        this(requireFeatures(features), new NetworkShape(layers, finalTime, tableau, architecture,
                Objects.requireNonNull(head, "head"), stateWidth), numClasses);
    }

    /**
     * The network of {@code shape} for inputs of {@code features} values and {@code numClasses} classes; an
     * automatic head is resolved by {@link NetworkShape#headFor}.
     *
     * @param features d ≥ 1, the dimension of the inputs; the state has {@code shape.stateWidth()} channels, or d
     *                 when that is 0
     * @throws IllegalArgumentException naming the parameter and value
     */
    public NetworkSpec(int features, NetworkShape shape, int numClasses) {
        requireFeatures(features);
        Head head = shape.headFor(numClasses);
        if (!head.supports(numClasses)) {
            throw new IllegalArgumentException("numClasses = " + numClasses + " is not supported by head "
                    + head.configName() + (numClasses > 2 ? "; use " + Head.SOFTMAX_CROSS_ENTROPY.configName() : ""));
        }
        int state = shape.stateWidth() == 0 ? features : shape.stateWidth();
        this.inputWidth = features;
        this.stateWidth = state;
        // one spec per network: a state width equal to the input width is the default, 0
        NetworkShape normal = shape.stateWidth() == features ? shape.withStateWidth(0) : shape;
        this.shape = normal.head() == head ? normal : normal.withHead(head);
        this.numClasses = numClasses;
        int layers = shape.layers();
        int outputs = head.outputs(numClasses);
        boolean embeds = state < features;
        long size = (long) layers * state * (state + 1) + layers + (long) outputs * (state + 1)
                + (embeds ? (long) state * (features + 1) : 0);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many parameters (" + size + ") for stateWidth = " + state
                    + ", features = " + features + " and layers = " + layers + ": θ is one Java array of at most "
                    + (Integer.MAX_VALUE - 8) + " values; lower layers or stateWidth");
        }
        this.layout = new ParameterLayout(state, layers, shape.architecture().learnsSteps(), outputs,
                embeds ? features : 0);
    }

    private static int requireFeatures(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be at least 1, got " + features);
        }
        return features;
    }

    /** A binary network with the paper's head and T = 1. */
    public static NetworkSpec binary(int features, int layers, ButcherTableau tableau, Architecture architecture) {
        return new NetworkSpec(features, layers, 1.0, tableau, architecture, Head.LOGISTIC_SQUARED_ERROR, 2);
    }

    /** n, the channels of the state Y (of every layer). */
    public int stateWidth() {
        return stateWidth;
    }

    /** d, the dimension of the inputs. */
    public int inputWidth() {
        return inputWidth;
    }

    /** n − d when the state is wider than the input (the zero channels appended to every input), else 0. */
    public int augmentation() {
        return Math.max(0, stateWidth - inputWidth);
    }

    /** Whether the state is narrower than the input, so Y<sup>[0]</sup> = E x + e with E, e in θ. */
    public boolean embedsInput() {
        return stateWidth < inputWidth;
    }

    /** The shape: layers, final time, tableau, architecture, the (resolved) head and state width. */
    public NetworkShape shape() {
        return shape;
    }

    public int layers() {
        return shape.layers();
    }

    public double finalTime() {
        return shape.finalTime();
    }

    public ButcherTableau tableau() {
        return shape.tableau();
    }

    public Architecture architecture() {
        return shape.architecture();
    }

    public Head head() {
        return shape.head();
    }

    public int numClasses() {
        return numClasses;
    }

    /** Rows of W: 1 for the binary heads, K for softmax. */
    public int outputs() {
        return layout.outputs();
    }

    public ParameterLayout layout() {
        return layout;
    }

    /** Stages evaluated per layer: the tableau's s for Runge–Kutta architectures, 1 for {@link Architecture#NET}. */
    public int stagesPerLayer() {
        return architecture().isRungeKutta() ? tableau().stages() : 1;
    }

    /** The uniform step T/N: the fixed step of ResNet and the initial step of the ODENets. */
    public double uniformStep() {
        return finalTime() / layers();
    }

    /** The step h<sub>j</sub> of layer j under parameters θ (T/N unless steps are learned). */
    public double step(double[] theta, int j) {
        return architecture().learnsSteps() ? theta[layout.stepOffset(j)] : uniformStep();
    }

    /**
     * The steps h<sub>0</sub>, …, h<sub>N−1</sub> under θ (a fresh array): learned ones for the ODENets, T/N
     * for ResNet; empty for {@link Architecture#NET}, which has no steps.
     */
    public double[] timeSteps(double[] theta) {
        if (!architecture().isRungeKutta()) {
            return new double[0];
        }
        double[] h = new double[layers()];
        for (int j = 0; j < h.length; j++) {
            h[j] = step(theta, j);
        }
        return h;
    }

    /** The same shape with another number of layers. */
    public NetworkSpec withLayers(int newLayers) {
        return new NetworkSpec(inputWidth(), shape.withLayers(newLayers), numClasses);
    }

    /** The same shape with another architecture. */
    public NetworkSpec withArchitecture(Architecture newArchitecture) {
        return new NetworkSpec(inputWidth(), shape.withArchitecture(newArchitecture), numClasses);
    }

    /** The same shape with another tableau. */
    public NetworkSpec withTableau(ButcherTableau newTableau) {
        return new NetworkSpec(inputWidth(), shape.withTableau(newTableau), numClasses);
    }

    /** The same shape with another head and number of classes. */
    public NetworkSpec withHead(Head newHead, int newNumClasses) {
        return new NetworkSpec(inputWidth(), shape.withHead(Objects.requireNonNull(newHead, "head")), newNumClasses);
    }

    /** The same network with a state of {@code width} channels (0 for the input width). */
    public NetworkSpec withStateWidth(int width) {
        return new NetworkSpec(inputWidth, shape.withStateWidth(width), numClasses);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NetworkSpec s)) {
            return false;
        }
        return inputWidth == s.inputWidth && stateWidth == s.stateWidth && shape.equals(s.shape)
                && numClasses == s.numClasses;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputWidth, stateWidth, shape, numClasses);
    }

    @Override
    public String toString() {
        int augmentation = augmentation();
        return String.format(Locale.ROOT, "NetworkSpec[n=%d%s, N=%d, T=%s, %s, %s, %s, K=%d]", stateWidth,
                augmentation > 0 ? " (" + inputWidth + " inputs + " + augmentation + " zero channels)"
                        : embedsInput() ? " (embedded from " + inputWidth + " inputs)" : "",
                layers(), finalTime(), architecture().configName(), tableau().name(), head().configName(), numClasses);
    }
}
