package org.odenet.training;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.odenet.optim.IterationMetrics;

/**
 * A resumable training state: what run it belongs to ({@code identity}: the network, the initialisation
 * and a fingerprint of the data), the controls θ, the Lipschitz estimate L, the number of accepted
 * iterations, the history so far, and with early stopping on its state ({@code bestValidation}, else null).
 */
public record Checkpoint(Map<String, String> identity, double[] theta, double lipschitz, int iteration,
                         List<IterationMetrics> history, BestValidation bestValidation) {

    public Checkpoint {
        identity = Map.copyOf(identity);
        history = List.copyOf(history);
    }

    /** A checkpoint of a run without early stopping. */
    public Checkpoint(Map<String, String> identity, double[] theta, double lipschitz, int iteration,
                      List<IterationMetrics> history) {
        this(identity, theta, lipschitz, iteration, history, null);
    }

    /**
     * @throws IllegalStateException naming every field in which this checkpoint differs from the run
     */
    public void requireCompatible(Map<String, String> run, String location) {
        StringBuilder diff = new StringBuilder();
        for (var e : run.entrySet()) {
            String mine = identity.get(e.getKey());
            if (!Objects.equals(mine, e.getValue())) {
                diff.append(diff.length() == 0 ? "" : "; ").append(e.getKey()).append(" is ").append(mine)
                        .append(" in the checkpoint but ").append(e.getValue()).append(" in this run");
            }
        }
        if (diff.length() > 0) {
            throw new IllegalStateException("checkpoint " + location + " belongs to another training run: " + diff
                    + ". Use another checkpointDir, or delete this one to start over.");
        }
    }
}
