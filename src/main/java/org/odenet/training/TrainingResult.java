package org.odenet.training;

import java.util.List;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.IterationMetrics;
import org.odenet.optim.StopReason;

/**
 * What a training run produced: the network and its controls θ (the last accepted point, or with early
 * stopping on the point of the best validation loss; a failure's partial result always holds the last accepted
 * point), the history (row 0 is the starting point, row k the state
 * after iteration k, up to the last iteration done), why it stopped, and facts about the run.
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
 * @param bestIteration    with early stopping on, the iteration of the returned θ (that of the best validation
 *                         loss); otherwise −1
 * @param bestValidationLoss the validation loss at {@code bestIteration}; NaN when it is −1
 * @param emptyClasses     the classes with no training rows, ascending (the head still has outputs for them)
 */
public record TrainingResult(NetworkSpec spec, double[] theta, List<IterationMetrics> history, StopReason stopReason,
                             String stopMessage, long numSamples, long passes, long validationPasses,
                             double wallSeconds, int resumedFrom, String engine, double[] stateGrowth,
                             int bestIteration, double bestValidationLoss, int[] emptyClasses) {

    public TrainingResult {
        history = List.copyOf(history);
        stateGrowth = stateGrowth.clone();
        emptyClasses = emptyClasses.clone();
    }

    /** A result in which every class has training rows. */
    public TrainingResult(NetworkSpec spec, double[] theta, List<IterationMetrics> history, StopReason stopReason,
                          String stopMessage, long numSamples, long passes, long validationPasses,
                          double wallSeconds, int resumedFrom, String engine, double[] stateGrowth,
                          int bestIteration, double bestValidationLoss) {
        this(spec, theta, history, stopReason, stopMessage, numSamples, passes, validationPasses, wallSeconds,
                resumedFrom, engine, stateGrowth, bestIteration, bestValidationLoss, new int[0]);
    }

    /** This result with the classes that had no training rows. */
    public TrainingResult withEmptyClasses(int[] classes) {
        return new TrainingResult(spec, theta, history, stopReason, stopMessage, numSamples, passes, validationPasses,
                wallSeconds, resumedFrom, engine, stateGrowth, bestIteration, bestValidationLoss, classes);
    }

    /** The classes with no training rows (a copy). */
    @Override
    public int[] emptyClasses() {
        return emptyClasses.clone();
    }

    /** A result without early stopping: θ is the last accepted point, bestIteration −1. */
    public TrainingResult(NetworkSpec spec, double[] theta, List<IterationMetrics> history, StopReason stopReason,
                          String stopMessage, long numSamples, long passes, long validationPasses,
                          double wallSeconds, int resumedFrom, String engine, double[] stateGrowth) {
        this(spec, theta, history, stopReason, stopMessage, numSamples, passes, validationPasses, wallSeconds,
                resumedFrom, engine, stateGrowth, -1, Double.NaN);
    }

    /** Accepted iterations, counting those before a resume. */
    public int iterations() {
        return history.isEmpty() ? 0 : history.get(history.size() - 1).iteration();
    }

    /** The training loss at the returned θ (NaN if no iteration was done). */
    public double finalLoss() {
        if (bestIteration >= 0) {
            return history.stream().filter(m -> m.iteration() == bestIteration).mapToDouble(IterationMetrics::loss)
                    .findFirst().orElse(Double.NaN);
        }
        return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).loss();
    }
}
