package org.odenet.numerics;


/**
 * The classifier on top of the flow: logits z = W y<sup>[N]</sup> + μ, a per-sample loss ℓ(z, c) and a
 * decision rule. The objective is the weighted mean J = Σ w ℓ / Σ w.
 *
 * <p>Methods work on one sample whose logits are {@code z[off .. off+outputs)}; they are pure and
 * allocation-free so the kernels can call them in their inner loop.
 */
public enum Head {
    /**
     * The paper's head (eq. 41): ŷ = 1/(1+e<sup>−z</sup>), ℓ = ½(ŷ − c)², binary labels; predicts 1 iff ŷ &gt; ½.
     */
    LOGISTIC_SQUARED_ERROR {
        @Override
        public double lossAndGradient(double[] z, int off, int outputs, int label, double[] grad, int gOff) {
            double p = sigmoid(z[off]);
            double r = p - label;
            grad[gOff] = r * p * (1 - p);
            return 0.5 * r * r;
        }
    },

    /** Binary cross-entropy on ŷ = 1/(1+e<sup>−z</sup>) (the paper's footnote 1): ℓ = −c log ŷ − (1−c) log(1−ŷ). */
    LOGISTIC_CROSS_ENTROPY {
        @Override
        public double lossAndGradient(double[] z, int off, int outputs, int label, double[] grad, int gOff) {
            double zi = z[off];
            grad[gOff] = sigmoid(zi) - label;
            return softplus(zi) - label * zi;
        }
    },

    /**
     * Multi-class softmax with cross-entropy, W ∈ R<sup>K×n</sup>: p = softmax(z), ℓ = −log p<sub>c</sub>.
     * Predicts the arg-max (the first on ties).
     */
    SOFTMAX_CROSS_ENTROPY {
        @Override
        public int outputs(int numClasses) {
            requireClasses(numClasses);
            return numClasses;
        }

        @Override
        public double lossAndGradient(double[] z, int off, int outputs, int label, double[] grad, int gOff) {
            double max = max(z, off, outputs);
            double sum = 0;
            for (int k = 0; k < outputs; k++) {
                double e = StrictMath.exp(z[off + k] - max);
                grad[gOff + k] = e;
                sum += e;
            }
            for (int k = 0; k < outputs; k++) {
                grad[gOff + k] /= sum;
            }
            grad[gOff + label] -= 1;
            return StrictMath.log(sum) + max - z[off + label];
        }

        @Override
        public int predict(double[] z, int off, int outputs) {
            int best = 0;
            for (int k = 1; k < outputs; k++) {
                if (z[off + k] > z[off + best]) {
                    best = k;
                }
            }
            return best;
        }

        @Override
        public void probability(double[] z, int off, int outputs, double[] out) {
            double max = max(z, off, outputs);
            double sum = 0;
            for (int k = 0; k < outputs; k++) {
                out[k] = StrictMath.exp(z[off + k] - max);
                sum += out[k];
            }
            for (int k = 0; k < outputs; k++) {
                out[k] /= sum;
            }
        }

        @Override
        public void rawPrediction(double[] z, int off, int outputs, double[] out) {
            System.arraycopy(z, off, out, 0, outputs);
        }

        @Override
        public void probabilityGradient(double[] z, int off, int outputs, int cls, double[] grad, int gOff) {
            double[] p = new double[outputs];
            probability(z, off, outputs, p);
            for (int k = 0; k < outputs; k++) {
                grad[gOff + k] = p[cls] * ((k == cls ? 1 : 0) - p[k]);
            }
        }
    };

    /**
     * Number of logits (rows of W) for a problem with {@code numClasses} classes.
     *
     * @throws IllegalArgumentException if this head cannot handle that many classes
     */
    public int outputs(int numClasses) {
        if (numClasses != 2) {
            throw new IllegalArgumentException("head " + configName() + " is binary and needs numClasses = 2, got "
                    + numClasses + "; use " + SOFTMAX_CROSS_ENTROPY.configName() + " for more classes");
        }
        return 1;
    }

    /** Whether this head supports {@code numClasses} classes. */
    public boolean supports(int numClasses) {
        return this == SOFTMAX_CROSS_ENTROPY ? numClasses >= 2 : numClasses == 2;
    }

    /**
     * Loss ℓ of one sample and its derivative ∂ℓ/∂z.
     *
     * @param z       logits; reads {@code z[off .. off+outputs)}
     * @param label   the class, 0 ≤ label &lt; numClasses
     * @param grad    receives ∂ℓ/∂z in {@code grad[gOff .. gOff+outputs)} (overwritten)
     * @return ℓ(z, label)
     */
    public abstract double lossAndGradient(double[] z, int off, int outputs, int label, double[] grad, int gOff);

    /** The predicted class for the logits {@code z[off .. off+outputs)}. Binary heads: 1 iff z &gt; 0 (ŷ &gt; ½). */
    public int predict(double[] z, int off, int outputs) {
        return z[off] > 0 ? 1 : 0;
    }

    /** Class probabilities into {@code out[0 .. numClasses)}; binary heads give (1 − ŷ, ŷ). */
    public void probability(double[] z, int off, int outputs, double[] out) {
        double p = sigmoid(z[off]);
        out[0] = 1 - p;
        out[1] = p;
    }

    /** Spark's raw prediction into {@code out[0 .. numClasses)}; binary heads give (−z, z) as Spark's LogisticRegression. */
    public void rawPrediction(double[] z, int off, int outputs, double[] out) {
        out[0] = -z[off];
        out[1] = z[off];
    }

    /**
     * ∂p<sub>cls</sub>/∂z, the derivative of the probability of class {@code cls} with respect to the logits,
     * into {@code grad[gOff .. gOff+outputs)} (overwritten).
     */
    public void probabilityGradient(double[] z, int off, int outputs, int cls, double[] grad, int gOff) {
        double p = sigmoid(z[off]);
        double d = p * (1 - p);
        grad[gOff] = cls == 1 ? d : -d;
    }

    /** Lower-case configuration name. */
    public String configName() {
        return ConfigNames.of(this);
    }

    /** Parses a configuration name case-insensitively; the error lists the valid names. */
    public static Head fromName(String name) {
        return ConfigNames.parse(values(), name, "head");
    }

    /**
     * The logistic function, evaluated without overflow. The heads use {@link StrictMath}: results must not
     * depend on whether the JIT has compiled the code yet (see {@code ColumnKernels.tanh}).
     */
    public static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1 + e);
    }

    /** log(1 + e<sup>z</sup>), evaluated without overflow. */
    static double softplus(double z) {
        return Math.max(z, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(z)));
    }

    private static double max(double[] z, int off, int n) {
        double m = z[off];
        for (int k = 1; k < n; k++) {
            m = Math.max(m, z[off + k]);
        }
        return m;
    }

    private static void requireClasses(int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be at least 2, got " + numClasses);
        }
    }
}
