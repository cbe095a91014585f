/**
 * Quasi-Newton solvers from Breeze (the library Spark MLlib's MLP and LogisticRegression use) behind the
 * optimiser interface of {@code optim}: {@link org.odenet.quasinewton.BreezeQuasiNewton} runs Breeze's L-BFGS,
 * OWL-QN (an L1 part in the regulariser) or projected quasi-Newton (the simplex of ODENet+simplex) on a
 * {@link org.odenet.optim.DifferentiableObjective}, one objective evaluation per function value Breeze asks for,
 * and reports the same iteration records as gradient descent. Uses Scala and Breeze but not Spark; depends on
 * {@code optim} only.
 */
package org.odenet.quasinewton;
