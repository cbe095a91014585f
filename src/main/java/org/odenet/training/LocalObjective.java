package org.odenet.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.odenet.numerics.Block;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.NetworkEvaluation;

/**
 * The training objective over blocks held in this JVM (the driver engine). The blocks are split into one
 * contiguous share per thread; each thread adds its share into its own {@link BlockAggregator} with its own
 * work arrays, and the aggregators merge in share order with the same error-free addition as the Spark
 * engine. With one thread it is the plain local loop — one block after another — that every engine must
 * reproduce.
 */
public final class LocalObjective implements EngineObjective {
    private final List<List<Block>> shares;
    private final NetworkEvaluator[] evaluators;
    private final ExecutorService pool;
    private long passes;

    /**
     * The plain local loop: one thread, an evaluator sized for the largest block, the default evaluator
     * options.
     *
     * @throws IllegalArgumentException if {@code blocks} is empty
     */
    public LocalObjective(NetworkSpec spec, List<Block> blocks) {
        this(spec, blocks, Math.max(1, blocks.stream().mapToInt(Block::size).max().orElse(1)), 1,
                NetworkEvaluator.Options.DEFAULT);
    }

    /**
     * @param capacity the largest block
     * @param threads  threads to evaluate with, at least 1 (no more are used than there are blocks)
     * @throws IllegalArgumentException if {@code blocks} is empty or {@code threads} is below 1
     */
    public LocalObjective(NetworkSpec spec, List<Block> blocks, int capacity, int threads,
                          NetworkEvaluator.Options options) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("the objective needs at least one block");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        List<Block> all = List.copyOf(blocks);
        int t = Math.min(threads, all.size());
        shares = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            shares.add(all.subList(i * all.size() / t, (i + 1) * all.size() / t));
        }
        evaluators = new NetworkEvaluator[t];
        for (int i = 0; i < t; i++) {
            evaluators[i] = new NetworkEvaluator(spec, capacity, options);
        }
        pool = t == 1 ? null : Executors.newFixedThreadPool(t, r -> {
            Thread thread = new Thread(r, "odenet-driver-engine");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public NetworkEvaluation evaluate(double[] theta) {
        return pass(theta, PassKind.GRADIENT).handOverResult();
    }

    @Override
    public NetworkEvaluation forward(double[] theta, String description) {
        return pass(theta, PassKind.FORWARD).handOverResult();
    }

    @Override
    public double[] stateNormSquares(double[] theta, String description) {
        return pass(theta, PassKind.STATE_NORMS).stateNormSquares();
    }

    @Override
    public long passes() {
        return passes;
    }

    @Override
    public String engineName() {
        return "driver";
    }

    /** The number of threads (shares of the blocks) this objective evaluates with. */
    public int threads() {
        return shares.size();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** One pass: every share into its own aggregator, in parallel; then the aggregators merged in share order. */
    private BlockAggregator pass(double[] theta, PassKind kind) {
        passes++;
        BlockAggregator[] partial = new BlockAggregator[shares.size()];
        for (int i = 0; i < partial.length; i++) {
            partial[i] = new BlockAggregator(evaluators[i], theta, kind);
        }
        if (pool == null) {
            addShare(0, partial[0]);
        } else {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < partial.length; i++) {
                int share = i;
                futures.add(pool.submit(() -> addShare(share, partial[share])));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while evaluating the objective", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        }
        BlockAggregator total = partial[0];
        for (int i = 1; i < partial.length; i++) {
            total.merge(partial[i]);
        }
        return total;
    }

    private void addShare(int share, BlockAggregator aggregator) {
        for (Block b : shares.get(share)) {
            aggregator.add(b);
        }
    }
}
