package org.odenet.numerics;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * What defines a network apart from its data: layers N, final time T, Runge–Kutta tableau, architecture,
 * head (or "auto") and the state width (0: the input width). Immutable and validated; {@link #specFor} adds the
 * data's input width and number of classes to make a {@link NetworkSpec}. A plain final class rather than a record:
 * it travels inside {@link NetworkSpec} to the executors, and the Kryo serializer cannot build records.
 */
public final class NetworkShape implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The configuration name of the automatic head. */
    public static final String AUTO_HEAD = "auto";

    /** The paper's ResNet: 20 Euler layers up to T = 1, the automatic head, the state as wide as the input. */
    public static final NetworkShape DEFAULT = new NetworkShape(20, 1.0, ButcherTableau.EULER, Architecture.RESNET,
            null, 0);

    private final int layers;
    private final double finalTime;
    private final ButcherTableau tableau;
    private final Architecture architecture;
    private final Head head;
    private final int stateWidth;

    /**
     * @param layers       N ≥ 1
     * @param finalTime    T &gt; 0 and finite; the fixed step of {@link Architecture#RESNET} is T/N and the steps
     *                     of {@link Architecture#ODENET_SIMPLEX} sum to T
     * @param tableau      the Runge–Kutta method of every layer (not used by {@link Architecture#NET})
     * @param architecture the layer type
     * @param head         the classifier and loss, or null for auto (see {@link #headFor})
     * @param stateWidth   channels of the state Y, ≥ 0; 0 (the paper's) for the input width n. Wider than the input:
     *                     zero channels appended (augmented neural ODEs); narrower: a learned linear embedding
     *                     Y⁰ = E x + e (see {@link NetworkSpec})
     * @throws IllegalArgumentException naming the parameter and value
     * @throws NullPointerException     if tableau or architecture is null
     */
    public NetworkShape(int layers, double finalTime, ButcherTableau tableau, Architecture architecture, Head head,
                        int stateWidth) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be >= 1, got " + layers);
        }
        if (!(finalTime > 0) || Double.isInfinite(finalTime)) {
            throw new IllegalArgumentException("finalTime must be positive and finite, got " + finalTime);
        }
        if (stateWidth < 0) {
            throw new IllegalArgumentException("stateWidth must be >= 0 (0 for the input width), got " + stateWidth);
        }
        this.layers = layers;
        this.finalTime = finalTime;
        this.tableau = Objects.requireNonNull(tableau, "tableau");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        this.head = head;
        this.stateWidth = stateWidth;
    }

    /** The head called {@code name}, or null for {@value #AUTO_HEAD}. */
    public static Head headFromName(String name) {
        return AUTO_HEAD.equalsIgnoreCase(name) ? null : Head.fromName(name);
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

    /** The head, or null for auto. */
    public Head head() {
        return head;
    }

    /** The head's configuration name, {@value #AUTO_HEAD} for auto. */
    public String headName() {
        return head == null ? AUTO_HEAD : head.configName();
    }

    /** The channels of the state; 0 (the paper's setting) for as many as the input has. */
    public int stateWidth() {
        return stateWidth;
    }

    /** The head for {@code numClasses} classes: this shape's, or if auto the paper's for two classes, softmax for more. */
    public Head headFor(int numClasses) {
        if (head != null) {
            return head;
        }
        return numClasses == 2 ? Head.LOGISTIC_SQUARED_ERROR : Head.SOFTMAX_CROSS_ENTROPY;
    }

    /**
     * The network of this shape for data with {@code inputWidth} features and {@code numClasses} classes.
     *
     * @throws IllegalArgumentException as {@link NetworkSpec#NetworkSpec(int, NetworkShape, int)}
     */
    public NetworkSpec specFor(int inputWidth, int numClasses) {
        return new NetworkSpec(inputWidth, this, numClasses);
    }

    public NetworkShape withLayers(int v) {
        return new NetworkShape(v, finalTime, tableau, architecture, head, stateWidth);
    }

    public NetworkShape withFinalTime(double v) {
        return new NetworkShape(layers, v, tableau, architecture, head, stateWidth);
    }

    public NetworkShape withTableau(ButcherTableau v) {
        return new NetworkShape(layers, finalTime, v, architecture, head, stateWidth);
    }

    public NetworkShape withArchitecture(Architecture v) {
        return new NetworkShape(layers, finalTime, tableau, v, head, stateWidth);
    }

    /** The same shape with head {@code v}; null for auto. */
    public NetworkShape withHead(Head v) {
        return new NetworkShape(layers, finalTime, tableau, architecture, v, stateWidth);
    }

    /** The same shape with state width {@code v} (0 for the input width). */
    public NetworkShape withStateWidth(int v) {
        return new NetworkShape(layers, finalTime, tableau, architecture, head, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkShape s && layers == s.layers && Double.compare(finalTime, s.finalTime) == 0
                && tableau.equals(s.tableau) && architecture == s.architecture && head == s.head
                && stateWidth == s.stateWidth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(layers, finalTime, tableau, architecture, head, stateWidth);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "NetworkShape[N=%d, T=%s, %s, %s, %s, stateWidth=%s]", layers, finalTime,
                architecture.configName(), tableau.name(), headName(), stateWidth == 0 ? "input" : String.valueOf(stateWidth));
    }
}
