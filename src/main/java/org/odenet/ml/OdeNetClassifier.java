package org.odenet.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkShape;
import org.odenet.optim.LineSearchParameters;
import org.odenet.spark.OdeNetTrainer;
import org.odenet.training.EarlyStopping;
import org.odenet.training.Engine;
import org.odenet.training.EngineSettings;
import org.odenet.training.Regularization;
import org.odenet.training.Solver;
import org.odenet.training.RunSettings;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingResult;

/**
 * Spark ML estimator for ODE-inspired networks trained as a discrete optimal-control problem (Benning et
 * al. 2019): a Runge–Kutta flow Ẏ = tanh(K(t)Y + β(t)) with N layers, a logistic or softmax head, exact
 * gradients from the discrete adjoint and gradient descent with backtracking (the paper's Algorithm 2),
 * distributed over the partitions of the input. Binary and multi-class; sample weights; a validation set
 * marked by {@code validationIndicatorCol}, with early stopping ({@code validationTol}, {@code validationPatience});
 * resumable through {@code checkpointDir}.
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

    private String uid;
    private OdeNetParamSet paramSet;

    public OdeNetClassifier() {
        this(Uids.offerRandom(), true);
    }

    public OdeNetClassifier(String uid) {
        this(Uids.offer(uid), true);
    }

    private OdeNetClassifier(String uidOffered, boolean marker) {
        super();
        Uids.requireTaken(uid(), uidOffered);
        odeNetParamSet().setDefaults(this);
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

    /** Reads an estimator saved with {@code write().save(path)}. */
    public static MLReader<OdeNetClassifier> read() {
        return new ModelPersistence.EstimatorReader();
    }

    public static OdeNetClassifier load(String path) {
        return read().load(path);
    }

    /** Like {@code DefaultParamsWritable}'s, but an overwrite never deletes the old save first (see the model's). */
    @Override
    public MLWriter write() {
        return new ModelPersistence.EstimatorWriter(this);
    }

    @Override
    public OdeNetClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public OdeNetClassificationModel train(Dataset<?> dataset) {
        Dataset<Row> data = dataset.toDF();
        TrainingConfig config = trainingConfig(Schemas.numClassesFromMetadata(data.schema(), getLabelCol()));
        Dataset<Row> train = data;
        Dataset<Row> validation = null;
        String indicator = getValidationIndicatorCol();
        if (config.run().earlyStopping().enabled() && indicator.isEmpty()) {
            throw new IllegalArgumentException("validationPatience = " + getValidationPatience()
                    + " stops training early on a validation set, but validationIndicatorCol is not set; "
                    + "set validationIndicatorCol or set validationPatience to 0");
        }
        if (!indicator.isEmpty()) {
            Schemas.requireBooleanColumn(data.schema(), indicator, "validationIndicatorCol");
            train = data.filter(functions.not(functions.col(indicator)));
            validation = data.filter(functions.col(indicator));
        }
        TrainingResult result = new OdeNetTrainer(config).fit(train, validation, null);
        OdeNetTrainingSummary summary = OdeNetTrainingSummary.of(result, this);
        return new OdeNetClassificationModel(uid(), result.spec(), result.theta(), summary);
    }

    /** The trainer configuration these params describe; the settings values validate them. */
    TrainingConfig trainingConfig(int numClasses) {
        NetworkShape shape = new NetworkShape(getLayers(), getFinalTime(), resolveTableau(),
                Architecture.fromName(getArchitecture()), NetworkShape.headFromName(getHead()), getStateWidth());
        LineSearchParameters lineSearch = new LineSearchParameters(getInitialLipschitz(), getLipschitzIncrease(),
                getLipschitzDecrease(), getMaxLineSearchTries());
        RunSettings run = new RunSettings(getMaxIter(), getTol(), Initialization.fromName(getInitialization()),
                getSeed(), getCheckpointDir(), getCheckpointInterval(), getValidationInterval(), getProgressInterval(),
                new EarlyStopping(getValidationTol(), getValidationPatience())).withSolver(Solver.fromName(getSolver()));
        EngineSettings engine = new EngineSettings(Engine.fromName(getEngine()), getDriverThreads(),
                getDriverEngineMaxBytes(), getBlockSize(), getAggregationDepth(), getRecomputeStride(),
                getRepartitionInput());
        return TrainingConfig.builder()
                .featuresCol(getFeaturesCol()).labelCol(getLabelCol()).weightCol(getWeightCol())
                .numClasses(numClasses)
                .shape(shape).lineSearch(lineSearch).run(run).engineSettings(engine)
                .regularization(new Regularization(getRegParam(), getElasticNetParam(), getSmoothnessParam()))
                .build();
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

    /** The improvement of the validation loss that counts for early stopping (GBT's rule); default 0.01. */
    public OdeNetClassifier setValidationTol(double v) {
        return (OdeNetClassifier) set(validationTol(), v);
    }

    /** Validation passes without improvement after which training stops; 0 (the default) for never. */
    public OdeNetClassifier setValidationPatience(int v) {
        return (OdeNetClassifier) set(validationPatience(), v);
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

    /**
     * Channels of the network's state; 0 (the default) for as many as the features. Wider: zero channels appended
     * (augmented neural ODEs); narrower: a learned linear input embedding Y[0] = E x + e.
     */
    public OdeNetClassifier setStateWidth(int v) {
        return (OdeNetClassifier) set(stateWidth(), v);
    }

    public OdeNetClassifier setRecomputeStride(int v) {
        return (OdeNetClassifier) set(recomputeStride(), v);
    }

    public OdeNetClassifier setRepartitionInput(boolean v) {
        return (OdeNetClassifier) set(repartitionInput(), v);
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

    /** Strength of the weight penalty (>= 0; default 0, none); see {@link Regularization}. */
    public OdeNetClassifier setRegParam(double v) {
        return (OdeNetClassifier) set(regParam(), v);
    }

    /** The L1 share of the weight penalty, in [0, 1] (default 0: L2). */
    public OdeNetClassifier setElasticNetParam(double v) {
        return (OdeNetClassifier) set(elasticNetParam(), v);
    }

    /** Strength of the penalty on K[j+1] − K[j] (>= 0; default 0, none). */
    public OdeNetClassifier setSmoothnessParam(double v) {
        return (OdeNetClassifier) set(smoothnessParam(), v);
    }

    /** gd (default, the paper's Algorithm 2) or lbfgs (Breeze); see {@link Solver}. */
    public OdeNetClassifier setSolver(String v) {
        return (OdeNetClassifier) set(solver(), v);
    }
}
