package org.odenet.spark;

import java.io.Serializable;
import java.util.Objects;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.Initialization;
import org.odenet.optim.LineSearchParameters;

/**
 * Everything {@link OdeNetTrainer} needs besides the data. Immutable; build it with {@link #builder()},
 * whose {@code build()} validates every field and names the one that is wrong.
 */
public final class TrainingConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String featuresCol;
    private final String labelCol;
    private final String weightCol;
    private final int layers;
    private final double finalTime;
    private final ButcherTableau tableau;
    private final Architecture architecture;
    private final Head head;
    private final Initialization initialization;
    private final long seed;
    private final int blockSize;
    private final int aggregationDepth;
    private final int maxIter;
    private final double tol;
    private final LineSearchParameters lineSearch;
    private final String checkpointDir;
    private final int checkpointInterval;
    private final int validationInterval;
    private final int progressInterval;
    private final int numClasses;
    private final Engine engine;
    private final int driverThreads;
    private final long driverEngineMaxBytes;
    private final int augmentation;
    private final int recomputeStride;

    private TrainingConfig(Builder b) {
        this.featuresCol = b.featuresCol;
        this.labelCol = b.labelCol;
        this.weightCol = b.weightCol;
        this.layers = b.layers;
        this.finalTime = b.finalTime;
        this.tableau = b.tableau;
        this.architecture = b.architecture;
        this.head = b.head;
        this.initialization = b.initialization;
        this.seed = b.seed;
        this.blockSize = b.blockSize;
        this.aggregationDepth = b.aggregationDepth;
        this.maxIter = b.maxIter;
        this.tol = b.tol;
        this.lineSearch = b.lineSearch;
        this.checkpointDir = b.checkpointDir;
        this.checkpointInterval = b.checkpointInterval;
        this.validationInterval = b.validationInterval;
        this.progressInterval = b.progressInterval;
        this.numClasses = b.numClasses;
        this.engine = b.engine;
        this.driverThreads = b.driverThreads;
        this.driverEngineMaxBytes = b.driverEngineMaxBytes;
        this.augmentation = b.augmentation;
        this.recomputeStride = b.recomputeStride;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.featuresCol = featuresCol;
        b.labelCol = labelCol;
        b.weightCol = weightCol;
        b.layers = layers;
        b.finalTime = finalTime;
        b.tableau = tableau;
        b.architecture = architecture;
        b.head = head;
        b.initialization = initialization;
        b.seed = seed;
        b.blockSize = blockSize;
        b.aggregationDepth = aggregationDepth;
        b.maxIter = maxIter;
        b.tol = tol;
        b.lineSearch = lineSearch;
        b.checkpointDir = checkpointDir;
        b.checkpointInterval = checkpointInterval;
        b.validationInterval = validationInterval;
        b.progressInterval = progressInterval;
        b.numClasses = numClasses;
        b.engine = engine;
        b.driverThreads = driverThreads;
        b.driverEngineMaxBytes = driverEngineMaxBytes;
        b.augmentation = augmentation;
        b.recomputeStride = recomputeStride;
        return b;
    }

    public String featuresCol() {
        return featuresCol;
    }

    public String labelCol() {
        return labelCol;
    }

    /** The weight column, or null when every sample weighs 1. */
    public String weightCol() {
        return weightCol;
    }

    public int layers() {
        return layers;
    }

    public double finalTime() {
        return finalTime;
    }

    public ButcherTableau tableau() {
        return tableau;
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The head, or null for "auto": the paper's logistic head for two classes, softmax for more. */
    public Head head() {
        return head;
    }

    /** The head for a problem with {@code numClasses} classes. */
    public Head headFor(int numClasses) {
        if (head != null) {
            return head;
        }
        return numClasses == 2 ? Head.LOGISTIC_SQUARED_ERROR : Head.SOFTMAX_CROSS_ENTROPY;
    }

    public Initialization initialization() {
        return initialization;
    }

    public long seed() {
        return seed;
    }

    public int blockSize() {
        return blockSize;
    }

    public int aggregationDepth() {
        return aggregationDepth;
    }

    public int maxIter() {
        return maxIter;
    }

    public double tol() {
        return tol;
    }

    public LineSearchParameters lineSearch() {
        return lineSearch;
    }

    /** A Hadoop path (file://, hdfs://, s3a://, ...) for checkpoints, or null for none. */
    public String checkpointDir() {
        return checkpointDir;
    }

    public int checkpointInterval() {
        return checkpointInterval;
    }

    public int validationInterval() {
        return validationInterval;
    }

    public int progressInterval() {
        return progressInterval;
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

    /** Zero channels appended to every input (augmented neural ODEs); 0 is the paper's setting. */
    public int augmentation() {
        return augmentation;
    }

    /** Keep every r-th state in the backward sweep and recompute the rest (1: keep all). */
    public int recomputeStride() {
        return recomputeStride;
    }

    /** The number of classes K, or −1 to take max label + 1 from the training data. */
    public int numClasses() {
        return numClasses;
    }

    @Override
    public String toString() {
        return "TrainingConfig[featuresCol=" + featuresCol + ", labelCol=" + labelCol + ", weightCol=" + weightCol
                + ", layers=" + layers + ", finalTime=" + finalTime + ", tableau=" + tableau.name()
                + ", architecture=" + architecture.configName() + ", head=" + (head == null ? "auto" : head.configName())
                + ", initialization=" + initialization.configName() + ", seed=" + seed + ", blockSize=" + blockSize
                + ", aggregationDepth=" + aggregationDepth + ", maxIter=" + maxIter + ", tol=" + tol
                + ", lineSearch=" + lineSearch + ", checkpointDir=" + checkpointDir
                + ", checkpointInterval=" + checkpointInterval + ", validationInterval=" + validationInterval
                + ", progressInterval=" + progressInterval + ", numClasses=" + numClasses + ", engine=" + engine.configName()
                + ", driverThreads=" + driverThreads + ", driverEngineMaxBytes=" + driverEngineMaxBytes
                + ", augmentation=" + augmentation + ", recomputeStride=" + recomputeStride + "]";
    }

    /** Mutable builder; defaults as documented on each setter. */
    public static final class Builder {
        private String featuresCol = "features";
        private String labelCol = "label";
        private String weightCol;
        private int layers = 20;
        private double finalTime = 1.0;
        private ButcherTableau tableau = ButcherTableau.EULER;
        private Architecture architecture = Architecture.RESNET;
        private Head head;
        private Initialization initialization = Initialization.SCALED;
        private long seed = 42;
        private int blockSize = 128;
        private int aggregationDepth = 2;
        private int maxIter = 100;
        private double tol = 1e-6;
        private LineSearchParameters lineSearch = LineSearchParameters.DEFAULT;
        private String checkpointDir;
        private int checkpointInterval = 10;
        private int validationInterval = 1;
        private int progressInterval = 10;
        private int numClasses = -1;
        private Engine engine = Engine.SPARK;
        private int driverThreads;
        private long driverEngineMaxBytes = 64L << 20;
        private int augmentation;
        private int recomputeStride = 1;

        private Builder() {
        }

        /** Vector column of the features (default "features"). */
        public Builder featuresCol(String v) {
            featuresCol = v;
            return this;
        }

        /** Numeric column of the labels 0..K−1 (default "label"). */
        public Builder labelCol(String v) {
            labelCol = v;
            return this;
        }

        /** Numeric column of non-negative sample weights; null or empty for none (default). */
        public Builder weightCol(String v) {
            weightCol = v == null || v.isEmpty() ? null : v;
            return this;
        }

        /** Number of layers N ≥ 1 (default 20). */
        public Builder layers(int v) {
            layers = v;
            return this;
        }

        /** Final time T &gt; 0 (default 1). */
        public Builder finalTime(double v) {
            finalTime = v;
            return this;
        }

        /** Runge–Kutta tableau (default Euler). */
        public Builder tableau(ButcherTableau v) {
            tableau = v;
            return this;
        }

        /** Architecture (default ResNet). */
        public Builder architecture(Architecture v) {
            architecture = v;
            return this;
        }

        /** Head; null for auto (default). */
        public Builder head(Head v) {
            head = v;
            return this;
        }

        /** Initialisation scheme (default scaled). */
        public Builder initialization(Initialization v) {
            initialization = v;
            return this;
        }

        /** Seed of the initialisation (default 42). */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Most samples per block (default 128). */
        public Builder blockSize(int v) {
            blockSize = v;
            return this;
        }

        /** Depth of treeAggregate ≥ 2 (default 2). */
        public Builder aggregationDepth(int v) {
            aggregationDepth = v;
            return this;
        }

        /** Accepted iterations ≥ 0 (default 100). */
        public Builder maxIter(int v) {
            maxIter = v;
            return this;
        }

        /** Relative loss decrease at or below which training stops, ≥ 0 (default 1e-6). */
        public Builder tol(double v) {
            tol = v;
            return this;
        }

        /** Line-search constants (default L₀ = 0.1, ρ_up = 1.5, ρ_down = 0.99, 200 tries). */
        public Builder lineSearch(LineSearchParameters v) {
            lineSearch = v;
            return this;
        }

        /** Directory for checkpoints (any Hadoop path), null or empty for none (default). */
        public Builder checkpointDir(String v) {
            checkpointDir = v == null || v.isEmpty() ? null : v;
            return this;
        }

        /** Iterations between checkpoints ≥ 1 (default 10). */
        public Builder checkpointInterval(int v) {
            checkpointInterval = v;
            return this;
        }

        /** Iterations between validation passes ≥ 1 (default 1). */
        public Builder validationInterval(int v) {
            validationInterval = v;
            return this;
        }

        /** Iterations between progress lines ≥ 1 (default 10). */
        public Builder progressInterval(int v) {
            progressInterval = v;
            return this;
        }

        /** Number of classes K ≥ 2 (e.g. from the label column's metadata), or −1 to infer max label + 1 (default). */
        public Builder numClasses(int v) {
            numClasses = v;
            return this;
        }

        /** Where passes run: spark (default), driver or auto (see {@link Engine}). */
        public Builder engine(Engine v) {
            engine = v;
            return this;
        }

        /** Threads of the driver engine, 0 for one per available core (default). */
        public Builder driverThreads(int v) {
            driverThreads = v;
            return this;
        }

        /** Feature bytes up to which {@link Engine#AUTO} picks the driver engine (default 64 MiB). */
        public Builder driverEngineMaxBytes(long v) {
            driverEngineMaxBytes = v;
            return this;
        }

        /** Zero channels appended to the inputs (default 0). */
        public Builder augmentation(int v) {
            augmentation = v;
            return this;
        }

        /** Keep every r-th state and recompute the rest in the backward sweep (default 1: keep all). */
        public Builder recomputeStride(int v) {
            recomputeStride = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the parameter and value */
        public TrainingConfig build() {
            requireName("featuresCol", featuresCol);
            requireName("labelCol", labelCol);
            require(layers >= 1, "layers must be >= 1, got " + layers);
            require(finalTime > 0 && !Double.isInfinite(finalTime), "finalTime must be positive and finite, got " + finalTime);
            Objects.requireNonNull(tableau, "tableau");
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(initialization, "initialization");
            Objects.requireNonNull(lineSearch, "lineSearch");
            require(blockSize >= 1, "blockSize must be >= 1, got " + blockSize);
            require(aggregationDepth >= 2, "aggregationDepth must be >= 2, got " + aggregationDepth);
            require(maxIter >= 0, "maxIter must be >= 0, got " + maxIter);
            require(tol >= 0, "tol must be >= 0, got " + tol);
            require(checkpointInterval >= 1, "checkpointInterval must be >= 1, got " + checkpointInterval);
            require(validationInterval >= 1, "validationInterval must be >= 1, got " + validationInterval);
            require(progressInterval >= 1, "progressInterval must be >= 1, got " + progressInterval);
            require(numClasses == -1 || numClasses >= 2, "numClasses must be >= 2 (or -1 to infer), got " + numClasses);
            Objects.requireNonNull(engine, "engine");
            require(driverThreads >= 0, "driverThreads must be >= 0 (0: one per core), got " + driverThreads);
            require(driverEngineMaxBytes >= 0, "driverEngineMaxBytes must be >= 0, got " + driverEngineMaxBytes);
            require(augmentation >= 0, "augmentation must be >= 0, got " + augmentation);
            require(recomputeStride >= 1, "recomputeStride must be >= 1, got " + recomputeStride);
            return new TrainingConfig(this);
        }

        private static void requireName(String param, String v) {
            require(v != null && !v.isEmpty(), param + " must be a non-empty column name, got " + v);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
