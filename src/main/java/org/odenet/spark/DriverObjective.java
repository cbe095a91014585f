package org.odenet.spark;

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
 * The training objective evaluated in the driver JVM: the blocks, collected once, are split into one
 * contiguous share per thread; each thread runs the same kernels as a Spark task with its own work arrays
 * and sums, and the shares merge in a fixed order with the same error-free addition as the Spark engine.
 * For small data it removes the fixed cost of a Spark job per pass.
 */
final class DriverObjective implements EngineObjective {
    private final List<List<Block>> shares;
    private final NetworkEvaluator[] evaluators;
    private final PassSums[] gradientSums;
    private final PassSums[] forwardSums;
    private final ExecutorService pool;
    private long passes;

    private final NetworkSpec spec;

    DriverObjective(List<Block> blocks, NetworkSpec spec, int capacity, int threads, NetworkEvaluator.Options options) {
        this.spec = spec;
        int t = Math.max(1, Math.min(threads, blocks.size()));
        shares = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            shares.add(blocks.subList(i * blocks.size() / t, (i + 1) * blocks.size() / t));
        }
        evaluators = new NetworkEvaluator[t];
        gradientSums = new PassSums[t];
        forwardSums = new PassSums[t];
        for (int i = 0; i < t; i++) {
            evaluators[i] = new NetworkEvaluator(spec, capacity, options);
            gradientSums[i] = new PassSums(spec.layout().size(), true);
            forwardSums[i] = new PassSums(spec.layout().size(), false);
        }
        pool = t == 1 ? null : Executors.newFixedThreadPool(t, r -> {
            Thread thread = new Thread(r, "odenet-driver-engine");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public NetworkEvaluation evaluate(double[] theta) {
        return pass(theta, gradientSums);
    }

    @Override
    public NetworkEvaluation forward(double[] theta, String description) {
        return pass(theta, forwardSums);
    }

    @Override
    public double[] stateNormSquares(double[] theta, String description) {
        PassSums[] sums = new PassSums[shares.size()];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = new PassSums(spec.layout().size(), false, spec.layers() + 1);
        }
        run(theta, sums);
        PassSums total = sums[0];
        for (int i = 1; i < sums.length; i++) {
            total.merge(sums[i]);
        }
        return total.stateNormSquares();
    }

    @Override
    public long passes() {
        return passes;
    }

    @Override
    public String engineName() {
        return "driver";
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private NetworkEvaluation pass(double[] theta, PassSums[] sums) {
        run(theta, sums);
        return merged(sums);
    }

    /** Runs every share into its sums, in parallel. */
    private void run(double[] theta, PassSums[] sums) {
        passes++;
        if (pool == null) {
            run(0, theta, sums[0]);
        } else {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                int share = i;
                futures.add(pool.submit(() -> run(share, theta, sums[share])));
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
    }

    private void run(int share, double[] theta, PassSums sums) {
        sums.reset();
        for (Block b : shares.get(share)) {
            sums.add(evaluators[share], theta, b);
        }
    }

    private static NetworkEvaluation merged(PassSums[] sums) {
        PassSums total = sums[0];
        for (int i = 1; i < sums.length; i++) {
            total.merge(sums[i]);
        }
        return total.result();
    }
}
