package org.odenet.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktrackingGradientDescentTest {

    /** A plain loss/gradient pair. */
    record Value(double loss, double[] gradient) implements ObjectiveValue {
    }

    /** J(θ) = ½ Σ d_i (θ_i − c_i)². */
    private static DifferentiableObjective<Value> quadratic(double[] d, double[] c) {
        return theta -> {
            double loss = 0;
            double[] g = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                double r = theta[i] - c[i];
                loss += 0.5 * d[i] * r * r;
                g[i] = d[i] * r;
            }
            return new Value(loss, g);
        };
    }

    private static final DifferentiableObjective<Value> ROSENBROCK = t -> {
        double a = 1 - t[0];
        double b = t[1] - t[0] * t[0];
        return new Value(a * a + 100 * b * b, new double[] {-2 * a - 400 * t[0] * b, 200 * b});
    };

    @Test
    void convergesOnAQuadratic() {
        double[] c = {1, -2, 3};
        var gd = new BacktrackingGradientDescent<>(quadratic(new double[] {1, 10, 100}, c), Projection.IDENTITY,
                LineSearchParameters.DEFAULT);
        var result = gd.minimize(gd.start(new double[3]), 5000, 0, null);
        assertArrayEquals(c, result.state().theta(), 1e-8);
        assertTrue(result.state().value().loss() < 1e-16);
    }

    @Test
    void convergesOnRosenbrockAndNeverIncreasesTheLoss() {
        var gd = new BacktrackingGradientDescent<>(ROSENBROCK, Projection.IDENTITY, LineSearchParameters.DEFAULT);
        List<Double> losses = new ArrayList<>();
        var result = gd.minimize(gd.start(new double[] {-1.2, 1}), 200_000, 1e-15, r -> losses.add(r.loss()));
        assertArrayEquals(new double[] {1, 1}, result.state().theta(), 1e-3);
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) <= losses.get(i - 1), "loss increased at iteration " + (i + 1));
        }
    }

    @Test
    void keepsIteratesFeasibleAndFindsTheConstrainedMinimum() {
        // minimum of ½‖θ − c‖² over the simplex {θ ≥ 0, Σθ = 1} is the projection of c
        double[] c = {0.9, 0.6, -0.4, 0.1};
        Projection simplex = new SimplexProjection(0, 4, 1);
        var gd = new BacktrackingGradientDescent<>(quadratic(new double[] {1, 1, 1, 1}, c), simplex,
                LineSearchParameters.DEFAULT);
        List<double[]> iterates = new ArrayList<>();
        var result = gd.minimize(gd.start(new double[] {5, -3, 1, 0}), 2000, 0, r -> iterates.add(r.state().theta()));
        for (double[] t : iterates) {
            double sum = 0;
            for (double x : t) {
                assertTrue(x >= 0);
                sum += x;
            }
            assertEquals(1.0, sum, 1e-12);
        }
        double[] expected = c.clone();
        SimplexProjection.project(expected, 0, 4, 1);
        assertArrayEquals(expected, result.state().theta(), 1e-9);
    }

    @Test
    void rejectsNonFiniteTrialsAndCarriesOn() {
        DifferentiableObjective<Value> q = quadratic(new double[] {1, 1}, new double[] {2, 2});
        DifferentiableObjective<Value> fragile = t -> {
            if (Math.abs(t[0]) > 3) {
                throw new ArithmeticException("state blew up");
            }
            if (Math.abs(t[1]) > 3) {
                return new Value(Double.NaN, new double[2]);
            }
            return q.evaluate(t);
        };
        // L0 = 0.01 makes the first trials land far away, where evaluation fails
        var gd = new BacktrackingGradientDescent<>(fragile, Projection.IDENTITY, new LineSearchParameters(0.01, 2, 0.99, 50));
        List<Integer> tries = new ArrayList<>();
        var result = gd.minimize(gd.start(new double[] {0, 0}), 500, 0, r -> tries.add(r.tries()));
        assertTrue(tries.get(0) > 1, "the first iteration had to reject trials");
        assertArrayEquals(new double[] {2, 2}, result.state().theta(), 1e-8);
    }

    @Test
    void exhaustedLineSearchKeepsTheLastGoodPoint() {
        DifferentiableObjective<Value> q = quadratic(new double[] {1}, new double[] {1});
        int[] calls = {0};
        DifferentiableObjective<Value> breaksLater = t -> {
            if (++calls[0] > 4) {
                return new Value(Double.POSITIVE_INFINITY, new double[1]);
            }
            return q.evaluate(t);
        };
        var gd = new BacktrackingGradientDescent<>(breaksLater, Projection.IDENTITY, new LineSearchParameters(2, 1.5, 0.99, 5));
        var result = gd.minimize(gd.start(new double[] {0}), 100, 0, null);
        assertEquals(StopReason.LINE_SEARCH_EXHAUSTED, result.stopReason());
        assertEquals(3, result.state().iteration());
        assertTrue(Double.isFinite(result.state().value().loss()));
        assertTrue(result.message().contains("exhausted after 5 trials"), result.message());
    }

    @Test
    void resumingFromAStateReproducesTheUninterruptedRun() {
        var gd = new BacktrackingGradientDescent<>(ROSENBROCK, Projection.IDENTITY, LineSearchParameters.DEFAULT);
        var straight = gd.minimize(gd.start(new double[] {-1.2, 1}), 300, 0, null);
        var first = gd.minimize(gd.start(new double[] {-1.2, 1}), 170, 0, null);
        OptimizerState<Value> s = first.state();
        var resumed = gd.minimize(gd.resume(s.theta(), s.lipschitz(), s.iteration()), 300, 0, null);
        assertArrayEquals(straight.state().theta(), resumed.state().theta(), 0.0);
        assertEquals(straight.state().lipschitz(), resumed.state().lipschitz(), 0.0);
    }

    @Test
    void stopsOnTheRelativeTolerance() {
        var gd = new BacktrackingGradientDescent<>(quadratic(new double[] {1, 10}, new double[] {1, 1}),
                Projection.IDENTITY, LineSearchParameters.DEFAULT);
        var result = gd.minimize(gd.start(new double[] {0, 0}), 100_000, 1e-3, null);
        assertEquals(StopReason.CONVERGED, result.stopReason());
        assertTrue(result.state().iteration() < 100_000);
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new LineSearchParameters(0, 1.5, 0.99, 10));
        assertThrows(IllegalArgumentException.class, () -> new LineSearchParameters(0.1, 1.0, 0.99, 10));
        assertThrows(IllegalArgumentException.class, () -> new LineSearchParameters(0.1, 1.5, 1.2, 10));
        assertThrows(IllegalArgumentException.class, () -> new LineSearchParameters(0.1, 1.5, 0.99, 0));
        var gd = new BacktrackingGradientDescent<>(ROSENBROCK, Projection.IDENTITY, LineSearchParameters.DEFAULT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gd.minimize(gd.start(new double[] {0, 0}), -1, 0, null));
        assertTrue(e.getMessage().contains("maxIterations must be >= 0, got -1"));
        DifferentiableObjective<Value> nan = t -> new Value(Double.NaN, new double[1]);
        var bad = new BacktrackingGradientDescent<>(nan, Projection.IDENTITY, LineSearchParameters.DEFAULT);
        assertThrows(IllegalArgumentException.class, () -> bad.start(new double[1]));
    }
}
