package org.odenet.report;

import java.util.Arrays;
import org.odenet.numerics.HeadLayer;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;

/**
 * The states y<sup>[0]</sup>, …, y<sup>[N]</sup> of samples as they flow through a network, and the
 * network's class probabilities: the forward pass only, in chunks, without labels.
 */
public final class FeatureFlow {
    /** Largest number of samples per forward pass. */
    static final int MAX_CHUNK = 4096;
    /** Bound on the values of one state of a chunk (n × samples), which keeps the evaluator's arrays small. */
    private static final int MAX_CHUNK_VALUES = 1 << 18;

    private FeatureFlow() {
    }

    /**
     * Every layer's state.
     *
     * @param features d×m column-major (sample c in {@code features[c·d .. c·d+d)}, d the input features),
     *                 finite; not modified
     * @return N+1 fresh n×m column-major arrays (n the state width); element 0 is the input state Y[0]: the input,
     *         padded with zero channels when the state is wider, E x + e when it is narrower
     */
    public static double[][] states(NetworkSpec spec, double[] theta, double[] features) {
        int n = spec.stateWidth();
        int d = spec.inputWidth();
        int m = sampleCount(spec, features);
        double[][] states = new double[spec.layers() + 1][n * m];
        int chunk = chunkSize(Math.max(n, d));
        NetworkEvaluator evaluator = new NetworkEvaluator(spec, Math.max(1, Math.min(m, chunk)));
        double[] logits = new double[spec.outputs() * evaluator.capacity()];
        for (int start = 0; start < m; start += chunk) {
            int size = Math.min(chunk, m - start);
            evaluator.logits(theta, Arrays.copyOfRange(features, start * d, (start + size) * d), size, logits);
            for (int j = 0; j <= spec.layers(); j++) {
                System.arraycopy(evaluator.stateAfterLayer(j), 0, states[j], start * n, size * n);
            }
        }
        return states;
    }

    /** The state y<sup>[N]</sup> after the last layer, n×m column-major (fresh array). */
    public static double[] finalState(NetworkSpec spec, double[] theta, double[] features) {
        return states(spec, theta, features)[spec.layers()];
    }

    /**
     * The probability the network gives class 1 — the full network, inputs to head.
     *
     * @param features d×m column-major (d the input features), finite; not modified
     * @return m probabilities
     */
    public static double[] classOneProbability(NetworkSpec spec, double[] theta, double[] features) {
        int n = spec.stateWidth();
        int d = spec.inputWidth();
        int m = sampleCount(spec, features);
        int k = spec.outputs();
        int chunk = chunkSize(Math.max(n, d));
        NetworkEvaluator evaluator = new NetworkEvaluator(spec, Math.max(1, Math.min(m, chunk)));
        double[] logits = new double[k * evaluator.capacity()];
        double[] probabilities = new double[spec.numClasses()];
        double[] result = new double[m];
        for (int start = 0; start < m; start += chunk) {
            int size = Math.min(chunk, m - start);
            evaluator.logits(theta, Arrays.copyOfRange(features, start * d, (start + size) * d), size, logits);
            for (int c = 0; c < size; c++) {
                spec.head().probability(logits, c * k, k, probabilities);
                result[start + c] = probabilities[1];
            }
        }
        return result;
    }

    /**
     * The probability the head alone gives class 1 for final states y: C(W y + μ), the network's
     * classifier applied to points of its state space (the evaluator's {@link HeadLayer}).
     *
     * @param states n×m column-major; not modified
     * @return m probabilities
     */
    public static double[] classifierProbability(NetworkSpec spec, double[] theta, double[] states) {
        int m = stateCount(spec, states);
        int k = spec.outputs();
        double[] z = new double[k * m];
        new HeadLayer(spec).logits(theta, states, m, z);
        double[] probabilities = new double[spec.numClasses()];
        double[] result = new double[m];
        for (int c = 0; c < m; c++) {
            spec.head().probability(z, c * k, k, probabilities);
            result[c] = probabilities[1];
        }
        return result;
    }

    /** Samples per forward pass for n values per sample: at most {@link #MAX_CHUNK}, and at most 2<sup>18</sup>/n. */
    static int chunkSize(int features) {
        return Math.max(1, Math.min(MAX_CHUNK, MAX_CHUNK_VALUES / features));
    }

    private static int sampleCount(NetworkSpec spec, double[] values) {
        return count(values, spec.inputWidth(), "input features");
    }

    private static int stateCount(NetworkSpec spec, double[] values) {
        return count(values, spec.stateWidth(), "state channels");
    }

    private static int count(double[] values, int per, String what) {
        if (values.length % per != 0) {
            throw new IllegalArgumentException(values.length + " values are not a whole number of samples with "
                    + per + " " + what);
        }
        return values.length / per;
    }
}
