package org.odenet.quasinewton;

import breeze.linalg.DenseVector;
import breeze.optimize.FirstOrderMinimizer;
import breeze.optimize.OWLQN;
import java.util.function.IntToDoubleFunction;

/**
 * Breeze's {@link OWLQN} whose orthant projection leaves the coordinates without an L1 weight alone. Breeze's
 * step keeps every coordinate in the orthant of the current point (a coordinate that would cross zero stops at
 * 0), the unpenalised ones included; for those the orthant constraint has no reason (their objective is smooth
 * through 0) and it would hold a bias or a time step at exactly 0 for an iteration. Only {@code takeStep} differs;
 * the direction, line search and memory are Breeze's.
 */
final class WeightedOwlqn extends OWLQN<Object, DenseVector<Object>> {
    private final IntToDoubleFunction l1Weight;

    WeightedOwlqn(FirstOrderMinimizer.ConvergenceCheck<DenseVector<Object>> check, int m, IntToDoubleFunction l1Weight) {
        super(check, m, i -> l1Weight.applyAsDouble((Integer) i), DenseVector.space_Double());
        this.l1Weight = l1Weight;
    }

    /** Raw types: Breeze's generic signatures of this method differ between OWLQN and its superclass. */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public DenseVector takeStep(FirstOrderMinimizer.State state, DenseVector dir, double stepSize) {
        double[] x = BreezeQuasiNewton.toArray((DenseVector<Object>) state.x());
        double[] d = BreezeQuasiNewton.toArray(dir);
        double[] g = BreezeQuasiNewton.toArray((DenseVector<Object>) state.adjustedGradient());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i] + d[i] * stepSize;
            if (l1Weight.applyAsDouble(i) > 0) {
                double orthant = x[i] != 0 ? Math.signum(x[i]) : Math.signum(-g[i]);
                v = Math.signum(v) == orthant ? v : 0.0;
            }
            out[i] = v;
        }
        return BreezeQuasiNewton.vector(out);
    }
}
