package org.odenet.quasinewton;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odenet.optim.DifferentiableObjective;
import org.odenet.optim.IterationRecord;
import org.odenet.optim.ObjectiveValue;
import org.odenet.optim.OptimizationResult;
import org.odenet.optim.OptimizerState;
import org.odenet.optim.SimplexProjection;
import org.odenet.optim.StopReason;

/** Breeze's L-BFGS, OWL-QN and projected quasi-Newton behind our optimiser interface, on small known problems. */
class BreezeQuasiNewtonTest {

    /** F + g with F smooth (its gradient) and g an L1 part. */
    record Value(double loss, double smoothLoss, double[] gradient) implements ObjectiveValue {
    }

    /** Counts evaluations. */
    static final class Counting implements DifferentiableObjective<Value> {
        final DifferentiableObjective<Value> inner;
        int calls;

        Counting(DifferentiableObjective<Value> inner) {
            this.inner = inner;
        }

        @Override
        public Value evaluate(double[] theta) {
            calls++;
            return inner.evaluate(theta);
        }
    }

    static final DifferentiableObjective<Value> ROSENBROCK = t -> {
        double a = 1 - t[0];
        double b = t[1] - t[0] * t[0];
        double f = a * a + 100 * b * b;
        return new Value(f, f, new double[] {-2 * a - 400 * t[0] * b, 200 * b});
    };

    /** ½ Σ d_i (θ_i − c_i)² + λ Σ_{i < l1Count} |θ_i|. */
    static DifferentiableObjective<Value> lasso(double[] d, double[] c, double lambda, int l1Count) {
        return theta -> {
            double f = 0;
            double l1 = 0;
            double[] g = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                double r = theta[i] - c[i];
                f += 0.5 * d[i] * r * r;
                g[i] = d[i] * r;
                l1 += i < l1Count ? lambda * Math.abs(theta[i]) : 0;
            }
            return new Value(f + l1, f, g);
        };
    }

    @Test
    void lbfgsSolvesRosenbrockInFarFewerEvaluationsThanGradientDescent() {
        var counting = new Counting(ROSENBROCK);
        var qn = new BreezeQuasiNewton<>(counting, null, null);
        assertEquals(BreezeQuasiNewton.Method.LBFGS, qn.method());
        List<IterationRecord<Value>> records = new ArrayList<>();
        var result = qn.minimize(qn.start(new double[] {-1.2, 1}), 200, 1e-15, records::add);
        assertEquals(StopReason.CONVERGED, result.stopReason(), result.message());
        assertArrayEquals(new double[] {1, 1}, result.state().theta(), 1e-6);
        // gradient descent (Algorithm 2) needs tens of thousands of evaluations here
        assertTrue(counting.calls < 100, "evaluations " + counting.calls);
        assertEquals(counting.calls, qn.evaluations());
        int tries = 0;
        for (int i = 0; i < records.size(); i++) {
            IterationRecord<Value> r = records.get(i);
            assertEquals(i + 1, r.iteration());
            assertTrue(Double.isNaN(r.lipschitzUsed()));
            assertTrue(r.tries() >= 1, "an accepted iteration costs at least one evaluation");
            tries += r.tries();
        }
        assertEquals(counting.calls, tries + 1, "the start plus every iteration's evaluations: no evaluation twice");
    }

    @Test
    void owlqnFindsTheLassoSolutionWithExactZerosAndLeavesUnpenalisedCoordinatesAlone() {
        double[] d = {1, 4, 10, 2, 1, 3};
        double[] c = {1, -0.1, 3, 0.05, -2, 0.01};
        double lambda = 0.5;
        // argmin ½ d (x − c)² + λ|x| = soft(c, λ/d) for the first five; the last is not penalised: x = c
        double[] expected = {0.5, 0, 2.95, 0, -1.5, 0.01};
        var qn = new BreezeQuasiNewton<>(lasso(d, c, lambda, 5), null, i -> i < 5 ? lambda : 0);
        assertEquals(BreezeQuasiNewton.Method.OWLQN, qn.method());
        var result = qn.minimize(qn.start(new double[] {0.3, 0.3, 0.3, 0.3, 0.3, 0.3}), 100, 0, null);
        double[] theta = result.state().theta();
        assertArrayEquals(expected, theta, 1e-7);
        assertEquals(0.0, theta[1]);
        assertEquals(0.0, theta[3]);
        assertTrue(theta[5] != 0, "the unpenalised coordinate is not thresholded");
    }

    @Test
    void projectedQuasiNewtonKeepsEveryIterateOnTheSimplex() {
        // ½ Σ d_i (θ_i − c_i)² over {θ_0..3 ≥ 0, Σ = 2}, θ_4 free
        double[] d = {1, 2, 3, 4, 1};
        double[] c = {1.5, 1.0, -0.5, 0.2, 7};
        var projection = new SimplexProjection(0, 4, 2);
        var qn = new BreezeQuasiNewton<>(lasso(d, c, 0, 0), projection, null);
        assertEquals(BreezeQuasiNewton.Method.PROJECTED_QUASI_NEWTON, qn.method());
        List<double[]> iterates = new ArrayList<>();
        var result = qn.minimize(qn.start(new double[] {5, 0, 0, 0, 0}), 100, 1e-14,
                r -> iterates.add(r.state().theta()));
        assertTrue(iterates.size() > 2);
        for (double[] t : iterates) {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                assertTrue(t[i] >= 0, "negative step " + t[i]);
                sum += t[i];
            }
            assertEquals(2, sum, 1e-12);
        }
        // KKT: the minimiser of Σ d_i (x_i − c_i)² on the simplex: x_i = max(c_i − ν/d_i, 0) with Σ x = 2
        double[] x = result.state().theta();
        assertEquals(7, x[4], 1e-6);
        assertEquals(0, x[2], 1e-9);
        double nu = d[0] * (c[0] - x[0]);
        assertEquals(nu, d[1] * (c[1] - x[1]), 1e-5);
    }

    @Test
    void aResumedRunRepeatsAnUninterruptedOneBitForBit() {
        var whole = new BreezeQuasiNewton<>(ROSENBROCK, null, null);
        OptimizationResult<Value> uninterrupted = whole.minimize(whole.start(new double[] {-1.2, 1}), 30, 0, null);

        var first = new BreezeQuasiNewton<>(ROSENBROCK, null, null);
        OptimizationResult<Value> half = first.minimize(first.start(new double[] {-1.2, 1}), 17, 0, null);
        List<double[]> memory = first.memory();
        assertEquals(2 * 10, memory.size(), "ten (s, y) pairs after 17 iterations");
        var second = new BreezeQuasiNewton<>(ROSENBROCK, null, null);
        OptimizerState<Value> resumed = second.resume(half.state().theta(), 1, 17, memory);
        OptimizationResult<Value> rest = second.minimize(resumed, 30, 0, null);
        assertEquals(StopReason.MAX_ITERATIONS, rest.stopReason());
        assertArrayEquals(uninterrupted.state().theta(), rest.state().theta(), 0.0);
    }

    @Test
    void refusesAnL1PartWithAProjection() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new BreezeQuasiNewton<>(ROSENBROCK, new SimplexProjection(0, 2, 1), i -> 1));
        assertTrue(e.getMessage().contains("L1"));
    }

    @Test
    void stopsOnTheRelativeDecreaseRuleAndOnTheListener() {
        var qn = new BreezeQuasiNewton<>(lasso(new double[] {1, 1}, new double[] {1, 2}, 0, 0), null, null);
        var converged = qn.minimize(qn.start(new double[] {0, 0}), 100, 1e-3, null);
        assertEquals(StopReason.CONVERGED, converged.stopReason());
        var qn2 = new BreezeQuasiNewton<>(ROSENBROCK, null, null);
        var stopped = qn2.minimize(qn2.start(new double[] {-1.2, 1}), 100, 0, r -> r.iteration() < 3);
        assertEquals(StopReason.STOPPED_BY_LISTENER, stopped.stopReason());
        assertEquals(3, stopped.state().iteration());
    }
}
