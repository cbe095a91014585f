package org.odenet.numerics;

/**
 * Which {@link Gemm} a network uses when none is given: plain Java loops for tiny matrices, where a BLAS
 * call costs more than its arithmetic, BLAS otherwise. Kept out of {@link Gemm}, which knows nothing of its
 * implementations.
 */
final class GemmChoice {
    /** Largest state width for which {@link #forStateWidth(int)} picks plain loops over BLAS. */
    static final int SMALL_WIDTH = 16;

    private GemmChoice() {
    }

    /** The implementation for a network whose states have {@code stateWidth} channels. */
    static Gemm forStateWidth(int stateWidth) {
        return stateWidth <= SMALL_WIDTH ? LoopGemm.INSTANCE : BlasGemm.INSTANCE;
    }
}
