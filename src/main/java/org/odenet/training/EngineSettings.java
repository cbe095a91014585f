package org.odenet.training;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where and how the forward and adjoint passes run: the {@link Engine}, the driver engine's threads and
 * size threshold, the samples per block, the depth of Spark's tree aggregation, the recomputation stride
 * of the backward sweep and whether the Spark engine repartitions input with fewer partitions than Spark's
 * default parallelism. None of them changes the mathematics; they trade time against memory (block sizes and
 * partitions change only the order of floating-point sums). Immutable
 * and validated; a plain final class rather than a record (the Kryo serializer cannot build records).
 */
public final class EngineSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The Spark engine, 128 samples per block, aggregation depth 2, every state kept (auto: up to 64 MiB), input
     * repartitioned to the default parallelism when it has fewer partitions.
     */
    public static final EngineSettings DEFAULT = new EngineSettings(Engine.SPARK, 0, 64L << 20, 128, 2, 1);

    private final Engine engine;
    private final int driverThreads;
    private final long driverEngineMaxBytes;
    private final int blockSize;
    private final int aggregationDepth;
    private final int recomputeStride;
    private final boolean repartitionInput;

    /**
     * @param engine               where passes run
     * @param driverThreads        threads of the driver engine ≥ 0; 0 for one per available core
     * @param driverEngineMaxBytes feature bytes ≥ 0 up to which {@link Engine#AUTO} picks the driver engine
     * @param blockSize            most samples per block ≥ 1
     * @param aggregationDepth     depth of treeAggregate ≥ 2
     * @param recomputeStride      keep every r-th state (r ≥ 1) and recompute the rest in the backward sweep
     * @throws IllegalArgumentException naming the parameter and value
     * @throws NullPointerException     if engine is null
     */
    public EngineSettings(Engine engine, int driverThreads, long driverEngineMaxBytes, int blockSize,
                          int aggregationDepth, int recomputeStride) {
        this(engine, driverThreads, driverEngineMaxBytes, blockSize, aggregationDepth, recomputeStride, true);
    }

    /**
     * As the six-argument constructor, and:
     *
     * @param repartitionInput whether the Spark engine repartitions input with fewer partitions than Spark's
     *                         default parallelism to that many (round-robin), so that every core works
     */
    public EngineSettings(Engine engine, int driverThreads, long driverEngineMaxBytes, int blockSize,
                          int aggregationDepth, int recomputeStride, boolean repartitionInput) {
        require(blockSize >= 1, "blockSize must be >= 1, got " + blockSize);
        require(aggregationDepth >= 2, "aggregationDepth must be >= 2, got " + aggregationDepth);
        require(driverThreads >= 0, "driverThreads must be >= 0 (0: one per core), got " + driverThreads);
        require(driverEngineMaxBytes >= 0, "driverEngineMaxBytes must be >= 0, got " + driverEngineMaxBytes);
        require(recomputeStride >= 1, "recomputeStride must be >= 1, got " + recomputeStride);
        this.engine = Objects.requireNonNull(engine, "engine");
        this.driverThreads = driverThreads;
        this.driverEngineMaxBytes = driverEngineMaxBytes;
        this.blockSize = blockSize;
        this.aggregationDepth = aggregationDepth;
        this.recomputeStride = recomputeStride;
        this.repartitionInput = repartitionInput;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public Engine engine() {
        return engine;
    }

    /** Threads of the driver engine; 0 means one per available core. */
    public int driverThreads() {
        return driverThreads;
    }

    /** The largest data (feature bytes) for which {@link Engine#AUTO} picks the driver engine. */
    public long driverEngineMaxBytes() {
        return driverEngineMaxBytes;
    }

    public int blockSize() {
        return blockSize;
    }

    public int aggregationDepth() {
        return aggregationDepth;
    }

    /** Keep every r-th state in the backward sweep and recompute the rest (1: keep all). */
    public int recomputeStride() {
        return recomputeStride;
    }

    /** Whether the Spark engine repartitions input with fewer partitions than Spark's default parallelism. */
    public boolean repartitionInput() {
        return repartitionInput;
    }

    public EngineSettings withRepartitionInput(boolean v) {
        return new EngineSettings(engine, driverThreads, driverEngineMaxBytes, blockSize, aggregationDepth,
                recomputeStride, v);
    }

    public EngineSettings withEngine(Engine v) {
        return new EngineSettings(v, driverThreads, driverEngineMaxBytes, blockSize, aggregationDepth,
                recomputeStride, repartitionInput);
    }

    public EngineSettings withDriverThreads(int v) {
        return new EngineSettings(engine, v, driverEngineMaxBytes, blockSize, aggregationDepth, recomputeStride,
                repartitionInput);
    }

    public EngineSettings withDriverEngineMaxBytes(long v) {
        return new EngineSettings(engine, driverThreads, v, blockSize, aggregationDepth, recomputeStride,
                repartitionInput);
    }

    public EngineSettings withBlockSize(int v) {
        return new EngineSettings(engine, driverThreads, driverEngineMaxBytes, v, aggregationDepth, recomputeStride,
                repartitionInput);
    }

    public EngineSettings withAggregationDepth(int v) {
        return new EngineSettings(engine, driverThreads, driverEngineMaxBytes, blockSize, v, recomputeStride,
                repartitionInput);
    }

    public EngineSettings withRecomputeStride(int v) {
        return new EngineSettings(engine, driverThreads, driverEngineMaxBytes, blockSize, aggregationDepth, v,
                repartitionInput);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineSettings e && engine == e.engine && driverThreads == e.driverThreads
                && driverEngineMaxBytes == e.driverEngineMaxBytes && blockSize == e.blockSize
                && aggregationDepth == e.aggregationDepth && recomputeStride == e.recomputeStride
                && repartitionInput == e.repartitionInput;
    }

    @Override
    public int hashCode() {
        return Objects.hash(engine, driverThreads, driverEngineMaxBytes, blockSize, aggregationDepth, recomputeStride,
                repartitionInput);
    }

    @Override
    public String toString() {
        return "EngineSettings[engine=" + engine.configName() + ", driverThreads=" + driverThreads
                + ", driverEngineMaxBytes=" + driverEngineMaxBytes + ", blockSize=" + blockSize
                + ", aggregationDepth=" + aggregationDepth + ", recomputeStride=" + recomputeStride
                + ", repartitionInput=" + repartitionInput + "]";
    }
}
