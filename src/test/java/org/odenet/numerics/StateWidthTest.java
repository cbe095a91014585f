package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odenet.report.FeatureFlow;

/**
 * The state width: as wide as the input (the paper's network) and wider (zero channels) compute bit for bit what
 * they computed before the state width existed; narrower learns the input embedding Y[0] = E x + e, whose
 * gradient and input sensitivity pass finite differences.
 */
class StateWidthTest {

    /** FNV-1a over the bits of every value: any change of any bit changes it. */
    static long bits(double[] a) {
        long h = 1469598103934665603L;
        for (double v : a) {
            h = (h ^ Double.doubleToLongBits(v)) * 1099511628211L;
        }
        return h;
    }

    /**
     * Computed by the build before stateWidth (commit 620c9b1, where the state had {@code features + augmentation}
     * channels): inputs, state width, layers, then the bits of the loss sum and the hashes of the gradient, the logits,
     * the input gradient, FeatureFlow's states, the inference kernel's logits, and θ initialised SCALED and PAPER
     * with seed 7. The last two networks are wider than 16 channels, so their evaluator uses BLAS, whose bits depend
     * on the machine's BLAS: only their initialisation and the (pure Java) inference kernel are pinned.
     */
    private static final long[][] BEFORE = {
        {2, 4, 0x3ffef6ac971ef513L, 0xd66b0b7b9e9d214aL, 0x9c7279f6dd85b481L, 0xa78a951c28f475b2L, 0xfc08dcb2a4ae1d61L,
            0x9c7279f6dd85b481L, 0x7c40d806f412d810L, 0xb7b1f9700a543910L},
        {3, 4, 0x402c3b557a90194eL, 0x6fca4b948e5ef603L, 0xf692e5727c95d4e7L, 0x98bcdf92a6d17003L, 0x39c2df7e56647d0eL,
            0xf692e5727c95d4e7L, 0x82b074c696a1ebbbL, 0xc85d403408b7ed5aL},
        {2, 5, 0x401f689d2f076655L, 0x843baf763ba3f114L, 0x54fede90de48e75dL, 0xcee61a8084184122L, 0x1ca99774f5998d12L,
            0x54fede90de48e75dL, 0x30ba7b5b4fd19593L, 0xcbdcbd6753124a84L},
        {3, 0, 0x3ff6f31c4bd0234bL, 0x211e6093d81e5dbbL, 0x3a2fd347d71f2352L, 0xe25e55764efad0d0L, 0x6f9dd097f2c23ff7L,
            0x3a2fd347d71f2352L, 0x89d1d944bfb1af1aL, 0x42dea22a690f291dL},
        {20, 23, 0, 0, 0, 0, 0, 0x3212ff426a7ee01dL, 0x3225c15aeb455957L, 0x444c94f88e5c5af1L},
        {20, 0, 0, 0, 0, 0, 0, 0xcf0343300c7a73d4L, 0x795a67b8f0b849f4L, 0x16e858a8de0e5581L},
    };

    private static NetworkSpec pinnedSpec(int row) {
        int f = (int) BEFORE[row][0];
        int width = (int) BEFORE[row][1];
        return switch (row) {
            case 0 -> new NetworkSpec(f, width, 4, 1.0, ButcherTableau.KUTTA4, Architecture.ODENET,
                    Head.LOGISTIC_SQUARED_ERROR, 2);
            case 1 -> new NetworkSpec(f, width, 3, 1.0, ButcherTableau.EULER, Architecture.NET,
                    Head.SOFTMAX_CROSS_ENTROPY, 3);
            case 2 -> new NetworkSpec(f, width, 5, 1.0, ButcherTableau.KUTTA3, Architecture.ODENET_SIMPLEX,
                    Head.LOGISTIC_CROSS_ENTROPY, 2);
            case 3 -> new NetworkSpec(f, width, 3, 1.0, ButcherTableau.IMPROVED_EULER, Architecture.RESNET,
                    Head.LOGISTIC_SQUARED_ERROR, 2);
            case 4 -> new NetworkSpec(f, width, 3, 1.0, ButcherTableau.KUTTA4, Architecture.RESNET,
                    Head.SOFTMAX_CROSS_ENTROPY, 4);
            default -> new NetworkSpec(f, width, 2, 1.0, ButcherTableau.EULER, Architecture.ODENET,
                    Head.SOFTMAX_CROSS_ENTROPY, 3);
        };
    }

    @Test
    void fullAndWiderStatesComputeBitForBitWhatTheyComputedBefore() {
        for (int row = 0; row < BEFORE.length; row++) {
            NetworkSpec spec = pinnedSpec(row);
            long[] want = BEFORE[row];
            assertFalse(spec.embedsInput());
            int f = spec.inputWidth();
            int m = 9;
            Block block = TestNetworks.randomBlock(f, m, spec.numClasses(), 11);
            double[] theta = TestNetworks.randomTheta(spec, 5);
            String what = spec.toString();
            if (want[2] != 0) {
                NetworkEvaluator ev = new NetworkEvaluator(spec, m);
                double[] g = new double[spec.layout().size()];
                double loss = ev.evaluate(theta, block, g).lossSum();
                double[] z = new double[spec.outputs() * m];
                ev.logits(theta, block.values(), m, z);
                double[] ig = new double[f * m];
                ev.inputGradient(theta, block.values(), m, z, ig);
                long states = 0;
                for (double[] s : FeatureFlow.states(spec, theta, block.values())) {
                    states = states * 31 + bits(s);
                }
                assertEquals(want[2], Double.doubleToLongBits(loss), what + ": loss");
                assertEquals(want[3], bits(g), what + ": gradient");
                assertEquals(want[4], bits(z), what + ": logits");
                assertEquals(want[5], bits(ig), what + ": input gradient");
                assertEquals(want[6], states, what + ": feature flow");
            }
            double[] zc = new double[spec.outputs() * m];
            new NetworkEvaluator(spec, m, ChainGemm.forInference(spec.stateWidth())).logits(theta, block.values(), m, zc);
            assertEquals(want[7], bits(zc), what + ": inference logits");
            assertEquals(want[8], bits(Initialization.SCALED.initialize(spec, 7)), what + ": scaled initialisation");
            assertEquals(want[9], bits(Initialization.PAPER.initialize(spec, 7)), what + ": paper initialisation");
        }
    }

    @Test
    void theStateWidthOfTheInputIsTheDefaultNetwork() {
        NetworkSpec byDefault = new NetworkSpec(5, 3, 1.0, ButcherTableau.KUTTA3, Architecture.ODENET,
                Head.SOFTMAX_CROSS_ENTROPY, 3);
        NetworkSpec explicit = byDefault.withStateWidth(5);
        assertEquals(byDefault, explicit);
        assertEquals(byDefault.hashCode(), explicit.hashCode());
        assertEquals(0, explicit.shape().stateWidth(), "normalised to 0, the input width");
        NetworkSpec wider = byDefault.withStateWidth(7);
        assertEquals(2, wider.augmentation());
        assertTrue(wider.toString().contains("5 inputs + 2 zero channels"), wider.toString());
        NetworkSpec narrower = byDefault.withStateWidth(2);
        assertTrue(narrower.embedsInput());
        assertEquals(0, narrower.augmentation());
        assertTrue(narrower.toString().contains("n=2 (embedded from 5 inputs)"), narrower.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> byDefault.withStateWidth(-3));
        assertEquals("stateWidth must be >= 0 (0 for the input width), got -3", e.getMessage());
    }

    @Test
    void theEmbeddingComesAfterEveryOtherBlockOfTheLayout() {
        for (Architecture a : Architecture.values()) {
            NetworkSpec full = new NetworkSpec(3, 4, 1.0, ButcherTableau.KUTTA4, a, Head.SOFTMAX_CROSS_ENTROPY, 3);
            NetworkSpec embedded = new NetworkSpec(7, 3, 4, 1.0, ButcherTableau.KUTTA4, a, Head.SOFTMAX_CROSS_ENTROPY, 3);
            ParameterLayout f = full.layout();
            ParameterLayout e = embedded.layout();
            for (int j = 0; j < 4; j++) {
                assertEquals(f.kOffset(j), e.kOffset(j));
                assertEquals(f.betaOffset(j), e.betaOffset(j));
                if (f.hasSteps()) {
                    assertEquals(f.stepOffset(j), e.stepOffset(j));
                }
            }
            assertEquals(f.wOffset(), e.wOffset());
            assertEquals(f.muOffset(), e.muOffset());
            assertFalse(f.hasEmbedding());
            assertThrows(IllegalStateException.class, f::embeddingOffset);
            assertEquals(f.size(), e.embeddingOffset());
            assertEquals(e.embeddingOffset() + 3 * 7, e.embeddingBiasOffset());
            assertEquals(e.embeddingBiasOffset() + 3, e.size());
            assertEquals("mu(2)", e.describe(e.embeddingOffset() - 1));
            assertEquals("E(0,0)", e.describe(e.embeddingOffset()));
            assertEquals("E(1,2)", e.describe(e.embeddingOffset() + 1 + 2 * 3));
            assertEquals("e(0)", e.describe(e.embeddingBiasOffset()));
            assertEquals("e(2)", e.describe(e.size() - 1));
        }
    }

    @Test
    void initialisationDrawsTheEmbeddingAfterEveryOtherControl() {
        for (Initialization init : Initialization.values()) {
            NetworkSpec full = new NetworkSpec(16, 3, 1.0, ButcherTableau.EULER, Architecture.ODENET,
                    Head.SOFTMAX_CROSS_ENTROPY, 3);
            NetworkSpec embedded = new NetworkSpec(400, 16, 3, 1.0, ButcherTableau.EULER, Architecture.ODENET,
                    Head.SOFTMAX_CROSS_ENTROPY, 3);
            double[] a = init.initialize(full, 11);
            double[] b = init.initialize(embedded, 11);
            assertArrayEquals(a, Arrays.copyOf(b, a.length), 0.0, init + ": K, beta, h, W, mu as without an embedding");
            ParameterLayout layout = embedded.layout();
            double sum = 0;
            double squares = 0;
            int count = 16 * 400;
            for (int i = layout.embeddingOffset(); i < layout.embeddingBiasOffset(); i++) {
                sum += b[i];
                squares += b[i] * b[i];
            }
            double mean = sum / count;
            double variance = squares / count - mean * mean;
            assertEquals(0, mean, 4 * Math.sqrt(1.0 / 400 / count), init + ": E has mean 0");
            assertEquals(1.0 / 400, variance, 0.1 / 400, init + ": E has variance 1/d");
            for (int i = layout.embeddingBiasOffset(); i < layout.size(); i++) {
                assertEquals(0.0, b[i], init + ": e = 0");
            }
        }
    }

    static Stream<NetworkSpec> embeddedSpecs() {
        return Stream.of(
                new NetworkSpec(5, 3, 3, 1.0, ButcherTableau.EULER, Architecture.NET, Head.LOGISTIC_SQUARED_ERROR, 2),
                new NetworkSpec(5, 3, 3, 1.0, ButcherTableau.KUTTA4, Architecture.RESNET, Head.SOFTMAX_CROSS_ENTROPY, 3),
                new NetworkSpec(5, 2, 3, 1.0, ButcherTableau.IMPROVED_EULER, Architecture.ODENET,
                        Head.LOGISTIC_CROSS_ENTROPY, 2),
                new NetworkSpec(6, 4, 3, 1.0, ButcherTableau.KUTTA3, Architecture.ODENET_SIMPLEX,
                        Head.SOFTMAX_CROSS_ENTROPY, 3),
                new NetworkSpec(5, 1, 2, 1.0, TestNetworks.ZERO_WEIGHT, Architecture.ODENET, Head.SOFTMAX_CROSS_ENTROPY, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("embeddedSpecs")
    void theEmbeddingsGradientMatchesFiniteDifferences(NetworkSpec spec) {
        assertTrue(spec.embedsInput());
        Block block = TestNetworks.randomBlock(spec.inputWidth(), 7, spec.numClasses(), 11);
        double[] theta = TestNetworks.randomTheta(spec, 5);
        double worst = GradientCheckTest.checkGradient(spec, new NetworkEvaluator(spec, 7), theta, block);
        assertTrue(worst <= GradientCheckTest.TOLERANCE, () -> spec + ": worst relative error " + worst);
        // the memory-lean backward sweep gives the same bits
        double[] g1 = new double[spec.layout().size()];
        double[] g2 = new double[spec.layout().size()];
        new NetworkEvaluator(spec, 7).evaluate(theta, block, g1);
        new NetworkEvaluator(spec, 7, new NetworkEvaluator.Options(true, 2)).evaluate(theta, block, g2);
        assertArrayEquals(g1, g2, 0.0);
    }

    @Test
    void theEmbeddingsGradientThroughBlasMatchesFiniteDifferences() {
        NetworkSpec spec = new NetworkSpec(20, 17, 2, 1.0, ButcherTableau.IMPROVED_EULER, Architecture.ODENET,
                Head.SOFTMAX_CROSS_ENTROPY, 3);
        Block block = TestNetworks.randomBlock(20, 6, 3, 4);
        double[] theta = TestNetworks.randomTheta(spec, 6);
        scaleWeights(spec, theta);
        double worst = GradientCheckTest.checkGradient(spec, new NetworkEvaluator(spec, 6, BlasGemm.INSTANCE), theta,
                block);
        assertTrue(worst <= GradientCheckTest.TOLERANCE, () -> spec + ": worst relative error " + worst);
    }

    /** K and E scaled to keep tanh out of saturation at width 17 with 20 inputs. */
    private static void scaleWeights(NetworkSpec spec, double[] theta) {
        int n = spec.stateWidth();
        for (int i = 0; i < spec.layout().betaOffset(0); i++) {
            theta[i] /= Math.sqrt(n);
        }
        for (int i = spec.layout().embeddingOffset(); i < spec.layout().embeddingBiasOffset(); i++) {
            theta[i] /= Math.sqrt(spec.inputWidth());
        }
    }

    @Test
    void theInputSensitivityGoesThroughTheEmbedding() {
        for (NetworkSpec spec : embeddedSpecs().toList()) {
            int d = spec.inputWidth();
            int m = 5;
            Block block = TestNetworks.randomBlock(d, m, spec.numClasses(), 3);
            double[] theta = TestNetworks.randomTheta(spec, 8);
            NetworkEvaluator evaluator = new NetworkEvaluator(spec, m);
            NetworkTrace trace = evaluator.trace(theta, block);
            double[] sensitivity = trace.inputSensitivity();
            assertEquals(d * m, sensitivity.length);
            double sMax = Arrays.stream(sensitivity).map(Math::abs).max().orElse(0);
            assertTrue(sMax > 1e-3, spec + ": sensitivity suspiciously small");
            for (int i = 0; i < d * m; i++) {
                double fd = (4 * centralInX(evaluator, theta, block, i, 5e-4) - centralInX(evaluator, theta, block, i, 1e-3))
                        / 3;
                double err = Math.abs(sensitivity[i] - fd) / Math.max(Math.max(Math.abs(fd), Math.abs(sensitivity[i])),
                        1e-3 * sMax);
                assertTrue(err <= GradientCheckTest.TOLERANCE, spec + " at " + i + ": " + sensitivity[i] + " vs " + fd);
            }
            // the scoring path: inputGradient with the weighted logit gradient gives the same
            int k = spec.outputs();
            double[] z = trace.logits();
            double[] dz = new double[k * m];
            for (int c = 0; c < m; c++) {
                spec.head().lossAndGradient(z, c * k, k, block.label(c), dz, c * k);
                for (int r = 0; r < k; r++) {
                    dz[c * k + r] *= block.weight(c);
                }
            }
            double[] out = new double[d * m];
            evaluator.inputGradient(theta, block.values(), m, dz, out);
            assertArrayEquals(sensitivity, out, 1e-14 * sMax, spec.toString());
        }
    }

    private static double centralInX(NetworkEvaluator evaluator, double[] theta, Block block, int i, double eps) {
        double[] x = block.values().clone();
        int[] labels = new int[block.size()];
        double[] weights = new double[block.size()];
        for (int c = 0; c < block.size(); c++) {
            labels[c] = block.label(c);
            weights[c] = block.weight(c);
        }
        x[i] += eps;
        double plus = TestNetworks.lossSum(evaluator, theta, new Block(block.features(), x, labels, weights));
        x[i] -= 2 * eps;
        double minus = TestNetworks.lossSum(evaluator, theta, new Block(block.features(), x, labels, weights));
        return (plus - minus) / (2 * eps);
    }

    @Test
    void featureFlowStartsFromTheEmbeddedInput() {
        NetworkSpec spec = new NetworkSpec(5, 3, 2, 1.0, ButcherTableau.EULER, Architecture.RESNET,
                Head.LOGISTIC_SQUARED_ERROR, 2);
        Block block = TestNetworks.randomBlock(5, 4, 2, 1);
        double[] theta = TestNetworks.randomTheta(spec, 2);
        double[][] states = FeatureFlow.states(spec, theta, block.values());
        assertEquals(3 * 4, states[0].length);
        ParameterLayout layout = spec.layout();
        for (int c = 0; c < 4; c++) {
            for (int r = 0; r < 3; r++) {
                double y = theta[layout.embeddingBiasOffset() + r];
                for (int p = 0; p < 5; p++) {
                    y += theta[layout.embeddingOffset() + r + p * 3] * block.values()[c * 5 + p];
                }
                assertEquals(y, states[0][c * 3 + r], 1e-14, "Y[0] = E x + e");
            }
        }
        NetworkTrace trace = new NetworkEvaluator(spec, 4).trace(theta, block);
        for (int j = 0; j <= 2; j++) {
            assertArrayEquals(trace.states()[j], states[j], 0.0, "state " + j);
        }
        assertEquals(List.of(3 * 4), List.of(FeatureFlow.finalState(spec, theta, block.values()).length));
    }
}
