package org.odenet.optim;

/**
 * The proximal operator of a convex, possibly non-smooth term g of a composite objective F + g, for the
 * proximal-gradient step of {@link BacktrackingGradientDescent}: prox<sub>t g</sub>(z) =
 * argmin<sub>x</sub> g(x) + ‖x − z‖² / (2t). The objective's values report g through
 * {@link ObjectiveValue#loss()} (F + g) and {@link ObjectiveValue#smoothLoss()} (F); this operator is the
 * only other thing the optimiser needs to know of g.
 */
@FunctionalInterface
public interface ProximalOperator {
    /** Replaces {@code theta} (modified) by prox<sub>step·g</sub>(theta); {@code step} &gt; 0. */
    void apply(double[] theta, double step);
}
