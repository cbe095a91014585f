package org.odenet.numerics;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ChainGemm}'s A·B on the CPU's widest double vectors (Java's incubating vector API): a tile of 2L rows
 * × 4 columns (L lanes) keeps 8 vector accumulators over p, each lane one entry's fused multiply–add chain in
 * ChainGemm's order, so the bits are the scalar kernel's; about twice its speed at n = 784. Rows beyond the
 * last full tile are left to the caller. Only touched when the module {@code jdk.incubator.vector} is present
 * ({@link #AVAILABLE}).
 */
final class VectorChainKernel {
    /** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorChainKernel() {
    }

    /** Rows of C, from the first, that {@link #product} covers: whole tiles of 2L rows. */
    static int coveredRows(int m) {
        return m - m % (2 * LANES);
    }

    /** C ← α A B + β C for the first {@link #coveredRows}(m) rows of C. */
    static void product(int m, int n, int k, double alpha, double[] a, int aOff, int lda,
                        double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        int rows = coveredRows(m);
        double[] sums = new double[2 * LANES];
        for (int i = 0; i < rows; i += 2 * LANES) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                tile(i, j, k, a, aOff, lda, b, bOff, ldb, alpha, beta, c, cOff, ldc, sums);
            }
            for (; j < n; j++) {
                column(i, j, k, a, aOff, lda, b, bOff, ldb, alpha, beta, c, cOff, ldc, sums);
            }
        }
    }

    private static void tile(int i, int j, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                             double alpha, double beta, double[] c, int cOff, int ldc, double[] sums) {
        DoubleVector s00 = DoubleVector.zero(SPECIES);
        DoubleVector s10 = s00;
        DoubleVector s01 = s00;
        DoubleVector s11 = s00;
        DoubleVector s02 = s00;
        DoubleVector s12 = s00;
        DoubleVector s03 = s00;
        DoubleVector s13 = s00;
        int b0 = bOff + j * ldb;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        int ap = aOff + i;
        for (int p = 0; p < k; p++, ap += lda) {
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, a, ap);
            DoubleVector a1 = DoubleVector.fromArray(SPECIES, a, ap + LANES);
            DoubleVector x = DoubleVector.broadcast(SPECIES, b[b0 + p]);
            s00 = a0.fma(x, s00);
            s10 = a1.fma(x, s10);
            x = DoubleVector.broadcast(SPECIES, b[b1 + p]);
            s01 = a0.fma(x, s01);
            s11 = a1.fma(x, s11);
            x = DoubleVector.broadcast(SPECIES, b[b2 + p]);
            s02 = a0.fma(x, s02);
            s12 = a1.fma(x, s12);
            x = DoubleVector.broadcast(SPECIES, b[b3 + p]);
            s03 = a0.fma(x, s03);
            s13 = a1.fma(x, s13);
        }
        store(c, cOff + i + j * ldc, alpha, beta, s00, s10, sums);
        store(c, cOff + i + (j + 1) * ldc, alpha, beta, s01, s11, sums);
        store(c, cOff + i + (j + 2) * ldc, alpha, beta, s02, s12, sums);
        store(c, cOff + i + (j + 3) * ldc, alpha, beta, s03, s13, sums);
    }

    private static void column(int i, int j, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                               double alpha, double beta, double[] c, int cOff, int ldc, double[] sums) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        int bj = bOff + j * ldb;
        int ap = aOff + i;
        for (int p = 0; p < k; p++, ap += lda) {
            DoubleVector x = DoubleVector.broadcast(SPECIES, b[bj + p]);
            s0 = DoubleVector.fromArray(SPECIES, a, ap).fma(x, s0);
            s1 = DoubleVector.fromArray(SPECIES, a, ap + LANES).fma(x, s1);
        }
        store(c, cOff + i + j * ldc, alpha, beta, s0, s1, sums);
    }

    /** c[at..at+2L) ← α s + β c, each entry as {@link ChainGemm} finishes it. */
    private static void store(double[] c, int at, double alpha, double beta, DoubleVector s0, DoubleVector s1,
                              double[] sums) {
        s0.intoArray(sums, 0);
        s1.intoArray(sums, LANES);
        for (int q = 0; q < sums.length; q++) {
            c[at + q] = ChainGemm.finish(alpha, sums[q], beta, c[at + q]);
        }
    }
}
