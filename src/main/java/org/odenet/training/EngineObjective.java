package org.odenet.training;

import org.odenet.optim.DifferentiableObjective;
import org.odenet.optim.NetworkEvaluation;

/** The training objective as one engine evaluates it: with gradient for the optimiser, or forward only. */
public interface EngineObjective extends DifferentiableObjective<NetworkEvaluation>, AutoCloseable {

    /** Loss and accuracy without the adjoint pass (for validation); {@code description} labels the work. */
    NetworkEvaluation forward(double[] theta, String description);

    /** Σ over the samples of ‖y<sup>[j]</sup>‖², j = 0..N, at θ (one forward pass). */
    double[] stateNormSquares(double[] theta, String description);

    /** Passes over the data so far (for the Spark engine, one Spark job each). */
    long passes();

    /** "spark" or "driver". */
    String engineName();

    @Override
    void close();
}
