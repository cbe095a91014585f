package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The head layer alone: its logits by definition, its adjoint against central finite differences. */
class HeadLayerTest {
    private static final int N = 4;
    private static final int M = 6;
    private static final double EPS = 1e-6;

    private static double[] theta(NetworkSpec spec) {
        return TestNetworks.randomTheta(spec, 17);
    }

    @Test
    void logitsAreWTimesTheStatePlusMu() {
        for (Head head : Head.values()) {
            NetworkSpec spec = spec(head);
            double[] theta = theta(spec);
            double[] y = TestNetworks.randomBlock(N, M, spec.numClasses(), 3).values();
            int k = spec.outputs();
            double[] z = new double[k * M];
            new HeadLayer(spec).logits(theta, y, M, z);
            ParameterLayout layout = spec.layout();
            for (int c = 0; c < M; c++) {
                for (int o = 0; o < k; o++) {
                    double sum = theta[layout.muOffset() + o];
                    for (int r = 0; r < N; r++) {
                        sum += theta[layout.wOffset() + o + r * k] * y[c * N + r];
                    }
                    assertEquals(sum, z[c * k + o], 1e-14, head + ": logit " + o + " of sample " + c);
                }
            }
        }
    }

    @Test
    void adjointMatchesFiniteDifferences() {
        for (Head head : Head.values()) {
            for (Gemm gemm : new Gemm[] {LoopGemm.INSTANCE, BlasGemm.INSTANCE}) {
                NetworkSpec spec = spec(head);
                HeadLayer layer = new HeadLayer(spec, gemm);
                Block block = TestNetworks.randomBlock(N, M, spec.numClasses(), 5);
                double[] theta = theta(spec);
                double[] y = block.values().clone();
                double[] g = new double[spec.outputs() * M];
                double[] z = new double[spec.outputs() * M];
                layer.logits(theta, y, M, z);
                layer.loss(block, z, g);
                double[] grad = new double[theta.length];
                double[] p = new double[N * M];
                layer.backward(theta, y, g, M, grad, p);

                ParameterLayout layout = spec.layout();
                int k = spec.outputs();
                for (int i = layout.wOffset(); i < layout.wOffset() + k * N; i++) {
                    assertClose(difference(spec, layer, block, theta, y, theta, i), grad[i], head + " ∂W[" + i + "]");
                }
                for (int i = layout.muOffset(); i < layout.muOffset() + k; i++) {
                    assertClose(difference(spec, layer, block, theta, y, theta, i), grad[i], head + " ∂μ[" + i + "]");
                }
                for (int i = 0; i < N * M; i++) {
                    assertClose(difference(spec, layer, block, theta, y, y, i), p[i], head + " P[" + i + "]");
                }
                double[] others = grad.clone();
                Arrays.fill(others, layout.wOffset(), layout.wOffset() + k * N, 0);
                Arrays.fill(others, layout.muOffset(), layout.muOffset() + k, 0);
                assertArrayEquals(new double[theta.length], others, head + ": only W and μ get a gradient");
            }
        }
    }

    private static NetworkSpec spec(Head head) {
        int classes = head == Head.SOFTMAX_CROSS_ENTROPY ? 3 : 2;
        return new NetworkSpec(N, 2, 1.0, ButcherTableau.EULER, Architecture.ODENET, head, classes);
    }

    /** Central difference of Σ w ℓ with respect to {@code varied[i]} (θ or Y), which is restored. */
    private static double difference(NetworkSpec spec, HeadLayer layer, Block block, double[] theta, double[] y,
                                     double[] varied, int i) {
        double saved = varied[i];
        varied[i] = saved + EPS;
        double plus = loss(spec, layer, block, theta, y);
        varied[i] = saved - EPS;
        double minus = loss(spec, layer, block, theta, y);
        varied[i] = saved;
        return (plus - minus) / (2 * EPS);
    }

    private static double loss(NetworkSpec spec, HeadLayer layer, Block block, double[] theta, double[] y) {
        double[] z = new double[spec.outputs() * block.size()];
        layer.logits(theta, y, block.size(), z);
        return layer.loss(block, z, new double[z.length]).lossSum();
    }

    private static void assertClose(double expected, double actual, String what) {
        double error = Math.abs(expected - actual) / Math.max(1, Math.abs(expected));
        assertTrue(error < 1e-7, () -> what + ": adjoint " + actual + ", finite difference " + expected);
    }
}
