package org.odenet.numerics;

/**
 * General matrix product C ← α·op(A)·op(B) + β·C on column-major arrays with offsets and leading
 * dimensions, as BLAS dgemm. Only {@code c} is modified. When β = 0, C is overwritten (any NaN in it
 * is ignored), as in reference BLAS.
 */
public interface Gemm {

    /**
     * @param transA use Aᵀ
     * @param transB use Bᵀ
     * @param m      rows of op(A) and C
     * @param n      columns of op(B) and C
     * @param k      columns of op(A), rows of op(B)
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
              double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc);
}
