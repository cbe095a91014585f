package org.odenet.training;

import org.odenet.numerics.Architecture;
import org.odenet.numerics.ConfigNames;

/**
 * The optimiser of a training run.
 * <ul>
 *   <li>{@link #GD}: gradient descent with backtracking, the paper's Algorithm 2 (proximal with an L1 part,
 *       projected for ODENet+simplex); the default, which the paper's jobs use.</li>
 *   <li>{@link #LBFGS}: Breeze's limited-memory BFGS with memory 10, as Spark MLlib's MLP and
 *       LogisticRegression use it; OWL-QN when the regulariser has an L1 part, and a projected quasi-Newton
 *       method for ODENet+simplex (the two together are refused).</li>
 * </ul>
 */
public enum Solver {
    GD, LBFGS;

    public String configName() {
        return ConfigNames.of(this);
    }

    /**
     * Refuses a combination this solver cannot run, before any work: lbfgs with both the simplex of odenet_simplex
     * (a projected quasi-Newton method) and an L1 part (OWL-QN), which no Breeze optimiser handles together.
     *
     * @throws IllegalArgumentException naming solver, architecture and elasticNetParam
     */
    public void requireSupported(Architecture architecture, Regularization regularization) {
        if (this == LBFGS && architecture.projectsSteps() && regularization.hasL1()) {
            throw new IllegalArgumentException("solver = lbfgs cannot train architecture = "
                    + architecture.configName() + " with an L1 penalty (elasticNetParam = "
                    + regularization.elasticNetParam() + " with regParam = " + regularization.regParam()
                    + "): the steps need a projected quasi-Newton method and the L1 part OWL-QN, and no Breeze "
                    + "optimiser does both. Use solver = gd (projected proximal gradient), elasticNetParam = 0, or "
                    + "another architecture.");
        }
    }

    /** @throws IllegalArgumentException naming the param {@code solver} and the value */
    public static Solver fromName(String name) {
        return ConfigNames.parse(values(), name, "solver");
    }
}
