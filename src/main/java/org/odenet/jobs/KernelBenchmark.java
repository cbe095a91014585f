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

/**
 * GFLOP/s of one forward + adjoint pass of the kernel on one thread, next to the dgemm rate of the same
 * BLAS measured in the same run. Flops counted: per layer and stage the three n×n by n×m products
 * (K·Y, Kᵀ·G, G·Yᵀ), 6n²m; the element-wise work is not counted.
 */
public final class KernelBenchmark {
    private KernelBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 784;
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;
        System.out.printf(Locale.ROOT, "BLAS: %s; n = %d, N = %d, one thread%n", BlasGemm.implementationName(), n, layers);
        System.out.println("tableau         block   dgemm GFLOP/s   pass GFLOP/s   ratio   ms/pass");
        for (ButcherTableau tableau : new ButcherTableau[] {ButcherTableau.EULER, ButcherTableau.KUTTA4}) {
            for (int m : new int[] {64, 128, 256, 512, 1024}) {
                double dgemm = dgemmRate(n, m, seconds / 2);
                NetworkSpec spec = new NetworkSpec(n, layers, 1.0, tableau, Architecture.ODENET,
                        Head.LOGISTIC_SQUARED_ERROR, 2);
                double[] theta = Initialization.SCALED.initialize(spec, 1);
                Block block = randomBlock(n, m);
                NetworkEvaluator evaluator = new NetworkEvaluator(spec, m);
                double[] gradient = new double[spec.layout().size()];
                double msPerPass = timePerCall(() -> {
                    Arrays.fill(gradient, 0);
                    evaluator.evaluate(theta, block, gradient);
                }, seconds) * 1e3;
                double flops = 6.0 * n * n * m * layers * tableau.stages();
                double rate = flops / (msPerPass * 1e6);
                System.out.printf(Locale.ROOT, "%-14s %6d %15.1f %14.1f %7.2f %9.2f%n", tableau.name(), m, dgemm, rate,
                        rate / dgemm, msPerPass);
            }
        }
    }

    /** GFLOP/s of C = K·Y with K n×n and Y n×m, the kernel's main product. */
    static double dgemmRate(int n, int m, double seconds) {
        Random r = new Random(2);
        double[] a = r.doubles((long) n * n).toArray();
        double[] b = r.doubles((long) n * m).toArray();
        double[] c = new double[n * m];
        Gemm gemm = BlasGemm.INSTANCE;
        double t = timePerCall(() -> gemm.gemm(false, false, n, m, n, 1, a, 0, n, b, 0, n, 0, c, 0, n), seconds);
        return 2.0 * n * n * m / t / 1e9;
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

    /** Median seconds per call over repeated runs after a warm-up, spending about {@code budget} seconds. */
    static double timePerCall(Runnable task, double budget) {
        long warmEnd = System.nanoTime() + (long) (budget * 0.3e9);
        int calls = 0;
        while (System.nanoTime() < warmEnd || calls < 2) {
            task.run();
            calls++;
        }
        double[] samples = new double[Math.max(5, Math.min(200, calls * 2))];
        long end = System.nanoTime() + (long) (budget * 0.7e9);
        int k = 0;
        while (k < samples.length && (System.nanoTime() < end || k < 5)) {
            long t = System.nanoTime();
            task.run();
            samples[k++] = (System.nanoTime() - t) / 1e9;
        }
        double[] used = Arrays.copyOf(samples, k);
        Arrays.sort(used);
        return used[k / 2];
    }
}
