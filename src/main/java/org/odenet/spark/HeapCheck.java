package org.odenet.spark;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.training.MemoryEstimate;
import org.odenet.training.Solver;

/**
 * Compares the {@link MemoryEstimate} of a training pass with the heaps it will run in, before the driver engine
 * collects the blocks or any evaluator allocates its work arrays: the driver's heap for the driver engine and for
 * the Spark engine in local mode (executors share it), each executor's spark.executor.memory on a cluster.
 */
final class HeapCheck {
    private static final Logger LOG = LogManager.getLogger(HeapCheck.class);

    private HeapCheck() {
    }

    /**
     * @param validation the validation blocks, or null
     * @param driverEngine whether passes run in the driver ({@code threads} of them) rather than in Spark tasks
     * @throws IllegalArgumentException naming the parameter, the estimate and the heap when a pass cannot fit
     */
    static void require(JavaSparkContext jsc, NetworkSpec spec, TrainingBlocks train, TrainingBlocks validation,
                        boolean driverEngine, int threads, NetworkEvaluator.Options options, Solver solver,
                        boolean weighted) {
        long driverHeap = Runtime.getRuntime().maxMemory();
        int largest = Math.max(train.largestBlock(), validation == null ? 0 : validation.largestBlock());
        long oneBlock = MemoryEstimate.blockBytes(largest, spec.inputWidth(), weighted);
        if (driverEngine) {
            long samples = train.numSamples() + (validation == null ? 0 : validation.numSamples());
            // the driver engine holds a set of evaluators for the training blocks and one for the validation blocks
            int capacity = train.largestBlock() + (validation == null ? 0 : validation.largestBlock());
            check(new MemoryEstimate(spec, capacity, Math.max(1, (int) Math.min(threads, train.numBlocks())), options,
                    solver, MemoryEstimate.blockBytes(samples, spec.inputWidth(), weighted)), driverHeap,
                    "spark.driver.memory");
            return;
        }
        SparkConf conf = jsc.getConf();
        int tasks = (int) Math.max(1, Math.min(train.rdd().getNumPartitions(), jsc.sc().isLocal()
                ? localCores(jsc.master()) : conf.getInt("spark.executor.cores", 1)));
        if (jsc.sc().isLocal()) {
            check(new MemoryEstimate(spec, largest, tasks, options, solver, tasks * oneBlock), driverHeap,
                    "spark.driver.memory");
            return;
        }
        check(new MemoryEstimate(spec, largest, 0, options, solver, 0), driverHeap, "spark.driver.memory");
        check(new MemoryEstimate(spec, largest, tasks, options, null, tasks * oneBlock),
                conf.getSizeAsBytes("spark.executor.memory", "1g"), "spark.executor.memory");
    }

    private static void check(MemoryEstimate estimate, long heap, String setting) {
        LOG.info("odenet: memory estimate {} ({})", estimate.describe(heap), setting);
        estimate.requireFits(heap, setting);
    }

    /** Task threads of a local master: local → 1, local[N] or local[N, F] → N, local[*] → the cores. */
    static int localCores(String master) {
        int open = master.indexOf('[');
        if (open < 0) {
            return 1;
        }
        String n = master.substring(open + 1, master.indexOf(']') < 0 ? master.length() : master.indexOf(']'))
                .split(",")[0].trim();
        if (n.equals("*")) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            return Math.max(1, Integer.parseInt(n));
        } catch (NumberFormatException e) {
            LOG.warn(String.format(Locale.ROOT, "odenet: cannot read the cores of master %s; assuming 1", master));
            return 1;
        }
    }
}
