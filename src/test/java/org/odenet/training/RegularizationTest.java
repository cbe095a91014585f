package org.odenet.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.Block;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.ParameterLayout;
import org.odenet.numerics.TestNetworks;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.optim.NetworkProjections;
import org.odenet.optim.Projection;

/** The regulariser: its settings, its smooth part against finite differences, its L1 proximal operator. */
class RegularizationTest {
    /** GradientCheckTest's tolerance, with its error measure. */
    private static final double TOLERANCE = 1e-6;
    private static final Regularization ALL = new Regularization(0.3, 0.4, 0.7);

    @Test
    void defaultIsNoneAndBadValuesNameTheParameter() {
        assertTrue(Regularization.DEFAULT.isNone());
        assertEquals(new Regularization(0, 0, 0), Regularization.DEFAULT);
        assertTrue(new Regularization(0, 1, 0).isNone(), "an L1 share of nothing is nothing");
        assertTrue(!new Regularization(0, 0, 1e-9).isNone());
        assertEquals(0.3 * 0.6, ALL.l2Strength(), 1e-17);
        assertEquals(0.3 * 0.4, ALL.l1Strength(), 1e-17);
        assertEquals(ALL, Regularization.DEFAULT.withRegParam(0.3).withElasticNetParam(0.4).withSmoothnessParam(0.7));
        for (double bad : new double[] {-1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertNamed("regParam", () -> new Regularization(bad, 0, 0));
            assertNamed("smoothnessParam", () -> new Regularization(0, 0, bad));
        }
        for (double bad : new double[] {-1e-3, 1.001, Double.NaN}) {
            assertNamed("elasticNetParam", () -> new Regularization(1, bad, 0));
        }
        assertNamed("regParam", () -> TrainingConfig.builder().regularization(r -> r.withRegParam(-1)));
        assertEquals(Regularization.DEFAULT, TrainingConfig.builder().build().regularization());
    }

    private static void assertNamed(String param, org.junit.jupiter.api.function.Executable bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad);
        assertTrue(e.getMessage().startsWith(param + " must"), e.getMessage());
    }

    static Stream<NetworkSpec> specs() {
        return TestNetworks.allSpecs(3, 3).stream();
    }

    /** Networks whose state (3 or 2 channels) is narrower than their 5 inputs: E is penalised, e is not. */
    static Stream<NetworkSpec> embeddedSpecs() {
        return Stream.of(
                new NetworkSpec(5, 3, 3, 1.0, ButcherTableau.KUTTA4, Architecture.RESNET, Head.SOFTMAX_CROSS_ENTROPY, 3),
                new NetworkSpec(5, 2, 3, 1.0, ButcherTableau.KUTTA3, Architecture.ODENET, Head.LOGISTIC_SQUARED_ERROR, 2),
                new NetworkSpec(5, 3, 2, 1.0, ButcherTableau.EULER, Architecture.NET, Head.LOGISTIC_CROSS_ENTROPY, 2));
    }

    /** ∇(J + R_smooth) against central differences of J + R_smooth, coordinate by coordinate. */
    @ParameterizedTest(name = "{0}")
    @MethodSource({"specs", "embeddedSpecs"})
    void smoothObjectiveGradientMatchesFiniteDifferences(NetworkSpec spec) {
        Block block = TestNetworks.randomBlock(spec.inputWidth(), 7, spec.numClasses(), 11);
        double[] theta = TestNetworks.randomTheta(spec, 5);
        RegularizedObjective objective = new RegularizedObjective(new LocalObjective(spec, List.of(block)),
                new RegularizationTerms(ALL, spec));
        NetworkEvaluation e = objective.evaluate(theta);
        double[] g = e.gradient();
        double gMax = java.util.Arrays.stream(g).map(Math::abs).max().orElse(0);
        double worst = 0;
        String worstAt = "";
        for (int i = 0; i < g.length; i++) {
            double fd = (4 * central(objective, theta, i, 5e-4) - central(objective, theta, i, 1e-3)) / 3;
            double err = Math.abs(g[i] - fd) / Math.max(Math.max(Math.abs(g[i]), Math.abs(fd)), 1e-3 * gMax);
            if (err > worst) {
                worst = err;
                worstAt = spec.layout().describe(i) + ": " + g[i] + " vs " + fd;
            }
        }
        double w = worst;
        String at = worstAt;
        assertTrue(worst <= TOLERANCE, () -> spec + ": worst relative error " + w + " at " + at);
    }

    private static double central(RegularizedObjective objective, double[] theta, int i, double eps) {
        double[] t = theta.clone();
        t[i] = theta[i] + eps;
        double plus = objective.evaluate(t).smoothLoss();
        t[i] = theta[i] - eps;
        double minus = objective.evaluate(t).smoothLoss();
        return (plus - minus) / (2 * eps);
    }

    /** R's value against a direct computation over the matrices, and J + R split into its parts. */
    @Test
    void valueIsThePenaltyOfTheWeightsOnly() {
        NetworkSpec spec = new NetworkSpec(3, 4, 1.0, ButcherTableau.KUTTA4, Architecture.ODENET_SIMPLEX,
                Head.SOFTMAX_CROSS_ENTROPY, 3);
        ParameterLayout layout = spec.layout();
        double[] theta = TestNetworks.randomTheta(spec, 8);
        double squares = 0;
        double abs = 0;
        double differences = 0;
        for (int j = 0; j < 4; j++) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    double k = theta[layout.kOffset(j) + r + 3 * c];
                    squares += k * k;
                    abs += Math.abs(k);
                    if (j > 0) {
                        double d = k - theta[layout.kOffset(j - 1) + r + 3 * c];
                        differences += d * d;
                    }
                }
            }
        }
        for (int i = 0; i < 9; i++) {
            double w = theta[layout.wOffset() + i];
            squares += w * w;
            abs += Math.abs(w);
        }
        RegularizationTerms terms = new RegularizationTerms(ALL, spec);
        assertEquals(0.3 * 0.6 * 0.5 * squares + 0.7 * 0.5 * differences, terms.smoothValue(theta, null), 1e-13);
        assertEquals(0.3 * 0.4 * abs, terms.l1Value(theta), 1e-13);
        // with an input embedding E is a weight too, e is not
        NetworkSpec embedded = spec.withStateWidth(2).withLayers(4);
        NetworkSpec narrow = new NetworkSpec(2, 4, 1.0, ButcherTableau.KUTTA4, Architecture.ODENET_SIMPLEX,
                Head.SOFTMAX_CROSS_ENTROPY, 3);
        double[] te = TestNetworks.randomTheta(embedded, 9);
        double eSquares = 0;
        double eAbs = 0;
        for (int i = embedded.layout().embeddingOffset(); i < embedded.layout().embeddingBiasOffset(); i++) {
            eSquares += te[i] * te[i];
            eAbs += Math.abs(te[i]);
        }
        RegularizationTerms eTerms = new RegularizationTerms(ALL, embedded);
        double[] withoutE = java.util.Arrays.copyOf(te, narrow.layout().size());
        RegularizationTerms nTerms = new RegularizationTerms(ALL, narrow);
        assertEquals(nTerms.smoothValue(withoutE, null) + 0.3 * 0.6 * 0.5 * eSquares, eTerms.smoothValue(te, null), 1e-13);
        assertEquals(nTerms.l1Value(withoutE) + 0.3 * 0.4 * eAbs, eTerms.l1Value(te), 1e-13);

        Block block = TestNetworks.randomBlock(3, 7, 3, 11);
        LocalObjective data = new LocalObjective(spec, List.of(block));
        NetworkEvaluation plain = data.evaluate(theta);
        NetworkEvaluation regularised = new RegularizedObjective(data, terms).evaluate(theta);
        assertEquals(plain.loss(), regularised.dataLoss(), 0.0);
        assertEquals(plain.loss() + terms.smoothValue(theta, null), regularised.smoothLoss(), 0.0);
        assertEquals(regularised.smoothLoss() + terms.l1Value(theta), regularised.loss(), 0.0);
        assertEquals(plain.accuracy(), regularised.accuracy(), 0.0);
        assertEquals(plain.loss(), new RegularizedObjective(data, terms).forward(theta, "v").loss(), 0.0,
                "a validation pass measures the data loss");
        double[] g = plain.gradient();
        for (int i = 0; i < g.length; i++) {
            if (!terms.isWeight(i)) {
                assertEquals(g[i], regularised.gradient()[i], 0.0, "no penalty on " + layout.describe(i));
            }
        }
    }

    @Test
    void noRegularisationLeavesTheObjectiveAsItIs() {
        NetworkSpec spec = NetworkSpec.binary(2, 3, ButcherTableau.EULER, Architecture.RESNET);
        LocalObjective data = new LocalObjective(spec, List.of(TestNetworks.randomBlock(2, 5, 2, 1)));
        assertSame(data, RegularizedObjective.wrap(data, Regularization.DEFAULT, spec));
        assertSame(data, RegularizedObjective.wrap(data, new Regularization(0, 1, 0), spec));
        assertTrue(RegularizedObjective.wrap(data, ALL, spec) instanceof RegularizedObjective);
        assertEquals(null, new RegularizationTerms(new Regularization(1, 0, 1), spec).proximalOperator(),
                "no L1 part, no proximal step");
    }

    static Stream<NetworkSpec> proximalSpecs() {
        return Stream.of(new NetworkSpec(3, 4, 1.0, ButcherTableau.KUTTA3, Architecture.ODENET_SIMPLEX,
                Head.SOFTMAX_CROSS_ENTROPY, 3), new NetworkSpec(6, 3, 4, 1.0, ButcherTableau.KUTTA3,
                Architecture.ODENET_SIMPLEX, Head.SOFTMAX_CROSS_ENTROPY, 3));
    }

    /**
     * Soft thresholding of K, W (and E) by step·regParam·α; β, h, μ (and e) untouched; it is the proximal point.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("proximalSpecs")
    void proximalOperatorSoftThresholdsTheWeightsOnly(NetworkSpec spec) {
        ParameterLayout layout = spec.layout();
        RegularizationTerms terms = new RegularizationTerms(new Regularization(2, 0.5, 0), spec);
        double step = 0.3;
        double threshold = step * 2 * 0.5;
        double[] z = TestNetworks.randomTheta(spec, 3);
        double[] x = z.clone();
        terms.proximalOperator().apply(x, step);
        int zeros = 0;
        for (int i = 0; i < z.length; i++) {
            String what = layout.describe(i);
            if (!terms.isWeight(i)) {
                assertEquals(z[i], x[i], 0.0, what + " is not penalised");
                assertEquals(0.0, terms.l1Weight(i), 0.0, what);
                assertTrue(what.startsWith("beta") || what.startsWith("h") || what.startsWith("mu")
                        || what.startsWith("e("), what);
                continue;
            }
            assertTrue(what.startsWith("K") || what.startsWith("W") || what.startsWith("E("), what);
            assertEquals(1.0, terms.l1Weight(i), 0.0, what);
            if (Math.abs(z[i]) <= threshold) {
                assertEquals(0.0, x[i], 0.0, what);
                zeros++;
            } else {
                // optimality of argmin_x λ|x| + (x − z)²/(2 step): (z − x)/step = λ sign(x)
                assertEquals(Math.signum(z[i]), Math.signum(x[i]), 0.0, what);
                assertEquals(threshold * Math.signum(x[i]), z[i] - x[i], 1e-15, what);
            }
        }
        assertTrue(zeros > 5, "the threshold " + threshold + " zeroes some weights: " + zeros);
        // the simplex projection acts on h only, so the order of the two does not matter
        Projection simplex = NetworkProjections.forSpec(spec);
        double[] proxFirst = z.clone();
        terms.proximal(proxFirst, step);
        simplex.project(proxFirst);
        double[] projectFirst = z.clone();
        simplex.project(projectFirst);
        terms.proximal(projectFirst, step);
        assertArrayEquals(proxFirst, projectFirst, 0.0);
    }
}
