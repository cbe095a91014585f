package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pruned inference, memory-lean gradients and augmentation channels leave the results exactly as they were. */
class EvaluatorOptionsTest {

    @Test
    void zeroStepLayersAreSkippedAtInferenceWithIdenticalOutputs() {
        NetworkSpec spec = new NetworkSpec(3, 8, 1.0, ButcherTableau.KUTTA4, Architecture.ODENET_SIMPLEX,
                Head.SOFTMAX_CROSS_ENTROPY, 3);
        double[] theta = TestNetworks.randomTheta(spec, 2);
        for (int j : new int[] {0, 2, 3, 6}) {
            theta[spec.layout().stepOffset(j)] = 0;
        }
        Block block = TestNetworks.randomBlock(3, 9, 3, 4);
        double[] pruned = new double[3 * 9];
        double[] full = new double[3 * 9];
        new NetworkEvaluator(spec, 9).logits(theta, block.values(), 9, pruned);
        new NetworkEvaluator(spec, 9, new NetworkEvaluator.Options(false, 1)).logits(theta, block.values(), 9, full);
        assertArrayEquals(full, pruned, 0.0, "pruned inference is exact");
        BlockLoss a = new NetworkEvaluator(spec, 9).evaluate(theta, block, null);
        BlockLoss b = new NetworkEvaluator(spec, 9, new NetworkEvaluator.Options(false, 1)).evaluate(theta, block, null);
        assertEquals(b, a);
    }

    @Test
    void recomputingStatesGivesTheSameGradientBitForBit() {
        for (NetworkSpec spec : List.of(
                new NetworkSpec(3, 7, 1.0, ButcherTableau.KUTTA3, Architecture.ODENET, Head.LOGISTIC_SQUARED_ERROR, 2),
                new NetworkSpec(3, 7, 1.0, ButcherTableau.EULER, Architecture.NET, Head.SOFTMAX_CROSS_ENTROPY, 3),
                new NetworkSpec(20, 9, 1.0, ButcherTableau.KUTTA4, Architecture.RESNET, Head.LOGISTIC_CROSS_ENTROPY, 2))) {
            double[] theta = TestNetworks.randomTheta(spec, 5);
            Block block = TestNetworks.randomBlock(spec.stateWidth(), 11, spec.numClasses(), 6);
            double[] reference = new double[spec.layout().size()];
            NetworkEvaluator keepAll = new NetworkEvaluator(spec, 11);
            BlockLoss loss = keepAll.evaluate(theta, block, reference);
            for (int stride : new int[] {2, 3, 7, 100}) {
                NetworkEvaluator lean = new NetworkEvaluator(spec, 11, new NetworkEvaluator.Options(true, stride));
                double[] g = new double[spec.layout().size()];
                assertEquals(loss, lean.evaluate(theta, block, g));
                assertArrayEquals(reference, g, 0.0, spec + " stride " + stride);
                // twice, to check that the buffers are left in a usable state
                double[] again = new double[spec.layout().size()];
                lean.evaluate(theta, block, again);
                assertArrayEquals(reference, again, 0.0);
                if (stride <= spec.layers() / 2) {
                    assertTrue(lean.workspaceBytes() < keepAll.workspaceBytes(), "stride " + stride + " saves memory");
                }
            }
        }
    }

    @Test
    void augmentedNetworksHaveExactGradients() {
        for (Architecture a : List.of(Architecture.NET, Architecture.ODENET)) {
            NetworkSpec spec = new NetworkSpec(2, 4, 3, 1.0, ButcherTableau.IMPROVED_EULER, a,
                    Head.LOGISTIC_SQUARED_ERROR, 2);
            assertEquals(4, spec.stateWidth());
            assertEquals(2, spec.inputWidth());
            Block block = TestNetworks.randomBlock(2, 7, 2, 3);
            double[] theta = TestNetworks.randomTheta(spec, 1);
            double worst = GradientCheckTest.checkGradient(spec, new NetworkEvaluator(spec, 7), theta, block);
            assertTrue(worst < GradientCheckTest.TOLERANCE, spec + ": " + worst);
            NetworkTrace trace = new NetworkEvaluator(spec, 7).trace(theta, block);
            for (int c = 0; c < 7; c++) {
                assertEquals(0.0, trace.states()[0][c * 4 + 2]);
                assertEquals(block.values()[c * 2 + 1], trace.states()[0][c * 4 + 1]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(2, -1, 3, 1.0, ButcherTableau.EULER,
                Architecture.RESNET, Head.LOGISTIC_SQUARED_ERROR, 2));
    }

    @Test
    void inputGradientIsTheAdjointAtTheInputs() {
        NetworkSpec spec = new NetworkSpec(3, 4, 4, 1.0, ButcherTableau.KUTTA4, Architecture.ODENET,
                Head.SOFTMAX_CROSS_ENTROPY, 3);
        double[] theta = TestNetworks.randomTheta(spec, 3);
        Block block = TestNetworks.randomBlock(3, 1, 3, 8);
        NetworkEvaluator evaluator = new NetworkEvaluator(spec, 1);
        double[] z = new double[3];
        evaluator.logits(theta, block.values(), 1, z);
        double[] dz = new double[3];
        spec.head().lossAndGradient(z, 0, 3, block.label(0), dz, 0);
        double[] dx = new double[3];
        evaluator.inputGradient(theta, block.values(), 1, dz, dx);
        for (int i = 0; i < 3; i++) {
            double[] x = block.values().clone();
            x[i] += 1e-5;
            double plus = lossOf(evaluator, theta, x, block.label(0));
            x[i] -= 2e-5;
            double minus = lossOf(evaluator, theta, x, block.label(0));
            assertEquals((plus - minus) / 2e-5, dx[i], 1e-8);
        }
    }

    private static double lossOf(NetworkEvaluator e, double[] theta, double[] x, int label) {
        return e.evaluate(theta, new Block(x.length, x, new int[] {label}, null), null).lossSum();
    }

    @Test
    void stateNormsAreSummedPerLayer() {
        NetworkSpec spec = NetworkSpec.binary(2, 3, ButcherTableau.EULER, Architecture.RESNET);
        double[] theta = TestNetworks.randomTheta(spec, 1);
        Block block = TestNetworks.randomBlock(2, 5, 2, 2);
        double[] norms = new double[4];
        NetworkEvaluator e = new NetworkEvaluator(spec, 5);
        e.evaluate(theta, block, null, norms);
        NetworkTrace t = e.trace(theta, block);
        for (int j = 0; j <= 3; j++) {
            double s = 0;
            for (double v : t.states()[j]) {
                s += v * v;
            }
            assertEquals(s, norms[j], 1e-12 * s);
        }
    }
}
