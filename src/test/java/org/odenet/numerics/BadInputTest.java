package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Invalid shapes, values and parameters are refused with a message that names them. */
class BadInputTest {
    private static final NetworkSpec SPEC = NetworkSpec.binary(2, 3, ButcherTableau.IMPROVED_EULER, Architecture.ODENET);

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' lacks '" + p + "'");
        }
    }

    @Test
    void invalidNetworkParameters() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> NetworkSpec.binary(2, 0,
                ButcherTableau.EULER, Architecture.RESNET)), "layers", "0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> NetworkSpec.binary(2, -3,
                ButcherTableau.EULER, Architecture.RESNET)), "layers", "-3");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> NetworkSpec.binary(0, 3,
                ButcherTableau.EULER, Architecture.RESNET)), "features", "0");
        for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertMessage(assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(2, 3, t,
                    ButcherTableau.EULER, Architecture.RESNET, Head.LOGISTIC_SQUARED_ERROR, 2)), "finalTime", String.valueOf(t));
        }
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(2, 3, 1,
                ButcherTableau.EULER, Architecture.RESNET, Head.LOGISTIC_SQUARED_ERROR, 3)), "numClasses = 3",
                "softmax_cross_entropy");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(2, 3, 1,
                ButcherTableau.EULER, Architecture.RESNET, Head.SOFTMAX_CROSS_ENTROPY, 1)), "numClasses = 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Architecture.fromName("lstm")), "'lstm'", "odenet_simplex");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Head.fromName("hinge")), "'hinge'");
    }

    @Test
    void wrongDimensions() {
        NetworkEvaluator evaluator = new NetworkEvaluator(SPEC, 4);
        double[] theta = new double[SPEC.layout().size()];
        Block threeFeatures = TestNetworks.randomBlock(3, 4, 2, 1);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(theta, threeFeatures, null)),
                "3 features", "network 2");
        Block tooBig = TestNetworks.randomBlock(2, 5, 2, 1);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(theta, tooBig, null)),
                "5 samples", "capacity 4");
        Block ok = TestNetworks.randomBlock(2, 4, 2, 1);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(new double[3], ok, null)),
                "theta has length 3");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(theta, ok, new double[2])),
                "gradient has length 2");
        Block label3 = new Block(2, new double[4], new int[] {0, 3}, null);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(theta, label3, null)),
                "label 3", "2 classes");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new Block(2, new double[5], new int[2], null)),
                "needs 4 values, got 5");
    }

    @Test
    void nonFiniteInputsAndWeights() {
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new Block(2, new double[] {0, 1, Double.NaN, 2}, new int[2], null)), "feature 0 of sample 1", "NaN");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new Block(2, new double[] {0, Double.NEGATIVE_INFINITY, 1, 2}, new int[2], null)),
                "feature 1 of sample 0", "-Infinity");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new Block(2, new double[4], new int[2], new double[] {1, -0.5})), "weight of sample 1", "-0.5");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> new Block(2, new double[4], new int[] {0, -1}, null)), "label of sample 1", "-1");
    }

    @Test
    void nanDuringForwardPassNamesLayerAndStage() {
        NetworkEvaluator evaluator = new NetworkEvaluator(SPEC, 4);
        Block block = TestNetworks.randomBlock(2, 4, 2, 1);
        double[] theta = TestNetworks.randomTheta(SPEC, 1);
        double[] badBeta = theta.clone();
        badBeta[SPEC.layout().betaOffset(1)] = Double.NaN;
        NonFiniteStateException e1 = assertThrows(NonFiniteStateException.class,
                () -> evaluator.evaluate(badBeta, block, null));
        assertEquals(1, e1.layer());
        assertEquals(1, e1.stage());
        assertMessage(e1, "layer 1", "stage 1");
        double[] badStep = theta.clone();
        badStep[SPEC.layout().stepOffset(2)] = Double.NaN;
        NonFiniteStateException e2 = assertThrows(NonFiniteStateException.class,
                () -> evaluator.evaluate(badStep, block, new double[theta.length]));
        assertEquals(2, e2.layer());
        assertEquals(2, e2.stage());
        assertMessage(e2, "layer 2", "Y_2");
        double[] badW = theta.clone();
        badW[SPEC.layout().wOffset()] = Double.POSITIVE_INFINITY;
        NonFiniteStateException e3 = assertThrows(NonFiniteStateException.class,
                () -> evaluator.evaluate(badW, block, null));
        assertEquals(-1, e3.layer());
        assertMessage(e3, "head");
    }
}
