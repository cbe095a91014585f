package org.odenet.numerics;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * A network fitted to its data: a {@link NetworkShape} (layers N, final time T, Runge–Kutta tableau,
 * architecture, head, a ≥ 0 zero channels appended to every input as in augmented neural ODEs, a = 0 being
 * the paper's setting) with the input features d, state dimension n = d + a, and number of classes.
 * Immutable; it holds no parameters — those live in one flat {@code double[]} whose layout {@link #layout()}
 * describes.
 */
public final class NetworkSpec implements Serializable {
    private static final long serialVersionUID = 2L;

    private final int stateWidth;
    private final NetworkShape shape;
    private final int numClasses;
    private final ParameterLayout layout;

    /**
     * @param features     n ≥ 1, the dimension of the inputs and of the state
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
     * As {@link #NetworkSpec(int, int, double, ButcherTableau, Architecture, Head, int)} with {@code augmentation}
     * zero channels appended to the inputs: the state has {@code features + augmentation} channels.
     *
     * @param features     d ≥ 1, the dimension of the inputs
     * @param augmentation a ≥ 0
     */
    public NetworkSpec(int features, int augmentation, int layers, double finalTime, ButcherTableau tableau,
                       Architecture architecture, Head head, int numClasses) {
        this(requireFeatures(features), new NetworkShape(layers, finalTime, tableau, architecture,
                Objects.requireNonNull(head, "head"), augmentation), numClasses);
    }

    /**
     * The network of {@code shape} for inputs of {@code features} values and {@code numClasses} classes; an
     * automatic head is resolved by {@link NetworkShape#headFor}.
     *
     * @param features d ≥ 1, the dimension of the inputs; the state has d + {@code shape.augmentation()} channels
     * @throws IllegalArgumentException naming the parameter and value
     */
    public NetworkSpec(int features, NetworkShape shape, int numClasses) {
        requireFeatures(features);
        Head head = shape.headFor(numClasses);
        if (!head.supports(numClasses)) {
            throw new IllegalArgumentException("numClasses = " + numClasses + " is not supported by head "
                    + head.configName() + (numClasses > 2 ? "; use " + Head.SOFTMAX_CROSS_ENTROPY.configName() : ""));
        }
        int state = features + shape.augmentation();
        this.stateWidth = state;
        this.shape = shape.head() == head ? shape : shape.withHead(head);
        this.numClasses = numClasses;
        int layers = shape.layers();
        int outputs = head.outputs(numClasses);
        long size = (long) layers * state * (state + 1) + layers + (long) outputs * (state + 1);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many parameters (" + size + ") for features = " + state
                    + " and layers = " + layers);
        }
        this.layout = new ParameterLayout(state, layers, shape.architecture().learnsSteps(), outputs);
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

    /** n, the state dimension: the input features plus the augmentation channels. */
    public int stateWidth() {
        return stateWidth;
    }

    /** d, the dimension of the inputs. */
    public int inputWidth() {
        return stateWidth - shape.augmentation();
    }

    /** a, the zero channels appended to every input. */
    public int augmentation() {
        return shape.augmentation();
    }

    /** The shape: layers, final time, tableau, architecture, the (resolved) head and augmentation. */
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

    /** The same shape with {@code channels} augmentation channels. */
    public NetworkSpec withAugmentation(int channels) {
        return new NetworkSpec(inputWidth(), shape.withAugmentation(channels), numClasses);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NetworkSpec s)) {
            return false;
        }
        return stateWidth == s.stateWidth && shape.equals(s.shape) && numClasses == s.numClasses;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stateWidth, shape, numClasses);
    }

    @Override
    public String toString() {
        int augmentation = augmentation();
        return String.format(Locale.ROOT, "NetworkSpec[n=%d%s, N=%d, T=%s, %s, %s, %s, K=%d]", stateWidth,
                augmentation == 0 ? "" : " (" + inputWidth() + " inputs + " + augmentation + " zero channels)",
                layers(), finalTime(), architecture().configName(), tableau().name(), head().configName(), numClasses);
    }
}
