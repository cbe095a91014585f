package org.odenet.numerics;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * {@link Gemm} through the BLAS Spark MLlib uses ({@code dev.ludovic.netlib}): native OpenBLAS when it
 * is installed, the pure-Java (vectorised) implementation otherwise.
 */
public final class BlasGemm implements Gemm {
    public static final BlasGemm INSTANCE = new BlasGemm();

    private BlasGemm() {
    }

    /** The class name of the BLAS implementation in use, e.g. {@code VectorBLAS} or {@code JNIBLAS}. */
    public static String implementationName() {
        return BLAS.getInstance().getClass().getSimpleName();
    }

    /**
     * The BLAS in use, for the log: its class and whether it is native, e.g.
     * {@code dev.ludovic.netlib.blas.VectorBLAS (pure Java)} or {@code dev.ludovic.netlib.blas.JNIBLAS (native)}.
     */
    public static String description() {
        BLAS blas = BLAS.getInstance();
        return blas.getClass().getName() + (blas instanceof NativeBLAS ? " (native)" : " (pure Java)");
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        BLAS.getInstance().dgemm(transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha,
                a, aOff, Math.max(1, lda), b, bOff, Math.max(1, ldb), beta, c, cOff, Math.max(1, ldc));
    }
}
