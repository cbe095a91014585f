package org.odenet.ml;

import java.util.Arrays;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.Initialization;
import org.odenet.optim.LineSearchParameters;
import org.odenet.spark.Engine;
import org.odenet.spark.OdeNetTrainer;
import org.odenet.spark.TrainingConfig;
import org.odenet.training.TrainingResult;

/**
 * Spark ML estimator for ODE-inspired networks trained as a discrete optimal-control problem (Benning et
 * al. 2019): a Runge–Kutta flow Ẏ = tanh(K(t)Y + β(t)) with N layers, a logistic or softmax head, exact
 * gradients from the discrete adjoint and gradient descent with backtracking (the paper's Algorithm 2),
 * distributed over the partitions of the input. Binary and multi-class; sample weights; a validation set
 * marked by {@code validationIndicatorCol}; resumable through {@code checkpointDir}.
 *
 * <pre>{@code
 * OdeNetClassifier odenet = new OdeNetClassifier()
 *     .setArchitecture("odenet_simplex").setTableau("kutta4").setLayers(20).setMaxIter(5000).setTol(0);
 * OdeNetClassificationModel model = odenet.fit(train);
 * }</pre>
 */
public final class OdeNetClassifier
        extends ProbabilisticClassifier<Vector, OdeNetClassifier, OdeNetClassificationModel>
        implements OdeNetParams, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    static final String UID_PREFIX = "odenet";

    private String uid;
    private OdeNetParamSet paramSet;

    public OdeNetClassifier() {
        this(PendingUid.offer(Identifiable.randomUID(UID_PREFIX)), true);
    }

    public OdeNetClassifier(String uid) {
        this(PendingUid.offer(uid), true);
    }

    private OdeNetClassifier(String uidOffered, boolean marker) {
        super();
        if (!uid().equals(uidOffered)) {
            throw new IllegalStateException("uid mismatch: " + uid() + " vs " + uidOffered);
        }
        odeNetParamSet().setDefaults(this, OdeNetClassifier.class.getName().hashCode());
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = PendingUid.take(UID_PREFIX);
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

    /** Reads an estimator saved with {@code write().save(path)}. */
    public static MLReader<OdeNetClassifier> read() {
        return ModelPersistence.paramsReader();
    }

    public static OdeNetClassifier load(String path) {
        return read().load(path);
    }

    @Override
    public OdeNetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public OdeNetClassificationModel train(Dataset<?> dataset) {
        Dataset<Row> data = dataset.toDF();
        TrainingConfig config = trainingConfig(numClassesFromMetadata(data.schema()));
        Dataset<Row> train = data;
        Dataset<Row> validation = null;
        String indicator = getValidationIndicatorCol();
        if (!indicator.isEmpty()) {
            requireBooleanColumn(data.schema(), indicator);
            train = data.filter(functions.not(functions.col(indicator)));
            validation = data.filter(functions.col(indicator));
        }
        TrainingResult result = new OdeNetTrainer(config).fit(train, validation, null);
        OdeNetTrainingSummary summary = OdeNetTrainingSummary.of(result, this);
        return new OdeNetClassificationModel(uid(), result.spec(), result.theta(), summary);
    }

    /** The trainer configuration these params describe; validates the tableau and the head. */
    TrainingConfig trainingConfig(int numClasses) {
        String headName = getHead();
        return TrainingConfig.builder()
                .featuresCol(getFeaturesCol()).labelCol(getLabelCol()).weightCol(getWeightCol())
                .layers(getLayers()).finalTime(getFinalTime()).tableau(resolveTableau())
                .architecture(Architecture.fromName(getArchitecture()))
                .head("auto".equals(headName) ? null : Head.fromName(headName))
                .initialization(Initialization.fromName(getInitialization()))
                .seed(getSeed()).blockSize(getBlockSize()).aggregationDepth(getAggregationDepth())
                .maxIter(getMaxIter()).tol(getTol())
                .lineSearch(new LineSearchParameters(getInitialLipschitz(), getLipschitzIncrease(),
                        getLipschitzDecrease(), getMaxLineSearchTries()))
                .checkpointDir(getCheckpointDir()).checkpointInterval(getCheckpointInterval())
                .validationInterval(getValidationInterval()).progressInterval(getProgressInterval())
                .numClasses(numClasses)
                .engine(Engine.fromName(getEngine())).driverThreads(getDriverThreads())
                .driverEngineMaxBytes(getDriverEngineMaxBytes())
                .augmentation(getAugmentation()).recomputeStride(getRecomputeStride())
                .build();
    }

    /** K from the label column's nominal metadata (as Spark's classifiers read it), or −1. */
    private int numClassesFromMetadata(StructType schema) {
        if (!Arrays.asList(schema.fieldNames()).contains(getLabelCol())) {
            return -1;
        }
        Attribute attribute = Attribute.fromStructField(schema.apply(getLabelCol()));
        if (attribute instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
            return (Integer) nominal.getNumValues().get();
        }
        return -1;
    }

    private static void requireBooleanColumn(StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("validationIndicatorCol: column '" + name + "' does not exist (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
        }
        StructField field = schema.apply(name);
        if (!(field.dataType() instanceof BooleanType)) {
            throw new IllegalArgumentException("validationIndicatorCol: column '" + name + "' must be boolean, but is "
                    + field.dataType().simpleString());
        }
    }

    /** The number of features from vector metadata, −1 if unknown (used in error messages). */
    static int metadataSize(StructType schema, String col) {
        if (!Arrays.asList(schema.fieldNames()).contains(col)) {
            return -1;
        }
        return AttributeGroup.fromStructField(schema.apply(col)).size();
    }

    public OdeNetClassifier setWeightCol(String v) {
        return (OdeNetClassifier) set(weightCol(), v);
    }

    public OdeNetClassifier setMaxIter(int v) {
        return (OdeNetClassifier) set(maxIter(), v);
    }

    public OdeNetClassifier setTol(double v) {
        return (OdeNetClassifier) set(tol(), v);
    }

    public OdeNetClassifier setSeed(long v) {
        return (OdeNetClassifier) set(seed(), v);
    }

    public OdeNetClassifier setBlockSize(int v) {
        return (OdeNetClassifier) set(blockSize(), v);
    }

    public OdeNetClassifier setAggregationDepth(int v) {
        return (OdeNetClassifier) set(aggregationDepth(), v);
    }

    /** net, resnet, odenet or odenet_simplex. */
    public OdeNetClassifier setArchitecture(String v) {
        return (OdeNetClassifier) set(architecture(), v);
    }

    /** A built-in tableau by name: euler, improved_euler, kutta3, kutta4. */
    public OdeNetClassifier setTableau(String name) {
        ButcherTableau.byName(name);
        set(tableauCoefficients(), new double[0][]);
        return (OdeNetClassifier) set(tableau(), name);
    }

    /** Any explicit tableau (already validated by its constructor); stored as its name and coefficients. */
    public OdeNetClassifier setTableau(ButcherTableau t) {
        set(tableauCoefficients(), OdeNetParams.coefficientsOf(t));
        return (OdeNetClassifier) set(tableau(), t.name());
    }

    public OdeNetClassifier setLayers(int v) {
        return (OdeNetClassifier) set(layers(), v);
    }

    public OdeNetClassifier setFinalTime(double v) {
        return (OdeNetClassifier) set(finalTime(), v);
    }

    /** auto, logistic_squared_error, logistic_cross_entropy or softmax_cross_entropy. */
    public OdeNetClassifier setHead(String v) {
        return (OdeNetClassifier) set(head(), v);
    }

    /** scaled or paper. */
    public OdeNetClassifier setInitialization(String v) {
        return (OdeNetClassifier) set(initialization(), v);
    }

    public OdeNetClassifier setInitialLipschitz(double v) {
        return (OdeNetClassifier) set(initialLipschitz(), v);
    }

    public OdeNetClassifier setLipschitzIncrease(double v) {
        return (OdeNetClassifier) set(lipschitzIncrease(), v);
    }

    public OdeNetClassifier setLipschitzDecrease(double v) {
        return (OdeNetClassifier) set(lipschitzDecrease(), v);
    }

    public OdeNetClassifier setMaxLineSearchTries(int v) {
        return (OdeNetClassifier) set(maxLineSearchTries(), v);
    }

    public OdeNetClassifier setCheckpointDir(String v) {
        return (OdeNetClassifier) set(checkpointDir(), v);
    }

    public OdeNetClassifier setCheckpointInterval(int v) {
        return (OdeNetClassifier) set(checkpointInterval(), v);
    }

    public OdeNetClassifier setValidationIndicatorCol(String v) {
        return (OdeNetClassifier) set(validationIndicatorCol(), v);
    }

    public OdeNetClassifier setValidationInterval(int v) {
        return (OdeNetClassifier) set(validationInterval(), v);
    }

    public OdeNetClassifier setProgressInterval(int v) {
        return (OdeNetClassifier) set(progressInterval(), v);
    }

    /** spark, driver or auto. */
    public OdeNetClassifier setEngine(String v) {
        return (OdeNetClassifier) set(engine(), v);
    }

    public OdeNetClassifier setDriverThreads(int v) {
        return (OdeNetClassifier) set(driverThreads(), v);
    }

    public OdeNetClassifier setDriverEngineMaxBytes(long v) {
        return (OdeNetClassifier) set(driverEngineMaxBytes(), v);
    }

    public OdeNetClassifier setAugmentation(int v) {
        return (OdeNetClassifier) set(augmentation(), v);
    }

    public OdeNetClassifier setRecomputeStride(int v) {
        return (OdeNetClassifier) set(recomputeStride(), v);
    }

    public OdeNetClassifier setSensitivityCol(String v) {
        return (OdeNetClassifier) set(sensitivityCol(), v);
    }

    /** loss or probability. */
    public OdeNetClassifier setSensitivityOf(String v) {
        return (OdeNetClassifier) set(sensitivityOf(), v);
    }

    public OdeNetClassifier setTransformedFeaturesCol(String v) {
        return (OdeNetClassifier) set(transformedFeaturesCol(), v);
    }
}
