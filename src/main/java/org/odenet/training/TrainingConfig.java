package org.odenet.training;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.odenet.numerics.NetworkShape;
import org.odenet.optim.LineSearchParameters;

/**
 * Everything a trainer needs besides the data: the input columns, the number of classes, and the settings
 * values — {@link NetworkShape}, {@link LineSearchParameters}, {@link RunSettings}, {@link EngineSettings},
 * {@link Regularization} — which hold the defaults and validate themselves. Immutable; build it with {@link #builder()}, which starts
 * from each value's {@code DEFAULT}.
 */
public final class TrainingConfig implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The default features column, as in Spark ML. */
    public static final String DEFAULT_FEATURES_COL = "features";
    /** The default label column, as in Spark ML. */
    public static final String DEFAULT_LABEL_COL = "label";
    /** {@link #numClasses()} when K is to be inferred from the training labels. */
    public static final int INFER_NUM_CLASSES = -1;

    private final String featuresCol;
    private final String labelCol;
    private final String weightCol;
    private final int numClasses;
    private final NetworkShape shape;
    private final LineSearchParameters lineSearch;
    private final RunSettings run;
    private final EngineSettings engineSettings;
    private final Regularization regularization;

    private TrainingConfig(Builder b) {
        this.featuresCol = b.featuresCol;
        this.labelCol = b.labelCol;
        this.weightCol = b.weightCol;
        this.numClasses = b.numClasses;
        this.shape = b.shape;
        this.lineSearch = b.lineSearch;
        this.run = b.run;
        this.engineSettings = b.engineSettings;
        this.regularization = b.regularization;
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
        b.numClasses = numClasses;
        b.shape = shape;
        b.lineSearch = lineSearch;
        b.run = run;
        b.engineSettings = engineSettings;
        b.regularization = regularization;
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

    /** The number of classes K, or {@value #INFER_NUM_CLASSES} to take max label + 1 from the training data. */
    public int numClasses() {
        return numClasses;
    }

    /** The network apart from the data; {@link NetworkShape#specFor} completes it. */
    public NetworkShape shape() {
        return shape;
    }

    public LineSearchParameters lineSearch() {
        return lineSearch;
    }

    public RunSettings run() {
        return run;
    }

    public EngineSettings engineSettings() {
        return engineSettings;
    }

    /** The regulariser R added to the mean loss; {@link Regularization#DEFAULT} (none) unless set. */
    public Regularization regularization() {
        return regularization;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && featuresCol.equals(c.featuresCol) && labelCol.equals(c.labelCol)
                && Objects.equals(weightCol, c.weightCol) && numClasses == c.numClasses && shape.equals(c.shape)
                && lineSearch.equals(c.lineSearch) && run.equals(c.run) && engineSettings.equals(c.engineSettings)
                && regularization.equals(c.regularization);
    }

    @Override
    public int hashCode() {
        return Objects.hash(featuresCol, labelCol, weightCol, numClasses, shape, lineSearch, run, engineSettings, regularization);
    }

    @Override
    public String toString() {
        return "TrainingConfig[featuresCol=" + featuresCol + ", labelCol=" + labelCol + ", weightCol=" + weightCol
                + ", numClasses=" + numClasses + ", " + shape + ", " + lineSearch + ", " + run + ", "
                + engineSettings + ", " + regularization + "]";
    }

    /**
     * Mutable builder starting from the defaults (the columns "features" and "label", no weights, K inferred,
     * and each settings value's {@code DEFAULT}). A setting is changed through its value, e.g.
     * {@code run(r -> r.withMaxIter(20))}, whose {@code with} method throws at once, naming the parameter, if
     * the value is invalid; this class never repeats a setting.
     */
    public static final class Builder {
        private String featuresCol = DEFAULT_FEATURES_COL;
        private String labelCol = DEFAULT_LABEL_COL;
        private String weightCol;
        private int numClasses = INFER_NUM_CLASSES;
        private NetworkShape shape = NetworkShape.DEFAULT;
        private LineSearchParameters lineSearch = LineSearchParameters.DEFAULT;
        private RunSettings run = RunSettings.DEFAULT;
        private EngineSettings engineSettings = EngineSettings.DEFAULT;
        private Regularization regularization = Regularization.DEFAULT;

        private Builder() {
        }

        /** Vector column of the features. */
        public Builder featuresCol(String v) {
            featuresCol = v;
            return this;
        }

        /** Numeric column of the labels 0..K−1. */
        public Builder labelCol(String v) {
            labelCol = v;
            return this;
        }

        /** Numeric column of non-negative sample weights; null or empty for none. */
        public Builder weightCol(String v) {
            weightCol = v == null || v.isEmpty() ? null : v;
            return this;
        }

        /** Number of classes K ≥ 2 (e.g. from the label column's metadata), or −1 to infer max label + 1. */
        public Builder numClasses(int v) {
            numClasses = v;
            return this;
        }

        public Builder shape(NetworkShape v) {
            shape = Objects.requireNonNull(v, "shape");
            return this;
        }

        /** The shape after {@code change}, e.g. {@code shape(s -> s.withLayers(5))}. */
        public Builder shape(UnaryOperator<NetworkShape> change) {
            return shape(change.apply(shape));
        }

        /** Line-search constants. */
        public Builder lineSearch(LineSearchParameters v) {
            lineSearch = Objects.requireNonNull(v, "lineSearch");
            return this;
        }

        /** The line search after {@code change}. */
        public Builder lineSearch(UnaryOperator<LineSearchParameters> change) {
            return lineSearch(change.apply(lineSearch));
        }

        public Builder run(RunSettings v) {
            run = Objects.requireNonNull(v, "run");
            return this;
        }

        /** The run settings after {@code change}, e.g. {@code run(r -> r.withMaxIter(20))}. */
        public Builder run(UnaryOperator<RunSettings> change) {
            return run(change.apply(run));
        }

        public Builder engineSettings(EngineSettings v) {
            engineSettings = Objects.requireNonNull(v, "engineSettings");
            return this;
        }

        /** The engine settings after {@code change}. */
        public Builder engineSettings(UnaryOperator<EngineSettings> change) {
            return engineSettings(change.apply(engineSettings));
        }

        public Builder regularization(Regularization v) {
            regularization = Objects.requireNonNull(v, "regularization");
            return this;
        }

        /** The regularisation after {@code change}, e.g. {@code regularization(r -> r.withRegParam(1e-3))}. */
        public Builder regularization(UnaryOperator<Regularization> change) {
            return regularization(change.apply(regularization));
        }

        /** @throws IllegalArgumentException naming the parameter and value */
        public TrainingConfig build() {
            requireName("featuresCol", featuresCol);
            requireName("labelCol", labelCol);
            if (numClasses != INFER_NUM_CLASSES && numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2 (or -1 to infer), got " + numClasses);
            }
            return new TrainingConfig(this);
        }

        private static void requireName(String param, String v) {
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException(param + " must be a non-empty column name, got " + v);
            }
        }
    }
}
