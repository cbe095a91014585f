package org.odenet.quasinewton;

import breeze.linalg.DenseVector;
import breeze.linalg.DenseVector$mcD$sp;
import breeze.optimize.CompactHessian;
import breeze.optimize.DiffFunction;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.LBFGS;
import breeze.optimize.ProjectedQuasiNewton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.odenet.optim.DifferentiableObjective;
import org.odenet.optim.IterationListener;
import org.odenet.optim.IterationRecord;
import org.odenet.optim.Minimizer;
import org.odenet.optim.ObjectiveValue;
import org.odenet.optim.OptimizationResult;
import org.odenet.optim.OptimizerState;
import org.odenet.optim.Projection;
import org.odenet.optim.StopReason;
import scala.Function1;
import scala.Option;
import scala.Tuple2;
import scala.collection.Iterator;

/**
 * Breeze's quasi-Newton methods as a {@link Minimizer}, chosen by what the problem needs:
 * <ul>
 *   <li>no constraint, no L1 part: {@link LBFGS} (strong-Wolfe line search), as Spark MLlib's MLP;</li>
 *   <li>an L1 part g = Σ l1Weight(i)·|θ<sub>i</sub>|: Breeze's OWL-QN on the smooth part, with the per-coordinate
 *       weights, as MLlib's LogisticRegression; coordinates of weight 0 are neither penalised nor held to their
 *       orthant ({@link WeightedOwlqn});</li>
 *   <li>a projection (the simplex of ODENet+simplex): {@link ProjectedQuasiNewton}, every iterate projected.</li>
 * </ul>
 * An L1 part and a projection together are refused: no Breeze optimiser handles both.
 *
 * <p>Breeze sees the smooth loss {@link ObjectiveValue#smoothLoss()} and its gradient; every value it asks for is
 * one {@link DifferentiableObjective#evaluateTrial evaluation} (one Spark pass), except a point asked for again,
 * which comes from an {@link EvaluationCache} (the start of each line search, the accepted step after it). With a
 * projection the function evaluates at the projected point: PQN's line-search points are convex combinations of
 * feasible points, which the projection moves by rounding only, and the accepted iterate, projected by PQN, is
 * then exactly a point already evaluated. An evaluation that throws an {@link ArithmeticException} or has a
 * non-finite loss is +∞ to Breeze, whose line searches then shorten the step.
 *
 * <p>The run is Breeze's iteration, driven here rather than by Breeze's convergence checks, so that it stops and
 * reports like gradient descent: {@code maxIterations} counts quasi-Newton iterations; {@code tolerance} is the
 * same rule as gradient descent's (relative decrease of the loss in one iteration at most {@code tolerance}), and
 * also, as Breeze's (and so MLlib's) gradient rule, a gradient norm at most max(tol·|loss|, 1e-8) stops the run
 * as converged (Breeze's adjusted gradient: the pseudo-gradient for OWL-QN, P(θ − ∇F) − θ for PQN), where
 * Breeze's line search would otherwise fail on a zero step; a failed line search (Breeze resets its memory once and retries with a gradient step; a second failure in a
 * row ends the run) is {@link StopReason#LINE_SEARCH_EXHAUSTED}. Each accepted iteration is reported as an
 * {@link IterationRecord} with L = NaN (there is no Lipschitz estimate; the state carries a placeholder 1) and
 * tries = the objective evaluations (passes) made in that iteration, a failed attempt before it included.
 *
 * <p>The quasi-Newton memory, the last m pairs (s, y) = (θ<sub>k</sub> − θ<sub>k−1</sub>,
 * ∇F<sub>k</sub> − ∇F<sub>k−1</sub>) Breeze kept, is handed out by {@link #memory()} and restored by
 * {@link #resume}, so that a resumed run repeats an uninterrupted one. Not thread-safe; one run at a time.
 */
public final class BreezeQuasiNewton<E extends ObjectiveValue> implements Minimizer<E> {
    /** The memory m, as MLlib's MLP and LogisticRegression fix it. */
    public static final int MEMORY = 10;
    /** The Lipschitz estimate a quasi-Newton state carries: unused, any positive value. */
    public static final double NO_LIPSCHITZ = 1.0;
    private static final Logger LOG = LogManager.getLogger(BreezeQuasiNewton.class);
    private static final int CACHE = 8;

    /** Which Breeze method runs. */
    public enum Method { LBFGS, OWLQN, PROJECTED_QUASI_NEWTON }

    private final DifferentiableObjective<E> objective;
    private final Projection projection;
    private final Method method;
    private final int m;
    private final FirstOrderMinimizer<DenseVector<Object>, DiffFunction<DenseVector<Object>>> breeze;
    private final EvaluationCache<E> cache = new EvaluationCache<>(CACHE);
    private final DiffFunction<DenseVector<Object>> function = BreezeFunctions.of(this::calculate);
    /** The (s, y) pairs of the memory, oldest first. */
    private final Deque<double[][]> pairs = new ArrayDeque<>();
    private FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> current;
    private long evaluations;
    private int labelIteration;
    private int labelTrial;

    /**
     * @param projection the feasible set (ProjectedQuasiNewton), or null / {@link Projection#IDENTITY} for none
     * @param l1Weight   the L1 weight of each coordinate (OWL-QN), or null for no L1 part
     * @throws IllegalArgumentException if both a projection and an L1 part are given
     */
    public BreezeQuasiNewton(DifferentiableObjective<E> objective, Projection projection, IntToDoubleFunction l1Weight) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.projection = projection == Projection.IDENTITY ? null : projection;
        this.m = MEMORY;
        var space = DenseVector.space_Double();
        if (this.projection != null && l1Weight != null) {
            throw new IllegalArgumentException("no Breeze quasi-Newton method handles an L1 penalty and a projection"
                    + " together");
        }
        // minimize drives Breeze's infiniteIterations and decides convergence itself: the checks are never asked.
        FirstOrderMinimizer.ConvergenceCheck<DenseVector<Object>> never = FirstOrderMinimizer.searchFailed();
        if (this.projection != null) {
            method = Method.PROJECTED_QUASI_NEWTON;
            Function1<DenseVector<Object>, DenseVector<Object>> project = v -> vector(feasible(toArray(v)));
            breeze = new ProjectedQuasiNewton(1e-6, m, false, true, -1, 50, 1e-4, project, true, space);
        } else if (l1Weight != null) {
            method = Method.OWLQN;
            breeze = new WeightedOwlqn(never, m, l1Weight);
        } else {
            method = Method.LBFGS;
            breeze = new LBFGS<DenseVector<Object>>(never, m, space);
        }
    }

    public Method method() {
        return method;
    }

    /** The objective evaluations (passes) made so far. */
    public long evaluations() {
        return evaluations;
    }

    /** The function Breeze minimises (the smooth loss and its gradient), for tests. */
    DiffFunction<DenseVector<Object>> function() {
        return function;
    }

    @Override
    public OptimizerState<E> start(double[] theta) {
        double[] point = projection == null ? theta.clone() : feasible(theta.clone());
        pairs.clear();
        return begin(point, 0);
    }

    /**
     * Continues from {@code theta} after {@code iteration} iterations with the pairs of {@code memory} (as
     * {@link #memory()} gave them; empty restarts the memory). {@code lipschitz} is not used.
     */
    @Override
    public OptimizerState<E> resume(double[] theta, double lipschitz, int iteration, List<double[]> memory) {
        if (memory.size() % 2 != 0 || memory.size() > 2 * m) {
            throw new IllegalArgumentException("a quasi-Newton memory holds up to " + m + " pairs (s, y), got "
                    + memory.size() + " vectors");
        }
        pairs.clear();
        for (int i = 0; i < memory.size(); i += 2) {
            if (memory.get(i).length != theta.length || memory.get(i + 1).length != theta.length) {
                throw new IllegalArgumentException("a memory vector has the wrong length for " + theta.length
                        + " parameters");
            }
            pairs.addLast(new double[][] {memory.get(i).clone(), memory.get(i + 1).clone()});
        }
        return begin(theta.clone(), iteration);
    }

    /** The state at {@code point} with the memory {@link #pairs}, in ours and in Breeze's terms. */
    private OptimizerState<E> begin(double[] point, int iteration) {
        evaluations++;
        E value = objective.evaluate(point);
        cache.put(point, value);
        DenseVector<Object> x = vector(point);
        DenseVector<Object> grad = vector(gradientOf(value));
        double smooth = breezeValue(value);
        Tuple2<Object, DenseVector<Object>> adjusted = breeze.adjust(x, grad, smooth);
        Object history = breeze.initialHistory(function, x);
        for (double[][] pair : pairs) {
            history = remember(history, vector(pair[0]), vector(pair[1]));
        }
        double adjustedValue = (Double) adjusted._1();
        current = new FirstOrderMinimizer.State<>(x, smooth, grad, adjustedValue, adjusted._2(), iteration,
                adjustedValue, history, breeze.convergenceCheck().initialInfo(), false, Option.empty());
        return new OptimizerState<>(point, value, NO_LIPSCHITZ, iteration);
    }

    /** Breeze's history after adding the pair (s, y). */
    private Object remember(Object history, DenseVector<Object> s, DenseVector<Object> y) {
        if (method == Method.PROJECTED_QUASI_NEWTON) {
            return ((CompactHessian) history).updated(y, s);
        }
        @SuppressWarnings("unchecked")
        var h = (LBFGS.ApproximateInverseHessian<DenseVector<Object>>) history;
        return h.updated(s, y);
    }

    @Override
    public List<double[]> memory() {
        List<double[]> out = new ArrayList<>(2 * pairs.size());
        for (double[][] pair : pairs) {
            out.add(pair[0].clone());
            out.add(pair[1].clone());
        }
        return out;
    }

    @Override
    public OptimizationResult<E> minimize(OptimizerState<E> state, int maxIterations, double tolerance,
                                          IterationListener<E> listener) {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        if (current == null || current.iter() != state.iteration()
                || !EvaluationCache.samePoint(toArray(current.x()), state.theta())) {
            throw new IllegalArgumentException("minimize continues from the state this solver handed out last");
        }
        Iterator<FirstOrderMinimizer.State<DenseVector<Object>, Object, Object>> it =
                breeze.infiniteIterations(function, current);
        it.next(); // the starting state itself
        OptimizerState<E> ours = state;
        long before = evaluations;
        while (ours.iteration() < maxIterations) {
            labelIteration = ours.iteration() + 1;
            labelTrial = 0;
            FirstOrderMinimizer.State<DenseVector<Object>, Object, Object> next = it.next();
            if (next.iter() == current.iter()) {
                if (next.searchFailed()) {
                    return new OptimizationResult<>(ours, StopReason.LINE_SEARCH_EXHAUSTED, String.format(Locale.ROOT,
                            "%s line search failed twice in a row at iteration %d (%d evaluations)",
                            method, labelIteration, evaluations - before));
                }
                LOG.warn("odenet: {} line search failed at iteration {}; memory reset, retrying with a gradient step",
                        method, labelIteration);
                pairs.clear();
                current = next;
                continue;
            }
            double[] theta = toArray(next.x());
            if (next.history() != current.history()) {
                double[][] pair = {difference(theta, toArray(current.x())),
                    difference(toArray(next.grad()), toArray(current.grad()))};
                pairs.addLast(pair);
                while (pairs.size() > m) {
                    pairs.removeFirst();
                }
            }
            E value = cache.get(theta);
            if (value == null) {
                labelTrial++;
                value = evaluate(theta);
            }
            double stepNorm = 0;
            for (int i = 0; i < theta.length; i++) {
                double d = theta[i] - ours.theta()[i];
                stepNorm += d * d;
            }
            OptimizerState<E> after = new OptimizerState<>(theta, value, NO_LIPSCHITZ, ours.iteration() + 1);
            IterationRecord<E> record = new IterationRecord<>(after.iteration(), ours.value().loss(), Double.NaN,
                    (int) (evaluations - before), Math.sqrt(stepNorm), after);
            current = next;
            ours = after;
            before = evaluations;
            boolean go = listener == null || listener.onIteration(record);
            double previous = record.previousLoss();
            double decrease = previous - after.value().loss();
            if (tolerance > 0 && decrease <= tolerance * Math.abs(previous)) {
                return new OptimizationResult<>(ours, StopReason.CONVERGED, String.format(Locale.ROOT,
                        "relative decrease %.3g <= tol %.3g at iteration %d",
                        previous == 0 ? 0 : decrease / Math.abs(previous), tolerance, ours.iteration()));
            }
            double gradientNorm = norm(toArray(next.adjustedGradient()));
            double gradientBound = Math.max(tolerance * Math.abs(next.adjustedValue()), 1e-8);
            if (gradientNorm <= gradientBound) {
                return new OptimizationResult<>(ours, StopReason.CONVERGED, String.format(Locale.ROOT,
                        "gradient norm %.3g <= max(tol * |loss|, 1e-8) = %.3g at iteration %d", gradientNorm,
                        gradientBound, ours.iteration()));
            }
            if (!go) {
                return new OptimizationResult<>(ours, StopReason.STOPPED_BY_LISTENER,
                        "stopped by listener after iteration " + ours.iteration());
            }
        }
        return new OptimizationResult<>(ours, StopReason.MAX_ITERATIONS, "reached maxIter = " + maxIterations);
    }

    /** One evaluation (one pass), remembered in the cache; {@code point} is kept. */
    private E evaluate(double[] point) {
        evaluations++;
        labelTrial = Math.max(labelTrial, 1);
        E value = objective.evaluateTrial(point, Math.max(labelIteration, 1), labelTrial);
        cache.put(point, value);
        return value;
    }

    /** The smooth loss, +∞ when not finite (Breeze's line searches then shorten the step). */
    private static double breezeValue(ObjectiveValue value) {
        double v = value.smoothLoss();
        return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
    }

    private static double[] gradientOf(ObjectiveValue value) {
        return value.gradient();
    }

    /** The smooth loss and its gradient at (the projection of) a point, as Breeze sees it. */
    private Tuple2<Object, DenseVector<Object>> calculate(DenseVector<Object> x) {
        double[] point = projection == null ? toArray(x) : feasible(toArray(x));
        E value = cache.get(point);
        if (value == null) {
            labelTrial++;
            try {
                value = evaluate(point);
            } catch (ArithmeticException e) {
                LOG.debug("odenet: evaluation failed, +inf to the line search: {}", e.getMessage());
                return new Tuple2<>(Double.POSITIVE_INFINITY, vector(new double[point.length]));
            }
        }
        double v = breezeValue(value);
        if (v == Double.POSITIVE_INFINITY) {
            return new Tuple2<>(v, vector(new double[point.length]));
        }
        return new Tuple2<>(v, vector(value.gradient().clone()));
    }

    /**
     * The projection as PQN needs it, exactly idempotent (its inner SPG solver asserts P(P(x)) == P(x) bit for
     * bit, which a projection computed in floating point is only up to rounding): {@code x} itself when the
     * projection would move it by rounding only (at most 1e-12·(1 + |x<sub>i</sub>|) per coordinate) and would
     * not lift a negative coordinate, else P(x). P(x) is then kept by a second application, so the composition
     * is idempotent; iterates stay non-negative on the simplex, with Σh = T to rounding.
     */
    private double[] feasible(double[] x) {
        double[] p = x.clone();
        projection.project(p);
        for (int i = 0; i < x.length; i++) {
            if (p[i] != x[i] && (x[i] < 0 || Math.abs(p[i] - x[i]) > 1e-12 * (1 + Math.abs(x[i])))) {
                return p;
            }
        }
        return x;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    static DenseVector<Object> vector(double[] values) {
        return new DenseVector$mcD$sp(values);
    }

    /** The coordinates of a Breeze vector, as a new array. */
    static double[] toArray(DenseVector<Object> v) {
        double[] data = (double[]) v.data();
        int n = v.length();
        double[] out = new double[n];
        int offset = v.offset();
        int stride = v.stride();
        for (int i = 0; i < n; i++) {
            out[i] = data[offset + i * stride];
        }
        return out;
    }
}
