package org.odenet.training;

import java.util.List;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.IterationMetrics;
import org.odenet.optim.StopReason;

/**
 * What a training run produced: the network and its controls θ (the last accepted point), the history
 * (row 0 is the starting point, row k the state after iteration k), why it stopped, and facts about the run.
 *
 * @param stopReason       why the run ended ({@link StopReason#FAILED} in the partial result of a failure)
 * @param stopMessage      the stop in words
 * @param numSamples       training rows
 * @param passes           passes that evaluated the objective (one per trial, plus the starting point); with
 *                         the Spark engine each is one Spark job
 * @param validationPasses passes over the validation set
 * @param wallSeconds      wall-clock time of this call, from validation to the end
 * @param resumedFrom      the checkpoint iteration this run continued from, or −1
 * @param engine           where the passes ran: "spark" or "driver"
 * @param stateGrowth      ‖Y<sup>[j]</sup>‖/‖Y<sup>[0]</sup>‖ over the training data at the returned θ (Frobenius
 *                         norms), j = 0..N; empty for a failed run
 */
public record TrainingResult(NetworkSpec spec, double[] theta, List<IterationMetrics> history, StopReason stopReason,
                             String stopMessage, long numSamples, long passes, long validationPasses,
                             double wallSeconds, int resumedFrom, String engine, double[] stateGrowth) {

    public TrainingResult {
        history = List.copyOf(history);
        stateGrowth = stateGrowth.clone();
    }

    /** Accepted iterations, counting those before a resume. */
    public int iterations() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).iteration();
    }

    /** The training loss at the returned θ (NaN if no iteration was done). */
    public double finalLoss() {
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).loss();
    }
}
