package org.odenet.training;

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

    /** @throws IllegalArgumentException naming the param {@code solver} and the value */
    public static Solver fromName(String name) {
        return ConfigNames.parse(values(), name, "solver");
    }
}
