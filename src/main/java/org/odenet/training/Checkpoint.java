package org.odenet.training;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.odenet.optim.IterationMetrics;

/**
 * A resumable training state: what run it belongs to ({@code identity}: the network, the initialisation
 * and a fingerprint of the data), the controls θ, the Lipschitz estimate L, the number of accepted
 * iterations, the history so far, with early stopping on its state ({@code bestValidation}, else null), and the
 * solver's memory ({@code solverMemory}: the (s, y) pairs of L-BFGS, oldest first; empty for gradient descent).
 */
public record Checkpoint(Map<String, String> identity, double[] theta, double lipschitz, int iteration,
                         List<IterationMetrics> history, BestValidation bestValidation, List<double[]> solverMemory) {

    /** The identity keys that describe the training data rather than the run's settings. */
    public static final java.util.Set<String> DATA_KEYS = java.util.Set.of("numSamples", "weightSum", "dataFingerprint");

    public Checkpoint {
        identity = Map.copyOf(identity);
        history = List.copyOf(history);
        solverMemory = List.copyOf(solverMemory);
    }

    /** A checkpoint of a solver without memory (gradient descent). */
    public Checkpoint(Map<String, String> identity, double[] theta, double lipschitz, int iteration,
                      List<IterationMetrics> history, BestValidation bestValidation) {
        this(identity, theta, lipschitz, iteration, history, bestValidation, List.of());
    }

    /** A checkpoint of a run without early stopping. */
    public Checkpoint(Map<String, String> identity, double[] theta, double lipschitz, int iteration,
                      List<IterationMetrics> history) {
        this(identity, theta, lipschitz, iteration, history, null);
    }

    /**
     * @throws IllegalStateException naming every field in which this checkpoint differs from the run, including
     *                               one that only the checkpoint has (e.g. the solver of an lbfgs checkpoint, which
     *                               a gd run, whose identity omits it, must not resume); when only fields of the
     *                               data ({@link #DATA_KEYS}) differ it says the checkpoint was written for other data
     */
    public void requireCompatible(Map<String, String> run, String location) {
        StringBuilder diff = new StringBuilder();
        boolean onlyData = true;
        for (var e : run.entrySet()) {
            String mine = identity.get(e.getKey());
            if (!Objects.equals(mine, e.getValue())) {
                onlyData &= DATA_KEYS.contains(e.getKey());
                diff.append(diff.length() == 0 ? "" : "; ").append(e.getKey()).append(" is ").append(mine)
                        .append(" in the checkpoint but ").append(e.getValue()).append(" in this run");
            }
        }
        for (var e : new java.util.TreeMap<>(identity).entrySet()) {
            if (!run.containsKey(e.getKey())) {
                onlyData = false;
                diff.append(diff.length() == 0 ? "" : "; ").append(e.getKey()).append(" is ").append(e.getValue())
                        .append(" in the checkpoint but not set in this run");
            }
        }
        if (diff.length() > 0) {
            throw new IllegalStateException("checkpoint " + location
                    + (onlyData ? " was written for other data: " : " belongs to another training run: ") + diff
                    + ". Use another checkpointDir, or delete this one to start over.");
        }
    }
}
