package org.odenet.optim;

import java.util.List;
import org.odenet.numerics.Block;
import org.odenet.numerics.BlockLoss;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;

/**
 * The training objective over blocks held in memory, evaluated one block after another in a single
 * thread: the plain local loop that every distributed engine must reproduce.
 */
public final class NetworkObjective implements DifferentiableObjective<NetworkEvaluation> {
    private final NetworkSpec spec;
    private final List<Block> blocks;
    private final NetworkEvaluator evaluator;

    public NetworkObjective(NetworkSpec spec, List<Block> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("the objective needs at least one block");
        }
        this.spec = spec;
        this.blocks = List.copyOf(blocks);
        int capacity = this.blocks.stream().mapToInt(Block::size).max().orElse(1);
        this.evaluator = new NetworkEvaluator(spec, Math.max(1, capacity));
    }

    @Override
    public NetworkEvaluation evaluate(double[] theta) {
        return evaluate(theta, true);
    }

    /** Loss, accuracy and, if asked, the gradient. */
    public NetworkEvaluation evaluate(double[] theta, boolean withGradient) {
        double[] gradient = withGradient ? new double[spec.layout().size()] : null;
        double loss = 0;
        double weight = 0;
        double correct = 0;
        for (Block block : blocks) {
            BlockLoss b = evaluator.evaluate(theta, block, gradient);
            loss += b.lossSum();
            weight += b.weightSum();
            correct += b.correctWeight();
        }
        return NetworkEvaluation.fromSums(loss, gradient, correct, weight);
    }

    public NetworkSpec spec() {
        return spec;
    }
}
