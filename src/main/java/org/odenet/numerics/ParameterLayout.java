package org.odenet.numerics;

import java.io.Serializable;

/**
 * Where each control lives in the flat parameter vector θ. With a state of n channels, N layers, k outputs and,
 * when the state is narrower than the d inputs, the input embedding Y<sup>[0]</sup> = E x + e:
 *
 * <table>
 *   <caption>Layout of θ</caption>
 *   <tr><th>block</th><th>offset</th><th>length</th><th>storage</th></tr>
 *   <tr><td>K<sub>j</sub>, j = 0..N−1</td><td>j·n²</td><td>n²</td><td>n×n column-major: K<sub>rc</sub> at r + c·n</td></tr>
 *   <tr><td>β<sub>j</sub></td><td>N·n² + j·n</td><td>n</td><td></td></tr>
 *   <tr><td>h<sub>j</sub> (only if steps are learned)</td><td>N·n² + N·n + j</td><td>1</td><td></td></tr>
 *   <tr><td>W</td><td>{@link #wOffset()}</td><td>k·n</td><td>k×n column-major: W<sub>kr</sub> at k + r·k</td></tr>
 *   <tr><td>μ</td><td>{@link #muOffset()}</td><td>k</td><td></td></tr>
 *   <tr><td>E (only if embedding)</td><td>{@link #embeddingOffset()}</td><td>n·d</td><td>n×d column-major:
 *   E<sub>rc</sub> at r + c·n</td></tr>
 *   <tr><td>e (only if embedding)</td><td>{@link #embeddingBiasOffset()}</td><td>n</td><td></td></tr>
 * </table>
 * The embedding comes last so that K, β, h, W and μ sit where they sit in a network without one.
 */
public final class ParameterLayout implements Serializable {
    private static final long serialVersionUID = 2L;

    private final int features;
    private final int layers;
    private final boolean learnsSteps;
    private final int outputs;
    /** d, the input width, when θ holds an embedding E (n×d) and e; 0 otherwise. */
    private final int embeddedInputs;

    ParameterLayout(int features, int layers, boolean learnsSteps, int outputs, int embeddedInputs) {
        this.features = features;
        this.layers = layers;
        this.learnsSteps = learnsSteps;
        this.outputs = outputs;
        this.embeddedInputs = embeddedInputs;
    }

    /** Offset of K<sub>j</sub>. */
    public int kOffset(int j) {
        return j * features * features;
    }

    /** Offset of β<sub>j</sub>. */
    public int betaOffset(int j) {
        return layers * features * features + j * features;
    }

    /** Whether the steps are part of θ. */
    public boolean hasSteps() {
        return learnsSteps;
    }

    /** Offset of h<sub>0</sub>; the steps h<sub>0..N−1</sub> are contiguous. */
    public int stepsOffset() {
        if (!learnsSteps) {
            throw new IllegalStateException("this architecture does not learn its steps");
        }
        return layers * features * (features + 1);
    }

    /** Offset of h<sub>j</sub>. */
    public int stepOffset(int j) {
        return stepsOffset() + j;
    }

    /** Offset of W. */
    public int wOffset() {
        return layers * features * (features + 1) + (learnsSteps ? layers : 0);
    }

    /** Offset of μ. */
    public int muOffset() {
        return wOffset() + outputs * features;
    }

    /** Number of logits k (rows of W). */
    public int outputs() {
        return outputs;
    }

    /** Whether θ holds an input embedding E, e. */
    public boolean hasEmbedding() {
        return embeddedInputs > 0;
    }

    /** Offset of E (n×d column-major), right after μ. */
    public int embeddingOffset() {
        if (!hasEmbedding()) {
            throw new IllegalStateException("this network has no input embedding (its state is not narrower than its input)");
        }
        return muOffset() + outputs;
    }

    /** Offset of e (length n), right after E. */
    public int embeddingBiasOffset() {
        return embeddingOffset() + features * embeddedInputs;
    }

    /** Total length of θ. */
    public int size() {
        return muOffset() + outputs + (hasEmbedding() ? features * (embeddedInputs + 1) : 0);
    }

    /** The block a coordinate of θ belongs to: "K[j]", "beta[j]", "h[j]", "W", "mu", "E" or "e". */
    public String describe(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("parameter index " + index + " outside 0.." + (size() - 1));
        }
        int n2 = features * features;
        if (index < layers * n2) {
            int j = index / n2;
            int r = index % n2;
            return "K[" + j + "](" + (r % features) + "," + (r / features) + ")";
        }
        if (index < betaOffset(0) + layers * features) {
            int r = index - betaOffset(0);
            return "beta[" + (r / features) + "](" + (r % features) + ")";
        }
        if (index < wOffset()) {
            return "h[" + (index - stepsOffset()) + "]";
        }
        if (index < muOffset()) {
            int r = index - wOffset();
            return "W(" + (r % outputs) + "," + (r / outputs) + ")";
        }
        if (index < muOffset() + outputs) {
            return "mu(" + (index - muOffset()) + ")";
        }
        if (index < embeddingBiasOffset()) {
            int r = index - embeddingOffset();
            return "E(" + (r % features) + "," + (r / features) + ")";
        }
        return "e(" + (index - embeddingBiasOffset()) + ")";
    }
}
