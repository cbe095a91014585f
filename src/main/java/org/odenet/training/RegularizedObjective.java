package org.odenet.training;

import java.util.Objects;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.NetworkEvaluation;

/**
 * The training objective J + R: each evaluation of the data objective, one pass, gets the regulariser's value
 * and the smooth part's gradient added on the driver ({@link NetworkEvaluation#regularized}), with no extra pass
 * and no change to the block kernels. Its loss is J + R, its smooth loss J + R<sub>smooth</sub> (what the line
 * search tests, the L1 part going through {@link RegularizationTerms#proximalOperator()}), its data loss J.
 * Forward passes (validation) and state norms are the data's alone.
 */
public final class RegularizedObjective implements EngineObjective {
    private final EngineObjective data;
    private final RegularizationTerms terms;

    public RegularizedObjective(EngineObjective data, RegularizationTerms terms) {
        this.data = Objects.requireNonNull(data, "data");
        this.terms = Objects.requireNonNull(terms, "terms");
    }

    /** {@code data} itself when {@code regularization} is none (R = 0: nothing changes), else J + R. */
    public static EngineObjective wrap(EngineObjective data, Regularization regularization, NetworkSpec spec) {
        return regularization.isNone() ? data : new RegularizedObjective(data, new RegularizationTerms(regularization, spec));
    }

    public RegularizationTerms terms() {
        return terms;
    }

    @Override
    public NetworkEvaluation evaluate(double[] theta) {
        return regularize(data.evaluate(theta), theta);
    }

    @Override
    public NetworkEvaluation evaluateTrial(double[] theta, int iteration, int trial) {
        return regularize(data.evaluateTrial(theta, iteration, trial), theta);
    }

    private NetworkEvaluation regularize(NetworkEvaluation e, double[] theta) {
        double[] gradient = e.gradient() == null ? null : e.gradient().clone();
        double smooth = terms.smoothValue(theta, gradient);
        return e.regularized(smooth, terms.l1Value(theta), gradient);
    }

    /** The data loss J and accuracy (no penalty: what a validation set measures). */
    @Override
    public NetworkEvaluation forward(double[] theta, String description) {
        return data.forward(theta, description);
    }

    @Override
    public double[] stateNormSquares(double[] theta, String description) {
        return data.stateNormSquares(theta, description);
    }

    @Override
    public long passes() {
        return data.passes();
    }

    @Override
    public String engineName() {
        return data.engineName();
    }

    @Override
    public void close() {
        data.close();
    }
}
