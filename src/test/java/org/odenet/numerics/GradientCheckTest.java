package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adjoint gradient against central finite differences (with one Richardson extrapolation, error
 * O(ε⁴)), coordinate by coordinate, for every architecture × tableau × head.
 */
class GradientCheckTest {
    private static final Logger LOG = LogManager.getLogger(GradientCheckTest.class);
    static final double TOLERANCE = 1e-6;
    private static final DoubleAccumulator WORST = new DoubleAccumulator(Math::max, 0);

    static Stream<NetworkSpec> specs() {
        return TestNetworks.allSpecs(3, 3).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void adjointGradientMatchesFiniteDifferences(NetworkSpec spec) {
        Block block = TestNetworks.randomBlock(3, 7, spec.numClasses(), 11);
        double[] theta = TestNetworks.randomTheta(spec, 5);
        NetworkEvaluator evaluator = new NetworkEvaluator(spec, 7);
        double worst = checkGradient(spec, evaluator, theta, block);
        WORST.accumulate(worst);
        assertTrue(worst <= TOLERANCE, () -> spec + ": worst relative error " + worst);
    }

    @Test
    void blasPathMatchesFiniteDifferences() {
        for (Architecture a : Architecture.values()) {
            NetworkSpec spec = new NetworkSpec(3, 3, 1.0, ButcherTableau.KUTTA4, a, Head.SOFTMAX_CROSS_ENTROPY, 3);
            Block block = TestNetworks.randomBlock(3, 7, 3, 2);
            double[] theta = TestNetworks.randomTheta(spec, 3);
            NetworkEvaluator blas = new NetworkEvaluator(spec, 9, BlasGemm.INSTANCE);
            double worst = checkGradient(spec, blas, theta, block);
            WORST.accumulate(worst);
            assertTrue(worst <= TOLERANCE, () -> spec + " via BLAS: worst relative error " + worst);
        }
    }

    @Test
    void blasAndLoopsAgree() {
        NetworkSpec spec = new NetworkSpec(5, 4, 1.0, ButcherTableau.KUTTA3, Architecture.ODENET,
                Head.SOFTMAX_CROSS_ENTROPY, 4);
        Block block = TestNetworks.randomBlock(5, 13, 4, 8);
        double[] theta = TestNetworks.randomTheta(spec, 9);
        double[] g1 = new double[spec.layout().size()];
        double[] g2 = new double[spec.layout().size()];
        double l1 = new NetworkEvaluator(spec, 13, LoopGemm.INSTANCE).evaluate(theta, block, g1).lossSum();
        double l2 = new NetworkEvaluator(spec, 16, BlasGemm.INSTANCE).evaluate(theta, block, g2).lossSum();
        assertEquals(l1, l2, 1e-13 * Math.abs(l1));
        for (int i = 0; i < g1.length; i++) {
            assertEquals(g1[i], g2[i], 1e-12 * (1 + Math.abs(g1[i])), spec.layout().describe(i));
        }
    }

    @AfterAll
    static void report() {
        LOG.info(String.format(Locale.ROOT, "worst relative gradient error over all cases: %.3e", WORST.get()));
    }

    /**
     * Compares every coordinate; the error is |g − fd| / max(|g|, |fd|, 10⁻³‖g‖∞). Also checks that every
     * class of coordinates (K, β, h, W, μ, and E, e of an input embedding) carries a non-trivial gradient, so the
     * comparison means something.
     *
     * @return the worst error
     */
    static double checkGradient(NetworkSpec spec, NetworkEvaluator evaluator, double[] theta, Block block) {
        double[] gradient = new double[spec.layout().size()];
        evaluator.evaluate(theta, block, gradient);
        double gMax = java.util.Arrays.stream(gradient).map(Math::abs).max().orElse(0);
        assertTrue(gMax > 1e-3, () -> spec + ": gradient suspiciously small " + gMax);
        double worst = 0;
        String worstAt = "";
        java.util.Map<String, Double> largestPerClass = new java.util.HashMap<>();
        for (int i = 0; i < gradient.length; i++) {
            double fd = finiteDifference(evaluator, theta, block, i, 1e-3);
            double err = Math.abs(gradient[i] - fd) / Math.max(Math.max(Math.abs(gradient[i]), Math.abs(fd)), 1e-3 * gMax);
            if (err > worst) {
                worst = err;
                worstAt = spec.layout().describe(i) + " adjoint " + gradient[i] + " fd " + fd;
            }
            String cls = spec.layout().describe(i).replaceAll("[\\[(].*", "");
            largestPerClass.merge(cls, Math.abs(gradient[i]), Math::max);
        }
        for (var e : largestPerClass.entrySet()) {
            assertTrue(e.getValue() > 1e-6, spec + ": no gradient in class " + e.getKey());
        }
        int expectedClasses = (spec.architecture().learnsSteps() ? 5 : 4) + (spec.embedsInput() ? 2 : 0);
        assertEquals(expectedClasses, largestPerClass.size(), () -> spec + ": classes " + largestPerClass.keySet());
        if (worst > TOLERANCE) {
            LOG.warn(spec + " worst at " + worstAt);
        }
        return worst;
    }

    /** Central difference with one Richardson step: (4 D(ε/2) − D(ε)) / 3. */
    static double finiteDifference(NetworkEvaluator evaluator, double[] theta, Block block, int i, double eps) {
        double d1 = central(evaluator, theta, block, i, eps);
        double d2 = central(evaluator, theta, block, i, eps / 2);
        return (4 * d2 - d1) / 3;
    }

    private static double central(NetworkEvaluator evaluator, double[] theta, Block block, int i, double eps) {
        double[] t = theta.clone();
        t[i] = theta[i] + eps;
        double plus = TestNetworks.lossSum(evaluator, t, block);
        t[i] = theta[i] - eps;
        double minus = TestNetworks.lossSum(evaluator, t, block);
        return (plus - minus) / (2 * eps);
    }
}
