package org.odenet.jobs;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.BlasGemm;
import org.odenet.numerics.Block;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Gemm;
import org.odenet.numerics.Head;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.report.Spread;

/**
 * GFLOP/s of one forward + adjoint pass of the kernel on one thread, next to the dgemm rate of the same
 * BLAS measured in the same run. Flops counted: per layer and stage the three n×n by n×m products
 * (K·Y, Kᵀ·G, G·Yᵀ), 6n²m; the element-wise work is not counted.
 *
 * <p>The two are timed in alternating rounds and the ratio is the median of the rounds' ratios, so that a
 * machine whose speed drifts (a shared virtual CPU) slows both sides of a ratio alike; the range of the
 * rounds' ratios is printed next to it.
 */
public final class KernelBenchmark {
    /** Rounds of alternating dgemm and pass timings per configuration. */
    private static final int ROUNDS = 5;

    private KernelBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 784;
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;
        System.out.printf(Locale.ROOT, "BLAS: %s; n = %d, N = %d, one thread%n", BlasGemm.implementationName(), n, layers);
        System.out.println("tableau         block   dgemm GFLOP/s   pass GFLOP/s   ratio   (rounds' range)   ms/pass");
        for (ButcherTableau tableau : new ButcherTableau[] {ButcherTableau.EULER, ButcherTableau.KUTTA4}) {
            for (int m : new int[] {64, 128, 256, 512, 1024}) {
                NetworkSpec spec = new NetworkSpec(n, layers, 1.0, tableau, Architecture.ODENET,
                        Head.LOGISTIC_SQUARED_ERROR, 2);
                double[] theta = Initialization.SCALED.initialize(spec, 1);
                Block block = randomBlock(n, m);
                NetworkEvaluator evaluator = new NetworkEvaluator(spec, m);
                double[] gradient = new double[spec.layout().size()];
                Runnable pass = () -> {
                    Arrays.fill(gradient, 0);
                    evaluator.evaluate(theta, block, gradient);
                };
                Runnable dgemm = dgemmCall(n, m);
                warmUp(dgemm, seconds * 0.15, 1);
                warmUp(pass, seconds * 0.15, 1);
                double[] dgemmRates = new double[ROUNDS];
                double[] passSeconds = new double[ROUNDS];
                double[] ratios = new double[ROUNDS];
                double passFlops = 6.0 * n * n * m * layers * tableau.stages();
                for (int round = 0; round < ROUNDS; round++) {
                    dgemmRates[round] = 2.0 * n * n * m / medianSeconds(dgemm, seconds * 0.25 / ROUNDS, 1) / 1e9;
                    passSeconds[round] = medianSeconds(pass, seconds * 0.45 / ROUNDS, 1);
                    ratios[round] = passFlops / passSeconds[round] / 1e9 / dgemmRates[round];
                }
                // ROUNDS is odd: the rate of the median pass time is the median pass rate
                double passMedian = Spread.of(passSeconds).median();
                Spread ratio = Spread.of(ratios);
                System.out.printf(Locale.ROOT, "%-14s %6d %15.1f %14.1f %7.2f   (%.2f-%.2f) %13.2f%n", tableau.name(), m,
                        Spread.of(dgemmRates).median(), passFlops / passMedian / 1e9, ratio.median(), ratio.min(),
                        ratio.max(), passMedian * 1e3);
            }
        }
    }

    /** C = K·Y with K n×n and Y n×m, the kernel's main product, on random matrices. */
    private static Runnable dgemmCall(int n, int m) {
        Random r = new Random(2);
        double[] a = r.doubles((long) n * n).toArray();
        double[] b = r.doubles((long) n * m).toArray();
        double[] c = new double[n * m];
        Gemm gemm = BlasGemm.INSTANCE;
        return () -> gemm.gemm(false, false, n, m, n, 1, a, 0, n, b, 0, n, 0, c, 0, n);
    }

    /** Runs the task for about {@code seconds} and at least {@code minCalls} times, for the JIT. */
    private static void warmUp(Runnable task, double seconds, int minCalls) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int calls = 0; calls < minCalls || System.nanoTime() < end; calls++) {
            task.run();
        }
    }

    /** Median seconds per call of the calls made in about {@code window} seconds, at least {@code minCalls}. */
    private static double medianSeconds(Runnable task, double window, int minCalls) {
        double[] samples = new double[16];
        int k = 0;
        long end = System.nanoTime() + (long) (window * 1e9);
        while (k < minCalls || System.nanoTime() < end) {
            long t = System.nanoTime();
            task.run();
            if (k == samples.length) {
                samples = Arrays.copyOf(samples, 2 * k);
            }
            samples[k++] = (System.nanoTime() - t) / 1e9;
        }
        return Spread.of(Arrays.copyOf(samples, k)).median();
    }

    static Block randomBlock(int n, int m) {
        Random r = new Random(3);
        double[] x = new double[n * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble();
        }
        int[] labels = new int[m];
        for (int c = 0; c < m; c++) {
            labels[c] = c % 2;
        }
        return new Block(n, x, labels, null);
    }

    /** Median seconds per call after a warm-up, spending about {@code budget} seconds (at least 2 + 5 calls). */
    static double timePerCall(Runnable task, double budget) {
        warmUp(task, budget * 0.3, 2);
        return medianSeconds(task, budget * 0.7, 5);
    }
}
