package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The discrete invariant (paper eq. 11, §3): a tangent V propagated through the same Runge–Kutta method
 * with the controls fixed (the variational equation) and the adjoint P of the evaluator satisfy
 * ⟨P<sup>[j]</sup>, V<sup>[j]</sup>⟩ = const for every layer j. The tangent is computed here, independently
 * of the code under test.
 */
class DiscreteInvariantTest {
    private static final Logger LOG = LogManager.getLogger(DiscreteInvariantTest.class);
    private static final DoubleAccumulator WORST = new DoubleAccumulator(Math::max, 0);

    static Stream<NetworkSpec> specs() {
        Stream<NetworkSpec> rk = TestNetworks.tableaux().stream().flatMap(t -> Stream.of(
                new NetworkSpec(4, 12, 1.0, t, Architecture.RESNET, Head.LOGISTIC_SQUARED_ERROR, 2),
                new NetworkSpec(4, 12, 1.0, t, Architecture.ODENET, Head.SOFTMAX_CROSS_ENTROPY, 3),
                new NetworkSpec(4, 12, 1.0, t, Architecture.ODENET_SIMPLEX, Head.LOGISTIC_CROSS_ENTROPY, 2)));
        return Stream.concat(rk, Stream.of(
                new NetworkSpec(4, 12, 1.0, ButcherTableau.EULER, Architecture.NET, Head.LOGISTIC_SQUARED_ERROR, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void innerProductOfAdjointAndTangentIsConstant(NetworkSpec spec) {
        int m = 6;
        Block block = TestNetworks.randomBlock(4, m, spec.numClasses(), 3);
        double[] theta = TestNetworks.randomTheta(spec, 4);
        NetworkTrace trace = new NetworkEvaluator(spec, m).trace(theta, block);
        double[][] tangent = propagateTangent(spec, theta, trace.states(), m, 21);
        double first = dot(trace.adjoints()[0], tangent[0]);
        assertTrue(Math.abs(first) > 1e-3, "the invariant is trivially zero: " + first);
        double drift = 0;
        for (int j = 1; j <= spec.layers(); j++) {
            double v = dot(trace.adjoints()[j], tangent[j]);
            drift = Math.max(drift, Math.abs(v - first) / Math.abs(first));
        }
        WORST.accumulate(drift);
        assertTrue(drift <= 1e-12, spec + ": relative drift " + drift);
    }

    @AfterAll
    static void report() {
        LOG.info(String.format(Locale.ROOT, "worst relative drift of <P[j], V[j]>: %.3e", WORST.get()));
    }

    /**
     * V<sup>[j+1]</sup> from V<sup>[j]</sup> by the variational equation of the same RK step:
     * V<sub>i</sub> = V + h Σ a<sub>il</sub> dF<sub>l</sub>, dF<sub>i</sub> = σ'(Z<sub>i</sub>) ⊙ (K V<sub>i</sub>),
     * V⁺ = V + h Σ b<sub>i</sub> dF<sub>i</sub> (for NET: V⁺ = σ'(Z) ⊙ (K V)). Recomputes the stages from the states.
     */
    static double[][] propagateTangent(NetworkSpec spec, double[] theta, double[][] states, int m, long seed) {
        int n = spec.stateWidth();
        ParameterLayout layout = spec.layout();
        Random r = new Random(seed);
        double[][] v = new double[spec.layers() + 1][n * m];
        for (int i = 0; i < n * m; i++) {
            v[0][i] = r.nextGaussian();
        }
        ButcherTableau tab = spec.tableau();
        for (int j = 0; j < spec.layers(); j++) {
            int kOff = layout.kOffset(j);
            int bOff = layout.betaOffset(j);
            for (int c = 0; c < m; c++) {
                double[] y = new double[n];
                double[] vy = new double[n];
                for (int a = 0; a < n; a++) {
                    y[a] = states[j][c * n + a];
                    vy[a] = v[j][c * n + a];
                }
                if (!spec.architecture().isRungeKutta()) {
                    double[][] fz = field(theta, kOff, bOff, n, y, vy);
                    v[j + 1][c * n] = 0;
                    for (int a = 0; a < n; a++) {
                        v[j + 1][c * n + a] = fz[1][a];
                    }
                    continue;
                }
                double h = spec.step(theta, j);
                int s = tab.stages();
                double[][] f = new double[s][];
                double[][] df = new double[s][];
                for (int i = 0; i < s; i++) {
                    double[] yi = y.clone();
                    double[] vi = vy.clone();
                    for (int l = 0; l < i; l++) {
                        for (int a = 0; a < n; a++) {
                            yi[a] += h * tab.a(i, l) * f[l][a];
                            vi[a] += h * tab.a(i, l) * df[l][a];
                        }
                    }
                    double[][] fz = field(theta, kOff, bOff, n, yi, vi);
                    f[i] = fz[0];
                    df[i] = fz[1];
                }
                for (int a = 0; a < n; a++) {
                    double sum = vy[a];
                    for (int i = 0; i < s; i++) {
                        sum += h * tab.b(i) * df[i][a];
                    }
                    v[j + 1][c * n + a] = sum;
                }
            }
        }
        return v;
    }

    /** (σ(Ky + β), σ'(Ky + β) ⊙ K v) for one sample. */
    private static double[][] field(double[] theta, int kOff, int bOff, int n, double[] y, double[] v) {
        double[] f = new double[n];
        double[] df = new double[n];
        for (int a = 0; a < n; a++) {
            double z = theta[bOff + a];
            double kv = 0;
            for (int b = 0; b < n; b++) {
                z += theta[kOff + a + b * n] * y[b];
                kv += theta[kOff + a + b * n] * v[b];
            }
            f[a] = Math.tanh(z);
            df[a] = (1 - f[a] * f[a]) * kv;
        }
        return new double[][] {f, df};
    }

    static double dot(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
