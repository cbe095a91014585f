/**
 * Optimisation on a flat parameter vector, independent of what the objective is: the paper's Algorithm 2
 * ({@link org.odenet.optim.BacktrackingGradientDescent}, gradient descent with backtracking on a Lipschitz
 * estimate) behind the solver interface {@link org.odenet.optim.Minimizer} (which the quasi-Newton adapter of
 * {@code quasinewton} also implements), projections such as {@link org.odenet.optim.SimplexProjection} for the time steps of
 * ODENet+simplex, and the records of a run (iteration metrics, stop reasons). Spark-free; depends only on
 * {@code numerics}.
 */
package org.odenet.optim;
