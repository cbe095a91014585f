package org.odenet.optim;

import org.odenet.numerics.NetworkSpec;

/** The feasible set of a network's controls. */
public final class NetworkProjections {
    private NetworkProjections() {
    }

    /**
     * For {@code ODENET_SIMPLEX} the projection of the steps onto {h ≥ 0, Σh = T}; the identity otherwise.
     */
    public static Projection forSpec(NetworkSpec spec) {
        if (!spec.architecture().projectsSteps()) {
            return Projection.IDENTITY;
        }
        return new SimplexProjection(spec.layout().stepsOffset(), spec.layers(), spec.finalTime());
    }
}
