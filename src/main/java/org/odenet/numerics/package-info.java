/**
 * The numerical core: a network as a discretised ODE and its exact gradient. Spark-free and free of every
 * other package of this project.
 *
 * <p>{@link org.odenet.numerics.NetworkSpec} is the shape of a network (state and input width, layers, final
 * time, {@link org.odenet.numerics.ButcherTableau}, {@link org.odenet.numerics.Architecture},
 * {@link org.odenet.numerics.Head}, classes); its controls live in one flat {@code double[]} θ laid out by
 * {@link org.odenet.numerics.ParameterLayout}. {@link org.odenet.numerics.NetworkEvaluator} runs the
 * Runge–Kutta forward pass and the discrete adjoint on column-major blocks of samples
 * ({@link org.odenet.numerics.Block}) with level-3 BLAS, and {@link org.odenet.numerics.Initialization}
 * draws the initial controls from a seed.
 */
package org.odenet.numerics;
