package org.odenet.numerics;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * The shape of a network: input features d, state dimension n = d + a (a ≥ 0 extra zero channels appended
 * to every input, as in augmented neural ODEs; a = 0 is the paper's setting), layers N, final time T,
 * Runge–Kutta tableau, architecture, head and number of classes. Immutable; it holds no parameters — those
 * live in one flat {@code double[]} whose layout {@link #layout()} describes.
 */
public final class NetworkSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int stateWidth;
    private final int augmentation;
    private final int layers;
    private final double finalTime;
    private final ButcherTableau tableau;
    private final Architecture architecture;
    private final Head head;
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
        if (features < 1) {
            throw new IllegalArgumentException("features must be at least 1, got " + features);
        }
        if (augmentation < 0) {
            throw new IllegalArgumentException("augmentation must be >= 0, got " + augmentation);
        }
        int state = features + augmentation;
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1, got " + layers);
        }
        if (!(finalTime > 0) || Double.isInfinite(finalTime)) {
            throw new IllegalArgumentException("finalTime must be positive and finite, got " + finalTime);
        }
        this.tableau = Objects.requireNonNull(tableau, "tableau");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.head = Objects.requireNonNull(head, "head");
        if (!head.supports(numClasses)) {
            throw new IllegalArgumentException("numClasses = " + numClasses + " is not supported by head "
                    + head.configName() + (numClasses > 2 ? "; use " + Head.SOFTMAX_CROSS_ENTROPY.configName() : ""));
        }
        this.stateWidth = state;
        this.augmentation = augmentation;
        this.layers = layers;
        this.finalTime = finalTime;
        this.numClasses = numClasses;
        int outputs = head.outputs(numClasses);
        long size = (long) layers * state * (state + 1) + layers + (long) outputs * (state + 1);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many parameters (" + size + ") for features = " + state
                    + " and layers = " + layers);
        }
        this.layout = new ParameterLayout(state, layers, architecture.learnsSteps(), outputs);
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
        return stateWidth - augmentation;
    }

    /** a, the zero channels appended to every input. */
    public int augmentation() {
        return augmentation;
    }

    public int layers() {
        return layers;
    }

    public double finalTime() {
        return finalTime;
    }

    public ButcherTableau tableau() {
        return tableau;
    }

    public Architecture architecture() {
        return architecture;
    }

    public Head head() {
        return head;
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
        return architecture.isRungeKutta() ? tableau.stages() : 1;
    }

    /** The uniform step T/N: the fixed step of ResNet and the initial step of the ODENets. */
    public double uniformStep() {
        return finalTime / layers;
    }

    /** The step h<sub>j</sub> of layer j under parameters θ (T/N unless steps are learned). */
    public double step(double[] theta, int j) {
        return architecture.learnsSteps() ? theta[layout.stepOffset(j)] : uniformStep();
    }

    /**
     * The steps h<sub>0</sub>, …, h<sub>N−1</sub> under θ (a fresh array): learned ones for the ODENets, T/N
     * for ResNet; empty for {@link Architecture#NET}, which has no steps.
     */
    public double[] timeSteps(double[] theta) {
        if (!architecture.isRungeKutta()) {
            return new double[0];
        }
        double[] h = new double[layers];
        for (int j = 0; j < h.length; j++) {
            h[j] = step(theta, j);
        }
        return h;
    }

    /** The same shape with another number of layers. */
    public NetworkSpec withLayers(int newLayers) {
        return new NetworkSpec(inputWidth(), augmentation, newLayers, finalTime, tableau, architecture, head,
                numClasses);
    }

    /** The same shape with another architecture. */
    public NetworkSpec withArchitecture(Architecture newArchitecture) {
        return new NetworkSpec(inputWidth(), augmentation, layers, finalTime, tableau, newArchitecture, head,
                numClasses);
    }

    /** The same shape with another tableau. */
    public NetworkSpec withTableau(ButcherTableau newTableau) {
        return new NetworkSpec(inputWidth(), augmentation, layers, finalTime, newTableau, architecture, head,
                numClasses);
    }

    /** The same shape with another head and number of classes. */
    public NetworkSpec withHead(Head newHead, int newNumClasses) {
        return new NetworkSpec(inputWidth(), augmentation, layers, finalTime, tableau, architecture, newHead,
                newNumClasses);
    }

    /** The same shape with {@code channels} augmentation channels. */
    public NetworkSpec withAugmentation(int channels) {
        return new NetworkSpec(inputWidth(), channels, layers, finalTime, tableau, architecture, head, numClasses);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NetworkSpec s)) {
            return false;
        }
        return stateWidth == s.stateWidth && augmentation == s.augmentation && layers == s.layers && Double.compare(finalTime, s.finalTime) == 0
                && tableau.equals(s.tableau) && architecture == s.architecture && head == s.head
                && numClasses == s.numClasses;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stateWidth, augmentation, layers, finalTime, tableau, architecture, head, numClasses);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "NetworkSpec[n=%d%s, N=%d, T=%s, %s, %s, %s, K=%d]", stateWidth,
                augmentation == 0 ? "" : " (" + inputWidth() + " inputs + " + augmentation + " zero channels)",
                layers, finalTime, architecture.configName(), tableau.name(), head.configName(), numClasses);
    }
}
