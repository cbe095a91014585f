package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Observed order log₂(e(h)/e(h/2)) of each tableau: on the scalar test equation y' = λy with the tableau
 * alone, and on the network's own flow Ẏ = tanh(K Y + β) through {@link NetworkEvaluator} (so the kernel's
 * stage handling is checked too). A floor on the error at a large step rejects a method that is more
 * accurate than it claims to be (e.g. KUTTA3 holding RK4's coefficients).
 */
class ObservedOrderTest {

    static Stream<Arguments> tableaux() {
        return Stream.of(Arguments.of(ButcherTableau.EULER, 1), Arguments.of(ButcherTableau.IMPROVED_EULER, 2),
                Arguments.of(ButcherTableau.KUTTA3, 3), Arguments.of(ButcherTableau.KUTTA4, 4));
    }

    @ParameterizedTest(name = "{0} has order {1} on y' = λy")
    @MethodSource("tableaux")
    void orderOnLinearTestEquation(ButcherTableau tableau, int order) {
        double lambda = -1.3;
        double t = 1;
        double exact = Math.exp(lambda * t);
        double e1 = Math.abs(integrateLinear(tableau, lambda, t, 16) - exact);
        double e2 = Math.abs(integrateLinear(tableau, lambda, t, 32) - exact);
        double observed = Math.log(e1 / e2) / Math.log(2);
        assertEquals(order, observed, 0.1, tableau.name() + " observed order");
        // Floor: the leading error term of an order-p method at h = 1/4 is about |λ|^{p+1} h^p t e^{λt} / (p+1)!.
        double h = 0.25;
        double eLarge = Math.abs(integrateLinear(tableau, lambda, t, 4) - exact);
        double floor = 0.25 * Math.pow(Math.abs(lambda), order + 1) * Math.pow(h, order) * t * exact / factorial(order + 1);
        assertTrue(eLarge > floor, tableau.name() + ": error " + eLarge + " at h = 1/4 below the floor " + floor);
    }

    @ParameterizedTest(name = "{0} has order {1} through the network kernel")
    @MethodSource("tableaux")
    void orderOfTheNetworkFlow(ButcherTableau tableau, int order) {
        int n = 3;
        int m = 4;
        Block block = TestNetworks.randomBlock(n, m, 2, 1);
        double[] reference = finalState(ButcherTableau.KUTTA4, 2048, block);
        int coarse = 16;
        double e1 = maxDiff(finalState(tableau, coarse, block), reference);
        double e2 = maxDiff(finalState(tableau, 2 * coarse, block), reference);
        double observed = Math.log(e1 / e2) / Math.log(2);
        assertEquals(order, observed, 0.1, tableau.name() + " observed order of the flow");
    }

    /** y(T) of Ẏ = tanh(K Y + β) on [0, 2] with constant controls, as a ResNet of N layers with this tableau. */
    private static double[] finalState(ButcherTableau tableau, int layers, Block block) {
        NetworkSpec spec = new NetworkSpec(block.features(), layers, 2.0, tableau, Architecture.RESNET,
                Head.LOGISTIC_SQUARED_ERROR, 2);
        double[] k = {0.9, -1.4, 0.3, 1.1, 0.2, -0.8, -0.5, 0.7, 0.4};
        double[] beta = {0.3, -0.2, 0.1};
        double[] theta = new double[spec.layout().size()];
        for (int j = 0; j < layers; j++) {
            System.arraycopy(k, 0, theta, spec.layout().kOffset(j), 9);
            System.arraycopy(beta, 0, theta, spec.layout().betaOffset(j), 3);
        }
        NetworkEvaluator evaluator = new NetworkEvaluator(spec, block.size());
        evaluator.evaluate(theta, block, null);
        return evaluator.stateAfterLayer(layers).clone();
    }

    /** y(t) of y' = λy, y(0) = 1, with {@code steps} steps of the tableau, using only A, b. */
    static double integrateLinear(ButcherTableau tab, double lambda, double t, int steps) {
        double h = t / steps;
        double y = 1;
        int s = tab.stages();
        for (int k = 0; k < steps; k++) {
            double[] f = new double[s];
            for (int i = 0; i < s; i++) {
                double yi = y;
                for (int l = 0; l < i; l++) {
                    yi += h * tab.a(i, l) * f[l];
                }
                f[i] = lambda * yi;
            }
            double inc = 0;
            for (int i = 0; i < s; i++) {
                inc += tab.b(i) * f[i];
            }
            y += h * inc;
        }
        return y;
    }

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static double factorial(int k) {
        double f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }
}
