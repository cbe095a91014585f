package org.odenet.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Algorithm 2 with a proximal step: the lasso of a separable quadratic, alone and beside a simplex. */
class ProximalGradientTest {

    /** F + g with F = ½ Σ d_i (θ_i − c_i)² and g = λ Σ_{i in L1 set} |θ_i|. */
    record Value(double loss, double smoothLoss, double[] gradient) implements ObjectiveValue {
    }

    private static DifferentiableObjective<Value> lasso(double[] d, double[] c, double lambda, int l1Count) {
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

    /** Soft thresholding of the first {@code count} coordinates by step·λ. */
    private static ProximalOperator softThreshold(double lambda, int count) {
        return (theta, step) -> {
            for (int i = 0; i < count; i++) {
                double t = step * lambda;
                theta[i] = theta[i] > t ? theta[i] - t : theta[i] < -t ? theta[i] + t : 0;
            }
        };
    }

    @Test
    void findsTheLassoSolutionWithExactZerosAndNeverIncreasesFPlusG() {
        double[] d = {1, 4, 10, 2, 1};
        double[] c = {1, -0.1, 3, 0.05, -2};
        double lambda = 0.5;
        // argmin ½ d (x − c)² + λ|x| = soft(c, λ/d)
        double[] expected = {0.5, 0, 2.95, 0, -1.5};
        var gd = new BacktrackingGradientDescent<>(lasso(d, c, lambda, 5), Projection.IDENTITY,
                LineSearchParameters.DEFAULT, softThreshold(lambda, 5));
        List<Double> losses = new ArrayList<>();
        var result = gd.minimize(gd.start(new double[] {3, 3, -3, 3, 3}), 5000, 0, r -> losses.add(r.loss()));
        assertArrayEquals(expected, result.state().theta(), 1e-9);
        assertEquals(0.0, result.state().theta()[1], 0.0, "exactly zero");
        assertEquals(0.0, result.state().theta()[3], 0.0, "exactly zero");
        for (int i = 1; i < losses.size(); i++) {
            double before = losses.get(i - 1);
            double after = losses.get(i);
            // non-increasing in exact arithmetic; F and g are rounded separately, so allow their last bits
            assertTrue(after <= before * (1 + 1e-15), "F + g increased at iteration " + (i + 1) + ": " + before
                    + " -> " + after);
        }
        assertEquals(result.state().value().loss(), losses.get(losses.size() - 1), 0.0, "the records report F + g");
    }

    @Test
    void proximalStepAndSimplexOnDisjointCoordinatesSolveTheJointProblem() {
        // coordinates 0..1 under L1, 2..4 on the simplex {θ ≥ 0, Σθ = 1}
        double[] d = {1, 1, 1, 1, 1};
        double[] c = {2, 0.3, 0.9, 0.6, -0.4};
        var gd = new BacktrackingGradientDescent<>(lasso(d, c, 0.5, 2), new SimplexProjection(2, 3, 1),
                LineSearchParameters.DEFAULT, softThreshold(0.5, 2));
        var result = gd.minimize(gd.start(new double[5]), 3000, 0, null);
        // the L1 block: soft(c, 0.5); the simplex block: the projection of (0.9, 0.6, -0.4), i.e. (0.65, 0.35, 0)
        assertArrayEquals(new double[] {1.5, 0, 0.65, 0.35, 0}, result.state().theta(), 1e-9);
    }

    @Test
    void withoutAProximalOperatorTheIteratesAreBitForBitThoseOfAlgorithm2() {
        double[] d = {1, 10, 100};
        double[] c = {1, -2, 3};
        DifferentiableObjective<Value> f = lasso(d, c, 0, 0);
        var plain = new BacktrackingGradientDescent<>(f, Projection.IDENTITY, LineSearchParameters.DEFAULT);
        var none = new BacktrackingGradientDescent<>(f, Projection.IDENTITY, LineSearchParameters.DEFAULT, null);
        List<double[]> a = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        plain.minimize(plain.start(new double[3]), 50, 0, r -> a.add(r.state().theta()));
        none.minimize(none.start(new double[3]), 50, 0, r -> b.add(r.state().theta()));
        assertEquals(a.size(), b.size());
        for (int k = 0; k < a.size(); k++) {
            assertArrayEquals(a.get(k), b.get(k), 0.0);
        }
    }
}
