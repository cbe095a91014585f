package org.odenet.optim;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Gradient descent with backtracking, the paper's Algorithm 2. From θ with gradient g, a trial is
 * θ̃ = P(θ − g/L) with P the projection; it is accepted iff
 * J(θ̃) ≤ J(θ) + ⟨g, θ̃ − θ⟩ + (L/2)‖θ̃ − θ‖², and then L ← ρ_down·L; otherwise L ← ρ_up·L and another
 * trial follows. L carries over between iterations. Each trial is evaluated with its gradient, so an
 * accepted iteration costs one evaluation. A trial whose loss is not finite, or whose evaluation throws an
 * {@link ArithmeticException}, is rejected like any other.
 *
 * <p>With a {@link ProximalOperator} for a non-smooth term g of a composite objective F + g (e.g. an L1
 * penalty), this is proximal gradient descent with backtracking (Beck and Teboulle 2009): the trial is
 * θ̃ = P(prox<sub>g/L</sub>(θ − ∇F/L)) and the test F(θ̃) ≤ F(θ) + ⟨∇F, θ̃ − θ⟩ + (L/2)‖θ̃ − θ‖² is the same
 * one, on F = {@link ObjectiveValue#smoothLoss()}; the loss reported and tested for convergence is
 * F + g = {@link ObjectiveValue#loss()}, which the test makes non-increasing. The projection P after the
 * proximal step is exact when g and the constraint act on disjoint coordinates (then P ∘ prox is the
 * proximal operator of g plus the constraint's indicator). Without one (the default) nothing changes.
 */
public final class BacktrackingGradientDescent<E extends ObjectiveValue> implements Minimizer<E> {
    private final DifferentiableObjective<E> objective;
    private final Projection projection;
    private final LineSearchParameters parameters;
    private final ProximalOperator proximal;

    public BacktrackingGradientDescent(DifferentiableObjective<E> objective, Projection projection,
                                       LineSearchParameters parameters) {
        this(objective, projection, parameters, null);
    }

    /**
     * Proximal gradient descent on F + g: {@code proximal} is g's proximal operator, null for none (then as
     * the three-argument constructor); the objective reports F + g and F (see {@link ObjectiveValue}).
     */
    public BacktrackingGradientDescent(DifferentiableObjective<E> objective, Projection projection,
                                       LineSearchParameters parameters, ProximalOperator proximal) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.projection = Objects.requireNonNull(projection, "projection");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.proximal = proximal;
    }

    /**
     * The starting state: projects a copy of {@code theta} and evaluates it, with L = L₀ and no iterations.
     *
     * @throws IllegalArgumentException if the starting loss is not finite
     */
    @Override
    public OptimizerState<E> start(double[] theta) {
        double[] point = theta.clone();
        projection.project(point);
        return new OptimizerState<>(point, objective.evaluate(point), parameters.initialLipschitz(), 0);
    }

    /**
     * A state to continue from: evaluates a copy of {@code theta}, an iterate of an earlier run (feasible
     * already: projecting it again could move it by a rounding error, and the resumed run would no longer
     * repeat the uninterrupted one bit for bit), keeping L and the iteration count.
     */
    public OptimizerState<E> resume(double[] theta, double lipschitz, int iteration) {
        double[] point = theta.clone();
        return new OptimizerState<>(point, objective.evaluate(point), lipschitz, iteration);
    }

    /** {@link #resume(double[], double, int)}; gradient descent keeps no memory, so {@code memory} must be empty. */
    @Override
    public OptimizerState<E> resume(double[] theta, double lipschitz, int iteration, List<double[]> memory) {
        if (!memory.isEmpty()) {
            throw new IllegalArgumentException("gradient descent keeps no solver memory, got " + memory.size()
                    + " vectors");
        }
        return resume(theta, lipschitz, iteration);
    }

    /**
     * Runs until {@code maxIterations} accepted iterations have been done in total (counting those
     * already in {@code state}), the relative decrease (J<sub>k−1</sub> − J<sub>k</sub>)/|J<sub>k−1</sub>|
     * is at most {@code tolerance} (never when the tolerance is 0), the line search is exhausted or the
     * listener stops it.
     */
    @Override
    public OptimizationResult<E> minimize(OptimizerState<E> state, int maxIterations, double tolerance,
                                          IterationListener<E> listener) {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        OptimizerState<E> current = state;
        while (current.iteration() < maxIterations) {
            Step<E> step = iterate(current);
            if (step.record == null) {
                return new OptimizationResult<>(current, StopReason.LINE_SEARCH_EXHAUSTED, step.failure);
            }
            current = step.record.state();
            boolean go = listener == null || listener.onIteration(step.record);
            double previous = step.record.previousLoss();
            double decrease = previous - current.value().loss();
            if (tolerance > 0 && decrease <= tolerance * Math.abs(previous)) {
                return new OptimizationResult<>(current, StopReason.CONVERGED, String.format(Locale.ROOT,
                        "relative decrease %.3g <= tol %.3g at iteration %d",
                        previous == 0 ? 0 : decrease / Math.abs(previous), tolerance, current.iteration()));
            }
            if (!go) {
                return new OptimizationResult<>(current, StopReason.STOPPED_BY_LISTENER,
                        "stopped by listener after iteration " + current.iteration());
            }
        }
        return new OptimizationResult<>(current, StopReason.MAX_ITERATIONS,
                "reached maxIter = " + maxIterations);
    }

    /** The outcome of one iteration: an accepted record, or the reason every trial was rejected. */
    public record Step<E extends ObjectiveValue>(IterationRecord<E> record, String failure) {
    }

    /** One iteration of Algorithm 2 from {@code state}. */
    public Step<E> iterate(OptimizerState<E> state) {
        double[] theta = state.theta();
        double[] g = state.value().gradient();
        double loss = state.value().smoothLoss();
        double lipschitz = state.lipschitz();
        double[] trial = new double[theta.length];
        String lastFailure = "";
        for (int t = 1; t <= parameters.maxTries(); t++) {
            double inv = 1 / lipschitz;
            for (int i = 0; i < theta.length; i++) {
                trial[i] = theta[i] - inv * g[i];
            }
            if (proximal != null) {
                proximal.apply(trial, inv);
            }
            projection.project(trial);
            double inner = 0;
            double norm2 = 0;
            for (int i = 0; i < theta.length; i++) {
                double d = trial[i] - theta[i];
                inner += g[i] * d;
                norm2 += d * d;
            }
            double bound = loss + inner + 0.5 * lipschitz * norm2;
            E value;
            try {
                value = objective.evaluateTrial(trial, state.iteration() + 1, t);
            } catch (ArithmeticException e) {
                lastFailure = "trial " + t + " at L = " + lipschitz + " failed: " + e.getMessage();
                lipschitz *= parameters.increase();
                continue;
            }
            double trialLoss = value.smoothLoss();
            if (Double.isFinite(trialLoss) && trialLoss <= bound && Double.isFinite(value.loss())) {
                OptimizerState<E> next = new OptimizerState<>(trial, value, lipschitz * parameters.decrease(),
                        state.iteration() + 1);
                return new Step<>(new IterationRecord<>(state.iteration() + 1, state.value().loss(), lipschitz, t,
                        Math.sqrt(norm2), next), null);
            }
            lastFailure = String.format(Locale.ROOT, "trial %d at L = %.6g: loss %.17g above the bound %.17g",
                    t, lipschitz, trialLoss, bound);
            lipschitz *= parameters.increase();
        }
        return new Step<>(null, "line search exhausted after " + parameters.maxTries()
                + " trials at iteration " + (state.iteration() + 1) + "; last: " + lastFailure);
    }
}
