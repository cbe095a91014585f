package org.odenet.training;

import java.io.Serializable;
import java.util.Objects;

/**
 * The regulariser R(θ) of the paper's objective (eq. 1), added to the weighted mean loss J as Spark MLlib adds
 * it (not scaled by the weight sum):
 *
 * <pre>
 * R(θ) = regParam · [ (1 − α) · ½‖w‖² + α · ‖w‖₁ ]  +  smoothnessParam · ½ Σ_{j=0}^{N−2} ‖K_{j+1} − K_j‖²_F
 * </pre>
 *
 * with α = elasticNetParam and w the weights: the layer matrices K<sub>0..N−1</sub> and the head's W. As MLlib
 * leaves intercepts alone, the biases β<sub>j</sub> and μ are not penalised, nor are the time steps h (their
 * constraint, if any, is the simplex). Unlike MLlib's LogisticRegression the features are not standardised
 * first: the penalty acts on the weights as they are. The ½ in both quadratic terms follows MLlib's ½‖w‖², so
 * that their gradients are regParam·(1 − α)·w and smoothnessParam·(2K<sub>j</sub> − K<sub>j−1</sub> −
 * K<sub>j+1</sub>) without a factor 2. The smoothness term is not divided by the steps: with uniform steps
 * h = T/N it is h·½Σ h‖(K<sub>j+1</sub> − K<sub>j</sub>)/h‖², h times the discretised ½∫‖K'(t)‖²dt of the
 * ODE-network literature, and unlike that form it stays defined, smooth and convex in K when ODENet learns steps
 * that are zero or negative. Immutable and validated; {@link #DEFAULT} is no regularisation at all.
 */
public final class Regularization implements Serializable {
    private static final long serialVersionUID = 1L;

    /** R = 0: regParam 0, elasticNetParam 0, smoothnessParam 0 (the paper's runs). */
    public static final Regularization DEFAULT = new Regularization(0, 0, 0);

    private final double regParam;
    private final double elasticNetParam;
    private final double smoothnessParam;

    /**
     * @param regParam        strength of the weight penalty, ≥ 0
     * @param elasticNetParam the L1 share α of the weight penalty, in [0, 1]: 0 is L2 (weight decay), 1 is L1
     * @param smoothnessParam strength of the penalty on the change of K from layer to layer, ≥ 0
     * @throws IllegalArgumentException naming the parameter and value
     */
    public Regularization(double regParam, double elasticNetParam, double smoothnessParam) {
        require(regParam >= 0 && regParam < Double.POSITIVE_INFINITY, "regParam must be >= 0 and finite, got "
                + regParam);
        require(elasticNetParam >= 0 && elasticNetParam <= 1, "elasticNetParam must be in [0, 1], got "
                + elasticNetParam);
        require(smoothnessParam >= 0 && smoothnessParam < Double.POSITIVE_INFINITY,
                "smoothnessParam must be >= 0 and finite, got " + smoothnessParam);
        this.regParam = regParam;
        this.elasticNetParam = elasticNetParam;
        this.smoothnessParam = smoothnessParam;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public double regParam() {
        return regParam;
    }

    public double elasticNetParam() {
        return elasticNetParam;
    }

    public double smoothnessParam() {
        return smoothnessParam;
    }

    /** Whether R = 0 whatever θ (then training skips every regularisation step). */
    public boolean isNone() {
        return regParam == 0 && smoothnessParam == 0;
    }

    /** The coefficient of ½‖w‖²: regParam · (1 − elasticNetParam). */
    public double l2Strength() {
        return regParam * (1 - elasticNetParam);
    }

    /** The coefficient of ‖w‖₁: regParam · elasticNetParam. */
    public double l1Strength() {
        return regParam * elasticNetParam;
    }

    /** Whether R has a non-smooth L1 part. */
    public boolean hasL1() {
        return l1Strength() > 0;
    }

    public Regularization withRegParam(double v) {
        return new Regularization(v, elasticNetParam, smoothnessParam);
    }

    public Regularization withElasticNetParam(double v) {
        return new Regularization(regParam, v, smoothnessParam);
    }

    public Regularization withSmoothnessParam(double v) {
        return new Regularization(regParam, elasticNetParam, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Regularization r && Double.compare(regParam, r.regParam) == 0
                && Double.compare(elasticNetParam, r.elasticNetParam) == 0
                && Double.compare(smoothnessParam, r.smoothnessParam) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(regParam, elasticNetParam, smoothnessParam);
    }

    @Override
    public String toString() {
        return "Regularization[regParam=" + regParam + ", elasticNetParam=" + elasticNetParam + ", smoothnessParam="
                + smoothnessParam + "]";
    }
}
