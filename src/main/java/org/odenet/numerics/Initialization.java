package org.odenet.numerics;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded schemes for the initial controls θ. Both set β = 0, μ = 0 and every step to T/N; the draws are
 * taken from {@link java.util.Random}, whose Gaussian sequence is specified, in layout order (K<sub>0</sub>,
 * …, K<sub>N−1</sub>, then W, then E), so a seed gives the same θ on every JVM.
 *
 * <p>A network whose state is narrower than its d inputs also has the input embedding Y<sup>[0]</sup> = E x + e,
 * which the paper does not have: both schemes draw E's entries ~ N(0, 1/d) — each channel of E x then has about
 * the mean square of one input feature, as for {@link #SCALED}'s K — and set e = 0. Those draws come after all
 * the others, so every other control is what it is in a network without an embedding.
 */
public enum Initialization {
    /**
     * The reference code's scheme for n = 2: K<sub>j</sub> entries ~ N(0, 1), every entry of a
     * single-row W equal to 10. For softmax heads (which the paper does not treat) W entries are 10·N(0, 1).
     * For large n it saturates tanh; prefer {@link #SCALED} there.
     */
    PAPER {
        @Override
        double kScale(int features) {
            return 1;
        }

        @Override
        void fillW(double[] theta, int off, int outputs, int features, Random random) {
            for (int idx = 0; idx < outputs * features; idx++) {
                theta[off + idx] = outputs == 1 ? 10 : 10 * random.nextGaussian();
            }
        }
    },

    /** Variance-scaled draws that keep tanh out of saturation for any n: K and W entries ~ N(0, 1/n). */
    SCALED {
        @Override
        double kScale(int features) {
            return 1 / Math.sqrt(features);
        }

        @Override
        void fillW(double[] theta, int off, int outputs, int features, Random random) {
            double scale = 1 / Math.sqrt(features);
            for (int idx = 0; idx < outputs * features; idx++) {
                theta[off + idx] = scale * random.nextGaussian();
            }
        }
    };

    abstract double kScale(int features);

    abstract void fillW(double[] theta, int off, int outputs, int features, Random random);

    /** A fresh θ for {@code spec}, a pure function of (spec, seed). */
    public double[] initialize(NetworkSpec spec, long seed) {
        ParameterLayout layout = spec.layout();
        double[] theta = new double[layout.size()];
        Random random = new Random(seed);
        int n = spec.stateWidth();
        double scale = kScale(n);
        for (int j = 0; j < spec.layers(); j++) {
            int off = layout.kOffset(j);
            for (int idx = 0; idx < n * n; idx++) {
                theta[off + idx] = scale * random.nextGaussian();
            }
        }
        if (layout.hasSteps()) {
            Arrays.fill(theta, layout.stepsOffset(), layout.stepsOffset() + spec.layers(), spec.uniformStep());
        }
        fillW(theta, layout.wOffset(), spec.outputs(), n, random);
        if (layout.hasEmbedding()) {
            int d = spec.inputWidth();
            double eScale = 1 / Math.sqrt(d);
            int off = layout.embeddingOffset();
            for (int idx = 0; idx < n * d; idx++) {
                theta[off + idx] = eScale * random.nextGaussian();
            }
        }
        return theta;
    }

    /** Lower-case configuration name. */
    public String configName() {
        return ConfigNames.of(this);
    }

    /** Parses a configuration name case-insensitively; the error lists the valid names. */
    public static Initialization fromName(String name) {
        return ConfigNames.parse(values(), name, "initialization");
    }
}
