package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kernels against the paper's equations written out literally, one sample at a time. */
class PaperEquationsTest {
    private static final int N_FEATURES = 2;
    private static final int LAYERS = 5;
    private static final int M = 9;

    private static Block unweightedBlock() {
        Block w = TestNetworks.randomBlock(N_FEATURES, M, 2, 17);
        int[] labels = new int[M];
        for (int c = 0; c < M; c++) {
            labels[c] = w.label(c);
        }
        return new Block(N_FEATURES, w.values().clone(), labels, null);
    }

    /** ResNet/Euler: forward (28), adjoint (29)–(30), gradients (31)–(32) and the head (41). */
    @Test
    void resnetEulerEqualsEquations28To32() {
        NetworkSpec spec = NetworkSpec.binary(N_FEATURES, LAYERS, ButcherTableau.EULER, Architecture.RESNET);
        double[] theta = TestNetworks.randomTheta(spec, 8);
        Block block = unweightedBlock();
        ParameterLayout layout = spec.layout();
        double dt = spec.uniformStep();
        int n = N_FEATURES;
        double[] expected = new double[layout.size()];
        double expectedLoss = 0;
        for (int c = 0; c < M; c++) {
            double[][] y = new double[LAYERS + 1][n];
            for (int a = 0; a < n; a++) {
                y[0][a] = block.values()[c * n + a];
            }
            for (int j = 0; j < LAYERS; j++) {
                double[] z = affine(theta, layout.kOffset(j), layout.betaOffset(j), y[j]);
                for (int a = 0; a < n; a++) {
                    y[j + 1][a] = y[j][a] + dt * Math.tanh(z[a]); // (28)
                }
            }
            double zOut = theta[layout.muOffset()];
            for (int a = 0; a < n; a++) {
                zOut += theta[layout.wOffset() + a] * y[LAYERS][a];
            }
            double yHat = 1 / (1 + Math.exp(-zOut));
            double label = block.label(c);
            expectedLoss += 0.5 * (yHat - label) * (yHat - label);
            double gamma = (yHat - label) * yHat * (1 - yHat); // (41a)
            double[] p = new double[n];
            for (int a = 0; a < n; a++) {
                expected[layout.wOffset() + a] += gamma * y[LAYERS][a]; // (41b)
                p[a] = theta[layout.wOffset() + a] * gamma;
            }
            expected[layout.muOffset()] += gamma; // (41c)
            for (int j = LAYERS - 1; j >= 0; j--) {
                double[] z = affine(theta, layout.kOffset(j), layout.betaOffset(j), y[j]);
                double[] g = new double[n];
                for (int a = 0; a < n; a++) {
                    double s = Math.tanh(z[a]);
                    g[a] = (1 - s * s) * p[a]; // (29)
                }
                double[] pj = p.clone();
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        pj[b] += dt * theta[layout.kOffset(j) + a + b * n] * g[a]; // (30): p^j = p^{j+1} + Δt Kᵀγ
                        expected[layout.kOffset(j) + a + b * n] += dt * g[a] * y[j][b]; // (31)
                    }
                    expected[layout.betaOffset(j) + a] += dt * g[a]; // (32)
                }
                p = pj;
            }
        }
        double[] gradient = new double[layout.size()];
        double loss = new NetworkEvaluator(spec, M).evaluate(theta, block, gradient).lossSum();
        assertEquals(expectedLoss, loss, 1e-14 * expectedLoss);
        for (int i = 0; i < gradient.length; i++) {
            assertEquals(expected[i], gradient[i], 1e-13 * (1e-3 + Math.abs(expected[i])), layout.describe(i));
        }
    }

    /** Net: y^{[j+1]} = σ(K y^{[j]} + β) (eq. 4), state by state. */
    @Test
    void netEqualsEquation4() {
        NetworkSpec spec = NetworkSpec.binary(N_FEATURES, LAYERS, ButcherTableau.KUTTA4, Architecture.NET);
        double[] theta = TestNetworks.randomTheta(spec, 2);
        Block block = unweightedBlock();
        NetworkTrace trace = new NetworkEvaluator(spec, M).trace(theta, block);
        for (int c = 0; c < M; c++) {
            double[] y = new double[N_FEATURES];
            for (int a = 0; a < N_FEATURES; a++) {
                y[a] = block.values()[c * N_FEATURES + a];
            }
            for (int j = 0; j < LAYERS; j++) {
                double[] z = affine(theta, spec.layout().kOffset(j), spec.layout().betaOffset(j), y);
                for (int a = 0; a < N_FEATURES; a++) {
                    y[a] = Math.tanh(z[a]);
                    assertEquals(y[a], trace.states()[j + 1][c * N_FEATURES + a], 1e-15, "layer " + j);
                }
            }
        }
    }

    /** A zero step makes the layer the identity, and ∂J/∂h of that layer is finite and correct. */
    @Test
    void zeroStepIsIdentityWithFiniteStepGradient() {
        for (ButcherTableau tab : TestNetworks.tableaux()) {
            NetworkSpec spec = new NetworkSpec(3, 4, 1.0, tab, Architecture.ODENET_SIMPLEX, Head.LOGISTIC_SQUARED_ERROR, 2);
            double[] theta = TestNetworks.randomTheta(spec, 6);
            theta[spec.layout().stepOffset(2)] = 0;
            Block block = TestNetworks.randomBlock(3, 5, 2, 4);
            NetworkEvaluator evaluator = new NetworkEvaluator(spec, 5);
            NetworkTrace trace = evaluator.trace(theta, block);
            assertArrayEquals(trace.states()[2], trace.states()[3], 0.0, tab.name() + ": layer 2 with h = 0");
            double dh = trace.gradient()[spec.layout().stepOffset(2)];
            assertTrue(Double.isFinite(dh) && dh != 0, tab.name() + ": dJ/dh at h = 0 is " + dh);
            double fd = GradientCheckTest.finiteDifference(evaluator, theta, block, spec.layout().stepOffset(2), 1e-3);
            assertEquals(fd, dh, 1e-7 * Math.abs(fd), tab.name() + ": dJ/dh at h = 0 against finite differences");
        }
    }

    /** P^{[0]} is the gradient of the loss sum with respect to the inputs. */
    @Test
    void inputSensitivityIsTheGradientWithRespectToTheInputs() {
        NetworkSpec spec = new NetworkSpec(3, 4, 1.0, ButcherTableau.KUTTA3, Architecture.ODENET,
                Head.SOFTMAX_CROSS_ENTROPY, 3);
        double[] theta = TestNetworks.randomTheta(spec, 1);
        Block block = TestNetworks.randomBlock(3, 5, 3, 2);
        NetworkEvaluator evaluator = new NetworkEvaluator(spec, 5);
        double[] sensitivity = evaluator.trace(theta, block).inputSensitivity();
        for (int i = 0; i < block.values().length; i++) {
            double[] x = block.values().clone();
            double eps = 1e-5;
            x[i] += eps;
            double plus = TestNetworks.lossSum(evaluator, theta, withValues(block, x));
            x[i] -= 2 * eps;
            double minus = TestNetworks.lossSum(evaluator, theta, withValues(block, x));
            assertEquals((plus - minus) / (2 * eps), sensitivity[i], 1e-8, "input " + i);
        }
    }

    private static Block withValues(Block b, double[] x) {
        int[] labels = new int[b.size()];
        double[] weights = new double[b.size()];
        for (int c = 0; c < b.size(); c++) {
            labels[c] = b.label(c);
            weights[c] = b.weight(c);
        }
        return new Block(b.features(), x, labels, weights);
    }

    private static double[] affine(double[] theta, int kOff, int bOff, double[] y) {
        int n = y.length;
        double[] z = new double[n];
        for (int a = 0; a < n; a++) {
            z[a] = theta[bOff + a];
            for (int b = 0; b < n; b++) {
                z[a] += theta[kOff + a + b * n] * y[b];
            }
        }
        return z;
    }
}
