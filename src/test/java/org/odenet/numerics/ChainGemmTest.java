package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** ChainGemm is a correct product whose columns never depend on the block, and the pure-Java BLAS's one-column bits. */
class ChainGemmTest {
    private static double[] random(Random r, int len) {
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    @Test
    void oneColumnProductsAreThoseOfThePureJavaBlas() {
        Assumptions.assumeFalse(BlasGemm.implementationName().startsWith("JNI"), "native BLAS has its own order");
        Random r = new Random(1);
        for (int n : new int[] {17, 33, 101, 300}) {
            for (int k : new int[] {1, 3, n}) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        for (double beta : new double[] {0, 1, 0.5}) {
                            for (int cols : new int[] {1, 2, 5}) {
                                double[] a = random(r, n * k);
                                double[] b = random(r, k * cols);
                                double[] c0 = random(r, n * cols);
                                double[] blas = c0.clone();
                                double[] chain = c0.clone();
                                int lda = ta ? k : n;
                                int ldb = tb ? cols : k;
                                BlasGemm.INSTANCE.gemm(ta, tb, n, cols, k, 0.75, a, 0, lda, b, 0, ldb, beta, blas, 0, n);
                                ChainGemm.INSTANCE.gemm(ta, tb, n, cols, k, 0.75, a, 0, lda, b, 0, ldb, beta, chain, 0, n);
                                assertArrayEquals(blas, chain, "n=" + n + " k=" + k + " " + ta + tb + " beta=" + beta);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void eachColumnIsTheSameWhateverTheBlockAndMatchesPlainLoops() {
        Random r = new Random(2);
        int n = 131;
        int m = 37;
        double[] a = random(r, n * n);
        double[] b = random(r, n * m);
        double[] block = random(r, n * m);
        double[] single = block.clone();
        double[] loops = block.clone();
        ChainGemm.INSTANCE.gemm(false, false, n, m, n, 1, a, 0, n, b, 0, n, 1, block, 0, n);
        LoopGemm.INSTANCE.gemm(false, false, n, m, n, 1, a, 0, n, b, 0, n, 1, loops, 0, n);
        for (int c = 0; c < m; c++) {
            ChainGemm.INSTANCE.gemm(false, false, n, 1, n, 1, a, 0, n, b, c * n, n, 1, single, c * n, n);
        }
        assertArrayEquals(single, block);
        assertArrayEquals(loops, block, 1e-10);
        double[] gt = new double[n * m];
        double[] gtLoops = new double[n * m];
        ChainGemm.INSTANCE.gemm(true, false, n, m, n, 1, a, 0, n, b, 0, n, 0, gt, 0, n);
        LoopGemm.INSTANCE.gemm(true, false, n, m, n, 1, a, 0, n, b, 0, n, 0, gtLoops, 0, n);
        assertArrayEquals(gtLoops, gt, 1e-10);
    }

    @Test
    void narrowNetworksKeepTheirLoops() {
        assertSame(LoopGemm.INSTANCE, ChainGemm.forInference(16));
        assertSame(ChainGemm.INSTANCE, ChainGemm.forInference(17));
    }
}
