package org.odenet.training;

import java.util.Locale;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;

/**
 * The heap one training pass needs, estimated before anything is allocated: copies of θ (the optimiser's
 * iterate, gradient and trial on the driver; per thread a gradient accumulator and its copies in flight), the
 * evaluators' work arrays (per thread: every layer's states and Runge–Kutta stages for a block, see
 * {@link NetworkEvaluator#workspaceBytes(NetworkSpec, long, NetworkEvaluator.Options)}) and the data blocks held
 * in the heap. {@link #requireFits} refuses a setting that cannot fit, naming the parameter that accounts for
 * most of it. Immutable.
 */
public final class MemoryEstimate {
    /** θ-sized vectors on the driver for gradient descent: iterate, gradient, trial, its gradient, best, spare. */
    static final int DRIVER_VECTORS_GD = 6;
    /** For lbfgs: those plus the 10 (s, y) pairs of the quasi-Newton memory and Breeze's line-search vectors. */
    static final int DRIVER_VECTORS_LBFGS = DRIVER_VECTORS_GD + 2 * 10 + 4;
    /** θ-sized vectors per thread: the gradient it sums into, its serialised or merged copy, a merge partner. */
    static final int THREAD_VECTORS = 3;
    /** Ordinary values of the parameters an impossible setting is compared against. */
    private static final int ORDINARY_LAYERS = 20;
    private static final int ORDINARY_BLOCK = 128;

    private final NetworkSpec spec;
    private final int capacity;
    private final int threads;
    private final NetworkEvaluator.Options options;
    /** θ-sized vectors of the optimiser in this heap: 0 when it runs elsewhere (an executor's heap). */
    private final int driverVectors;
    private final long blockBytes;

    /**
     * @param spec        the network
     * @param capacity    samples in the largest block ≥ 1
     * @param threads     threads (tasks) that evaluate blocks at once in this heap ≥ 0
     * @param options     the evaluators' options (the recompute stride)
     * @param solver      the optimiser, for the θ copies it keeps in this heap; null when it runs in another
     * @param blockBytes  bytes of data blocks held in this heap ≥ 0
     * @throws IllegalArgumentException naming the argument and value
     */
    public MemoryEstimate(NetworkSpec spec, int capacity, int threads, NetworkEvaluator.Options options, Solver solver,
                          long blockBytes) {
        if (capacity < 1 || threads < 0 || blockBytes < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "capacity (%d) must be >= 1, threads (%d) and blockBytes (%d) >= 0", capacity, threads, blockBytes));
        }
        this.spec = spec;
        this.capacity = capacity;
        this.threads = threads;
        this.options = options;
        this.driverVectors = solver == null ? 0 : solver == Solver.GD ? DRIVER_VECTORS_GD : DRIVER_VECTORS_LBFGS;
        this.blockBytes = blockBytes;
    }

    /** Bytes of the data blocks of {@code samples} samples of {@code features} features: values, labels, weights. */
    public static long blockBytes(long samples, int features, boolean weighted) {
        return samples * (8L * features + 4 + (weighted ? 8 : 0));
    }

    /** Bytes of all the copies of θ: the driver's and each thread's. */
    public long thetaBytes() {
        return 8L * spec.layout().size() * (driverVectors + (long) THREAD_VECTORS * threads);
    }

    /** Bytes of the work arrays of all threads. */
    public long workBytes() {
        return threads == 0 ? 0 : threads * NetworkEvaluator.workspaceBytes(spec, capacity, options);
    }

    public long blockBytes() {
        return blockBytes;
    }

    public int threads() {
        return threads;
    }

    /** θ copies + work arrays + blocks. */
    public long totalBytes() {
        return thetaBytes() + workBytes() + blockBytes;
    }

    /**
     * Refuses a pass that cannot fit in {@code heapBytes}.
     *
     * @param heapSetting the setting that raises this heap, named in the message (e.g. spark.driver.memory)
     * @throws IllegalArgumentException naming the parameter that accounts for most of the estimate, the estimate
     *                                  and the heap
     */
    public void requireFits(long heapBytes, String heapSetting) {
        long total = totalBytes();
        if (total <= heapBytes) {
            return;
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s needs about %s for one pass (θ %s for "
                        + "%d parameters, work arrays %s for %d thread%s, blocks %s) but the heap is %s: lower %s, "
                        + "or raise %s", culprit(), gib(total), gib(thetaBytes()), spec.layout().size(),
                gib(workBytes()), threads, threads == 1 ? "" : "s", gib(blockBytes), gib(heapBytes), lowerWhat(),
                heapSetting));
    }

    /** One line for the log: the estimate against the heap. */
    public String describe(long heapBytes) {
        return String.format(Locale.ROOT, "about %s for one pass (θ %s, work arrays %s for %d threads, blocks %s) "
                + "of a %s heap", gib(totalBytes()), gib(thetaBytes()), gib(workBytes()), threads, gib(blockBytes),
                gib(heapBytes));
    }

    /**
     * The setting that accounts for most of the estimate: the one whose ordinary value (20 layers, blocks of 128,
     * the input width as state width) would shrink it most.
     */
    String culprit() {
        long withOrdinaryLayers = spec.layers() > ORDINARY_LAYERS
                ? new MemoryEstimate(spec.withLayers(ORDINARY_LAYERS), capacity, threads, options, solver(), blockBytes)
                .totalBytes() : Long.MAX_VALUE;
        long withOrdinaryBlocks = capacity > ORDINARY_BLOCK
                ? new MemoryEstimate(spec, ORDINARY_BLOCK, threads, options, solver(), blockBytes).totalBytes()
                : Long.MAX_VALUE;
        long withInputWidth = spec.stateWidth() > spec.inputWidth()
                ? new MemoryEstimate(spec.withStateWidth(0), capacity, threads, options, solver(), blockBytes)
                .totalBytes() : Long.MAX_VALUE;
        long best = Math.min(withOrdinaryLayers, Math.min(withOrdinaryBlocks, withInputWidth));
        if (best == Long.MAX_VALUE || best == withOrdinaryLayers) {
            return "layers = " + spec.layers() + (spec.stateWidth() != spec.inputWidth()
                    ? " of stateWidth = " + spec.stateWidth() : " of width " + spec.stateWidth());
        }
        if (best == withOrdinaryBlocks) {
            return "blockSize (blocks of " + capacity + " samples)";
        }
        return "stateWidth = " + spec.stateWidth();
    }

    private String lowerWhat() {
        String c = culprit();
        String first = c.substring(0, c.indexOf(' '));
        StringBuilder others = new StringBuilder();
        for (String p : new String[] {"layers", "stateWidth", "blockSize"}) {
            if (!p.equals(first)) {
                others.append(others.length() == 0 ? "" : " or ").append(p);
            }
        }
        return first + " (or " + others + ")";
    }

    private Solver solver() {
        return driverVectors == 0 ? null : driverVectors == DRIVER_VECTORS_GD ? Solver.GD : Solver.LBFGS;
    }

    /** Bytes in GiB with one decimal, or in MiB below 1 GiB. */
    static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
