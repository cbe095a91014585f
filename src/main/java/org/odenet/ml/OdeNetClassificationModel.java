package org.odenet.ml;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.HasTrainingSummary;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.ParameterLayout;
import scala.Option;

/**
 * A trained ODE-inspired network: {@code transform} adds the raw prediction, the class probabilities and the
 * prediction (and, if {@code transformedFeaturesCol} is set, the features after the flow y<sup>[N]</sup>), scoring
 * blocks of {@code blockSize} rows at a time with the same column-major kernels as training.
 * Exposes the learned time steps and every control. Saved as Spark ML metadata plus Parquet and JSON
 * files, never with Java serialization.
 *
 * <p>{@code write().save(path)} and {@code write().overwrite().save(path)} write the new model aside and swap
 * it in by renames: at every instant, also if the saving process is killed, {@code path} holds a complete
 * old or complete new model (or, for an instant between two renames, a complete sibling that the next load
 * or save restores); the next save deletes what killed saves left. A second save to the same path while one
 * is in progress fails with an {@code IOException} naming the lock {@code _<name>.saving} and its holder.
 * Spark's {@code PipelineModel} and tuning models still delete their directory before an overwrite.
 *
 * <p>It is a Spark ML model with a training summary ({@link HasTrainingSummary}), so that Spark Connect, whose
 * ML commands read only the attributes of Spark's own model and summary traits, lets a client fetch
 * {@code hasSummary}, {@code summary} and the summary's {@code objectiveHistory} and {@code totalIterations}.
 */
public final class OdeNetClassificationModel
        extends ProbabilisticClassificationModel<Vector, OdeNetClassificationModel>
        implements OdeNetParams, MLWritable, HasTrainingSummary<OdeNetTrainingSummary> {
    private static final long serialVersionUID = 1L;

    private String uid;
    private OdeNetParamSet paramSet;
    private NetworkSpec spec;
    /** Java-serialized by {@link #writeObject}: in place, or as {@link #thetaShipped} when that is set. */
    private transient double[] theta;
    /**
     * When set, θ travels in Spark's task closures as this broadcast handle instead of inside them, so that a
     * per-row UDF that holds the model stays a small task ({@link #transformRowByRow}).
     */
    private transient Broadcast<double[]> thetaShipped;
    /** Not shipped with the closures Spark sends to executors: prediction does not need it. */
    private transient OdeNetTrainingSummary summary;
    private transient ThreadLocal<NetworkEvaluator> evaluators;

    /** An empty model (for Spark's service loading); fit or load a model to use it. */
    public OdeNetClassificationModel() {
        this(Uids.offerRandom(), null, null, null, true);
    }

    /** An empty model with this uid; fit or load a model to use it. */
    public OdeNetClassificationModel(String uid) {
        this(Uids.offer(uid), null, null, null, true);
    }

    /**
     * A model of the network {@code spec} with controls {@code theta} (copied).
     *
     * @throws IllegalArgumentException if θ does not fit the network or is not finite
     */
    public OdeNetClassificationModel(String uid, NetworkSpec spec, double[] theta, OdeNetTrainingSummary summary) {
        this(Uids.offer(uid), spec, theta, summary, true);
    }

    private OdeNetClassificationModel(String uidOffered, NetworkSpec spec, double[] theta,
                                      OdeNetTrainingSummary summary, boolean marker) {
        super();
        Uids.requireTaken(uid(), uidOffered);
        odeNetParamSet().setDefaults(this);
        if (spec != null) {
            if (theta.length != spec.layout().size()) {
                throw new IllegalArgumentException("the controls have " + theta.length + " entries, " + spec
                        + " needs " + spec.layout().size());
            }
            for (int i = 0; i < theta.length; i++) {
                if (!Double.isFinite(theta[i])) {
                    throw new IllegalArgumentException("control " + spec.layout().describe(i) + " is " + theta[i]);
                }
            }
        }
        this.spec = spec;
        this.theta = theta == null ? null : theta.clone();
        this.summary = summary;
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take();
        }
        return uid;
    }

    @Override
    public OdeNetParamSet odeNetParamSet() {
        if (paramSet == null) {
            paramSet = new OdeNetParamSet(this);
        }
        return paramSet;
    }

    public static MLReader<OdeNetClassificationModel> read() {
        return new ModelPersistence.ModelReader();
    }

    public static OdeNetClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public MLWriter write() {
        requireTrained();
        return new ModelPersistence.ModelWriter(this);
    }

    @Override
    public OdeNetClassificationModel copy(ParamMap extra) {
        OdeNetClassificationModel copy = new OdeNetClassificationModel(uid(), spec, theta, summary);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }

    @Override
    public int numClasses() {
        requireTrained();
        return spec.numClasses();
    }

    /** The input features (the state has {@link NetworkSpec#stateWidth()} channels). */
    @Override
    public int numFeatures() {
        requireTrained();
        return spec.inputWidth();
    }

    /** The network: features, state width, layers, final time, tableau, architecture, head, classes. */
    public NetworkSpec spec() {
        requireTrained();
        return spec;
    }

    /** A copy of the flat controls θ (layout: {@link ParameterLayout}). */
    public double[] parameters() {
        requireTrained();
        return theta.clone();
    }

    /** The time step h<sub>j</sub> of every layer (T/N for ResNet); empty for Net, which has no steps. */
    public double[] timeSteps() {
        requireTrained();
        return spec.timeSteps(theta);
    }

    /**
     * The layers inference evaluates: Runge–Kutta layers with a zero step are the identity and are skipped
     * (predictions are bit for bit those of the full network); every layer of Net.
     */
    public int effectiveDepth() {
        return numNonZeroSteps();
    }

    /** Layers that change their input: those with a non-zero step (every layer of Net). */
    public int numNonZeroSteps() {
        requireTrained();
        if (!spec.architecture().isRungeKutta()) {
            return spec.layers();
        }
        return (int) Arrays.stream(timeSteps()).filter(h -> h != 0).count();
    }

    /** K<sub>j</sub>, n×n. */
    public Matrix layerWeights(int j) {
        checkLayer(j);
        int n = spec.stateWidth();
        int off = spec.layout().kOffset(j);
        return new DenseMatrix(n, n, Arrays.copyOfRange(theta, off, off + n * n));
    }

    /** β<sub>j</sub>. */
    public Vector layerBias(int j) {
        checkLayer(j);
        int off = spec.layout().betaOffset(j);
        return Vectors.dense(Arrays.copyOfRange(theta, off, off + spec.stateWidth()));
    }

    /** W, k×n (k = 1 for the binary heads). */
    public Matrix headWeights() {
        requireTrained();
        int off = spec.layout().wOffset();
        return new DenseMatrix(spec.outputs(), spec.stateWidth(),
                Arrays.copyOfRange(theta, off, off + spec.outputs() * spec.stateWidth()));
    }

    /** μ, length k. */
    public Vector headIntercept() {
        requireTrained();
        int off = spec.layout().muOffset();
        return Vectors.dense(Arrays.copyOfRange(theta, off, off + spec.outputs()));
    }

    /**
     * E of the input embedding Y[0] = E x + e, stateWidth × numFeatures.
     *
     * @throws IllegalStateException unless the state is narrower than the input ({@link NetworkSpec#embedsInput()})
     */
    public Matrix embeddingWeights() {
        requireEmbedding();
        int off = spec.layout().embeddingOffset();
        return new DenseMatrix(spec.stateWidth(), spec.inputWidth(),
                Arrays.copyOfRange(theta, off, off + spec.stateWidth() * spec.inputWidth()));
    }

    /** e of the input embedding Y[0] = E x + e, length stateWidth; see {@link #embeddingWeights()}. */
    public Vector embeddingBias() {
        requireEmbedding();
        int off = spec.layout().embeddingBiasOffset();
        return Vectors.dense(Arrays.copyOfRange(theta, off, off + spec.stateWidth()));
    }

    private void requireEmbedding() {
        requireTrained();
        if (!spec.embedsInput()) {
            throw new IllegalStateException("this model has no input embedding: its state has " + spec.stateWidth()
                    + " channels for " + spec.inputWidth() + " features (stateWidth < features embeds)");
        }
    }

    @Override
    public boolean hasSummary() {
        return summary != null;
    }

    /** @throws IllegalStateException if the model has no summary (e.g. built from raw controls) */
    @Override
    public OdeNetTrainingSummary summary() {
        if (summary == null) {
            throw new IllegalStateException("no training summary is available for this " + getClass().getSimpleName());
        }
        return summary;
    }

    /** The summary as {@link HasTrainingSummary} holds it: empty for a model built from raw controls. */
    @Override
    public Option<OdeNetTrainingSummary> trainingSummary() {
        return Option.apply(summary);
    }

    /**
     * Refused: a model's summary is the record of the training that produced it (or of its saved copy).
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void trainingSummary_$eq(Option<OdeNetTrainingSummary> replacement) {
        throw new UnsupportedOperationException("the training summary of " + uid() + " cannot be replaced");
    }

    /**
     * Writes the summary where Spark Connect's model cache asks, after it saved the model with
     * {@code write().saveToLocal(dir)} and the summary therefore is at {@code dir/summary} already: writes it
     * only if {@code path} does not exist.
     */
    @Override
    public void saveSummary(String path) {
        ModelPersistence.saveSummaryIfAbsent(summary(), path);
    }

    /**
     * Reads the summary {@link #saveSummary} wrote to {@code path} (Spark Connect calls this for a cached model
     * without one; {@code dataset}, the training data Spark's own models recompute their summary from, is not
     * needed: this summary is the record of training, not a recomputation).
     *
     * @throws IllegalStateException naming {@code path} if no summary was saved there
     */
    @Override
    public void loadSummary(String path, Dataset<Row> dataset) {
        summary = ModelPersistence.loadSummary(path, uid());
    }

    @Override
    public Vector predictRaw(Vector features) {
        double[] z = logits(features);
        double[] raw = new double[spec.numClasses()];
        spec.head().rawPrediction(z, 0, spec.outputs(), raw);
        return Vectors.dense(raw);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        scoring().rawToProbabilityInPlace(((DenseVector) rawPrediction).values());
        return rawPrediction;
    }

    /**
     * The features after the flow, y<sup>[N]</sup> (what the paper plots as transformed features): stateWidth values,
     * the zero channels' after the input ones when the state is wider than the input.
     */
    public Vector transformedFeatures(Vector features) {
        logits(features);
        return Vectors.dense(evaluator().stateAfterLayer(spec.layers()).clone());
    }

    /**
     * ∂ℓ(x, label)/∂x: the gradient of one sample's loss with respect to its features (the adjoint P[0], or Eᵀ P[0]
     * through an input embedding).
     */
    public Vector lossGradient(Vector features, double label) {
        double[] z = logits(features);
        int cls = (int) label;
        if (cls != label || cls < 0 || cls >= spec.numClasses()) {
            throw new IllegalArgumentException("label " + label + " is not one of the classes 0.."
                    + (spec.numClasses() - 1));
        }
        double[] dz = new double[spec.outputs()];
        spec.head().lossAndGradient(z, 0, spec.outputs(), cls, dz, 0);
        return inputGradient(features, dz);
    }

    /** ∂p/∂x, p the probability of the class {@link #predict} gives the sample. */
    public Vector probabilityGradient(Vector features) {
        double[] z = logits(features);
        double[] dz = new double[spec.outputs()];
        spec.head().probabilityGradient(z, 0, spec.outputs(), spec.head().predict(z, 0, spec.outputs()), dz, 0);
        return inputGradient(features, dz);
    }

    private Vector inputGradient(Vector features, double[] logitGradient) {
        double[] out = new double[spec.inputWidth()];
        evaluator().inputGradient(theta, dense(features), 1, logitGradient, out);
        return Vectors.dense(out);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = super.transformSchema(schema);
        for (String[] c : new String[][] {{"transformedFeaturesCol", getTransformedFeaturesCol()},
            {"sensitivityCol", getSensitivityCol()}}) {
            if (!c[1].isEmpty()) {
                if (Arrays.asList(schema.fieldNames()).contains(c[1])) {
                    throw new IllegalArgumentException(c[0] + ": column '" + c[1] + "' already exists");
                }
                out = out.add(c[1], SQLDataTypes.VectorType(), false);
            }
        }
        if (!getSensitivityCol().isEmpty() && "loss".equals(getSensitivityOf())
                && !Arrays.asList(schema.fieldNames()).contains(getLabelCol())) {
            throw new IllegalArgumentException("sensitivityCol with sensitivityOf = loss needs the label column '"
                    + getLabelCol() + "' (columns: " + String.join(", ", schema.fieldNames())
                    + "); use sensitivityOf = probability for unlabelled data");
        }
        return out;
    }

    /**
     * Appends Spark's rawPrediction, probability and prediction columns (each when its name is not empty, with
     * Spark's metadata and {@code thresholds} rule), then transformedFeaturesCol and sensitivityCol when set.
     * Each partition is scored in column-major blocks of up to {@code blockSize} rows with the network broadcast
     * once; every value is bit for bit what the single-row methods ({@link #predictRaw}, {@link #predict},
     * {@link #transformedFeatures}, …) give for that row.
     *
     * @throws IllegalArgumentException before any work if the features column's metadata gives another
     *                                  feature count (rows are checked one by one in any case)
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType schema = checkedOutputSchema(dataset);
        Dataset<Row> frame = dataset.toDF();
        StructType in = frame.schema();
        StructType out = in;
        String[] sparkColumns = {getRawPredictionCol(), getProbabilityCol(), getPredictionCol()};
        for (String name : sparkColumns) {
            if (!name.isEmpty()) {
                boolean isPrediction = name.equals(getPredictionCol());
                out = out.add(new StructField(name, isPrediction ? DataTypes.DoubleType : SQLDataTypes.VectorType(),
                        !isPrediction, schema.apply(name).metadata()));
            }
        }
        for (String name : new String[] {getTransformedFeaturesCol(), getSensitivityCol()}) {
            if (!name.isEmpty()) {
                out = out.add(name, SQLDataTypes.VectorType(), true);
            }
        }
        ScoringColumns.Sensitivity sensitivity = getSensitivityCol().isEmpty() ? ScoringColumns.Sensitivity.NONE
                : "loss".equals(getSensitivityOf()) ? ScoringColumns.Sensitivity.LOSS
                : ScoringColumns.Sensitivity.PROBABILITY;
        ScoringColumns columns = new ScoringColumns(getFeaturesCol(), in.fieldIndex(getFeaturesCol()), getLabelCol(),
                sensitivity == ScoringColumns.Sensitivity.LOSS ? in.fieldIndex(getLabelCol()) : -1,
                !getRawPredictionCol().isEmpty(), !getProbabilityCol().isEmpty(), !getPredictionCol().isEmpty(),
                !getTransformedFeaturesCol().isEmpty(), sensitivity,
                isDefined(thresholds()) ? getThresholds() : null, getBlockSize());
        Broadcast<ScoringNetwork> network = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext())
                .broadcast(scoring());
        Dataset<Row> scored = frame.mapPartitions(new BlockScorer(network, columns), Encoders.row(out));
        // the row encoder drops column metadata: put it back, the inputs' and Spark's (the outputs' classes)
        Column[] withMetadata = new Column[out.size()];
        for (int i = 0; i < out.size(); i++) {
            StructField field = out.fields()[i];
            Column column = functions.col("`" + field.name().replace("`", "``") + "`");
            withMetadata[i] = column.as(field.name(), field.metadata());
        }
        return scored.select(withMetadata);
    }

    /**
     * The checks every transform makes before any work, as Spark's: the output schema (existing columns, the
     * label for loss sensitivities), the feature count from the column's metadata, the thresholds' length.
     */
    private StructType checkedOutputSchema(Dataset<?> dataset) {
        requireTrained();
        int size = Schemas.metadataSize(dataset.schema(), getFeaturesCol());
        if (size >= 0 && size != spec.inputWidth()) {
            throw new IllegalArgumentException("column '" + getFeaturesCol() + "' has vectors of size " + size
                    + " but this model was trained on " + spec.inputWidth() + " features");
        }
        StructType schema = transformSchema(dataset.schema());
        if (isDefined(thresholds()) && getThresholds().length != spec.numClasses()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".transform() called with non-matching "
                    + "numClasses and thresholds.length. numClasses=" + spec.numClasses()
                    + ", but thresholds has length " + getThresholds().length);
        }
        return schema;
    }

    /**
     * The same columns as {@link #transform}, scored as before block inference — Spark's one UDF call per row and
     * output column, each through the single-row methods — for the tests and the benchmark that compare the two.
     * The UDFs hold a copy of this model whose θ is broadcast, not sent inside every task.
     */
    public Dataset<Row> transformRowByRow(Dataset<?> dataset) {
        checkedOutputSchema(dataset);
        OdeNetClassificationModel shipped = copy(ParamMap.empty());
        shipped.thetaShipped = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext())
                .broadcast(theta);
        return shipped.rowByRowColumns(dataset);
    }

    /** {@link #transformRowByRow} on this model, whose UDFs capture it. */
    private Dataset<Row> rowByRowColumns(Dataset<?> dataset) {
        Dataset<Row> out = super.transform(dataset);
        String col = getTransformedFeaturesCol();
        if (!col.isEmpty()) {
            UserDefinedFunction flow = functions.udf((UDF1<Vector, Vector>) this::transformedFeatures,
                    SQLDataTypes.VectorType());
            out = out.withColumn(col, flow.apply(functions.col(getFeaturesCol())));
        }
        String sensitivity = getSensitivityCol();
        if (!sensitivity.isEmpty()) {
            if ("loss".equals(getSensitivityOf())) {
                UserDefinedFunction grad = functions.udf(
                        (org.apache.spark.sql.api.java.UDF2<Vector, Double, Vector>) this::lossGradient,
                        SQLDataTypes.VectorType());
                out = out.withColumn(sensitivity, grad.apply(functions.col(getFeaturesCol()),
                        functions.col(getLabelCol()).cast("double")));
            } else {
                UserDefinedFunction grad = functions.udf((UDF1<Vector, Vector>) this::probabilityGradient,
                        SQLDataTypes.VectorType());
                out = out.withColumn(sensitivity, grad.apply(functions.col(getFeaturesCol())));
            }
        }
        return out;
    }

    public OdeNetClassificationModel setSensitivityCol(String v) {
        return (OdeNetClassificationModel) set(sensitivityCol(), v);
    }

    /** loss or probability. */
    public OdeNetClassificationModel setSensitivityOf(String v) {
        return (OdeNetClassificationModel) set(sensitivityOf(), v);
    }

    /** Most rows scored together in one column-major block by {@link #transform} (default 128). */
    public OdeNetClassificationModel setBlockSize(int v) {
        return (OdeNetClassificationModel) set(blockSize(), v);
    }

    public OdeNetClassificationModel setTransformedFeaturesCol(String v) {
        return (OdeNetClassificationModel) set(transformedFeaturesCol(), v);
    }

    @Override
    public String toString() {
        return "OdeNetClassificationModel: uid=" + uid() + (spec == null ? ", empty" : ", " + spec
                + ", non-zero steps=" + numNonZeroSteps());
    }

    private double[] logits(Vector features) {
        double[] z = new double[spec.outputs()];
        evaluator().logits(theta, dense(features), 1, z);
        return z;
    }

    /** The checked, dense values of a features vector. */
    private double[] dense(Vector features) {
        requireTrained();
        return scoring().checkedFeatures(features);
    }

    /** The network and θ as scoring sees them (what {@link #transform} broadcasts). */
    private ScoringNetwork scoring() {
        requireTrained();
        return new ScoringNetwork(spec, theta);
    }

    private synchronized NetworkEvaluator evaluator() {
        if (evaluators == null) {
            ScoringNetwork network = scoring();
            evaluators = ThreadLocal.withInitial(() -> network.evaluator(1));
        }
        return evaluators.get();
    }

    private void checkLayer(int j) {
        requireTrained();
        if (j < 0 || j >= spec.layers()) {
            throw new IllegalArgumentException("layer " + j + " outside 0.." + (spec.layers() - 1));
        }
    }

    private void requireTrained() {
        if (spec == null) {
            throw new IllegalStateException("this OdeNetClassificationModel (" + uid()
                    + ") is empty: fit an OdeNetClassifier or load a saved model");
        }
    }

    /** The stateWidth param of a model loaded from before that param (see {@link ModelPersistence}). */
    void restoreStateWidth(int v) {
        set(stateWidth(), v);
    }

    NetworkSpec specOrNull() {
        return spec;
    }

    double[] thetaOrNull() {
        return theta;
    }

    OdeNetTrainingSummary summaryOrNull() {
        return summary;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeObject(thetaShipped != null ? thetaShipped : theta);
    }

    @SuppressWarnings("unchecked")
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        Object shipped = in.readObject();
        theta = shipped instanceof Broadcast<?> handle ? ((Broadcast<double[]>) handle).value() : (double[]) shipped;
    }
}
