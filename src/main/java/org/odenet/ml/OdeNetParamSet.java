package org.odenet.ml;

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkShape;
import org.odenet.optim.LineSearchParameters;
import org.odenet.training.Engine;
import org.odenet.training.EngineSettings;
import org.odenet.training.Regularization;
import org.odenet.training.Solver;
import org.odenet.training.RunSettings;

/**
 * The {@link Param} objects of one {@link OdeNetParams} owner, with their documentation, validators and
 * defaults. Spark's names where Spark has the concept (weightCol, maxIter, tol, seed, blockSize,
 * aggregationDepth); the network and line-search params are ours. The defaults come from the settings values'
 * {@code DEFAULT}s; the validators repeat their rules because Spark checks a param when it is set, while the
 * settings values check again, naming the parameter, when the estimator builds them.
 */
final class OdeNetParamSet implements Serializable {
    private static final long serialVersionUID = 1L;

    final Param<String> weightCol;
    final IntParam maxIter;
    final DoubleParam tol;
    final LongParam seed;
    final IntParam blockSize;
    final IntParam aggregationDepth;
    final Param<String> architecture;
    final Param<String> tableau;
    final DoubleArrayArrayParam tableauCoefficients;
    final IntParam layers;
    final DoubleParam finalTime;
    final Param<String> head;
    final Param<String> initialization;
    final DoubleParam initialLipschitz;
    final DoubleParam lipschitzIncrease;
    final DoubleParam lipschitzDecrease;
    final IntParam maxLineSearchTries;
    final Param<String> checkpointDir;
    final IntParam checkpointInterval;
    final Param<String> validationIndicatorCol;
    final IntParam validationInterval;
    final IntParam progressInterval;
    final Param<String> transformedFeaturesCol;
    final Param<String> engine;
    final IntParam driverThreads;
    final LongParam driverEngineMaxBytes;
    final IntParam stateWidth;
    final IntParam recomputeStride;
    final BooleanParam repartitionInput;
    final Param<String> sensitivityCol;
    final Param<String> sensitivityOf;
    final DoubleParam validationTol;
    final IntParam validationPatience;
    final DoubleParam regParam;
    final DoubleParam elasticNetParam;
    final DoubleParam smoothnessParam;
    final Param<String> solver;

    /** The head names the param accepts: auto, then every head. */
    static final String[] HEADS = Stream.concat(Stream.of(NetworkShape.AUTO_HEAD),
            Arrays.stream(Head.values()).map(Head::configName)).toArray(String[]::new);

    OdeNetParamSet(Params owner) {
        weightCol = new Param<>(owner, "weightCol",
                "weight column name; if not set or empty, every instance weighs 1.0");
        maxIter = new IntParam(owner, "maxIter", "maximum number of accepted iterations (>= 0)",
                ParamValidators.gtEq(0));
        tol = new DoubleParam(owner, "tol",
                "stop when the relative decrease of the loss in an iteration is at most tol (>= 0)",
                ParamValidators.gtEq(0));
        seed = new LongParam(owner, "seed", "random seed of the initial controls");
        blockSize = new IntParam(owner, "blockSize",
                "most samples stacked into one column-major block per forward/adjoint pass (> 0)",
                ParamValidators.gt(0));
        aggregationDepth = new IntParam(owner, "aggregationDepth", "depth of treeAggregate (>= 2)",
                ParamValidators.gtEq(2));
        architecture = new Param<>(owner, "architecture",
                "network type: net (plain feed-forward, paper eq. 4), resnet (fixed steps T/N), odenet (learned steps), "
                        + "odenet_simplex (learned steps projected onto {h >= 0, sum h = T})",
                ParamValidators.inArray(names(Architecture.values())));
        tableau = new Param<>(owner, "tableau",
                "explicit Runge-Kutta method of each layer: " + String.join(", ", ButcherTableau.builtInNames())
                        + ", or the name given to a user tableau set with setTableau(ButcherTableau)");
        tableauCoefficients = new DoubleArrayArrayParam(owner, "tableauCoefficients",
                "coefficients of a user tableau, s+2 rows: the s rows of A, then b, then c (set with "
                        + "setTableau(ButcherTableau)); empty for a built-in tableau");
        layers = new IntParam(owner, "layers", "number of layers N (>= 1)", ParamValidators.gtEq(1));
        finalTime = new DoubleParam(owner, "finalTime",
                "final time T (> 0): ResNet's step is T/N and the simplex steps sum to T", ParamValidators.gt(0));
        head = new Param<>(owner, "head",
                "classifier and loss: logistic_squared_error (the paper's), logistic_cross_entropy, "
                        + "softmax_cross_entropy, or auto (the paper's head for two classes, softmax for more)",
                ParamValidators.inArray(HEADS));
        initialization = new Param<>(owner, "initialization",
                "initial controls: scaled (K, W ~ N(0, 1/n)) or paper (K ~ N(0, 1), W = 10)",
                ParamValidators.inArray(names(Initialization.values())));
        initialLipschitz = new DoubleParam(owner, "initialLipschitz",
                "initial Lipschitz estimate L0 of the line search; the first step is 1/L0 (> 0)", ParamValidators.gt(0));
        lipschitzIncrease = new DoubleParam(owner, "lipschitzIncrease",
                "factor rho_up > 1 applied to L when a trial is rejected", ParamValidators.gt(1));
        lipschitzDecrease = new DoubleParam(owner, "lipschitzDecrease",
                "factor rho_down in (0, 1] applied to L when a trial is accepted", ParamValidators.inRange(0, 1, false, true));
        maxLineSearchTries = new IntParam(owner, "maxLineSearchTries",
                "trials per iteration before training stops as exhausted (>= 1)", ParamValidators.gtEq(1));
        checkpointDir = new Param<>(owner, "checkpointDir",
                "Hadoop directory for checkpoints of the training state; empty for none. A rerun with the same "
                        + "directory resumes from its newest checkpoint");
        checkpointInterval = new IntParam(owner, "checkpointInterval",
                "iterations between checkpoints (>= 1); used when checkpointDir is set", ParamValidators.gtEq(1));
        validationIndicatorCol = new Param<>(owner, "validationIndicatorCol",
                "name of a boolean column: true marks rows held out for validation (as GBT's); empty for none");
        validationInterval = new IntParam(owner, "validationInterval",
                "iterations between validation passes (>= 1)", ParamValidators.gtEq(1));
        progressInterval = new IntParam(owner, "progressInterval",
                "iterations between progress lines in the log (>= 1)", ParamValidators.gtEq(1));
        transformedFeaturesCol = new Param<>(owner, "transformedFeaturesCol",
                "output column with the features after the flow, y[N] (the paper's transformed features); empty for none");
        engine = new Param<>(owner, "engine",
                "where forward and adjoint passes run: spark (one Spark job per pass on the executors), driver "
                        + "(blocks collected once, passes in the driver with a thread per core), or auto (driver "
                        + "when the data holds at most driverEngineMaxBytes of features)",
                ParamValidators.inArray(names(Engine.values())));
        driverThreads = new IntParam(owner, "driverThreads",
                "threads of the driver engine; 0 for one per available core", ParamValidators.gtEq(0));
        driverEngineMaxBytes = new LongParam(owner, "driverEngineMaxBytes",
                "feature bytes (samples x features x 8) up to which engine=auto picks the driver engine",
                ParamValidators.gtEq(0));
        stateWidth = new IntParam(owner, "stateWidth",
                "channels d of the network's state (>= 0); 0 (the paper's setting) for the number of features n. "
                        + "d > n appends d - n zero channels to every input (augmented neural ODEs); d < n learns a "
                        + "linear embedding Y[0] = E x + e (E: d x n, entries initially ~ N(0, 1/n), e = 0), so every "
                        + "layer works at width d", ParamValidators.gtEq(0));
        recomputeStride = new IntParam(owner, "recomputeStride",
                "memory-lean gradients: keep every r-th layer's state in the forward pass and recompute the others "
                        + "during the backward sweep (one more forward pass, about N/r + r instead of N layers in memory, "
                        + "the same gradient); 1 keeps everything", ParamValidators.gtEq(1));
        repartitionInput = new BooleanParam(owner, "repartitionInput",
                "with the Spark engine, repartition input that has fewer partitions than Spark's default parallelism "
                        + "(a small file reads as one partition) to that many, so that every core works; the model "
                        + "changes only by the order of floating-point sums. false keeps the input's partitions");
        sensitivityCol = new Param<>(owner, "sensitivityCol",
                "output column with the gradient of a sample's loss (or probability, see sensitivityOf) with respect "
                        + "to its features: the adjoint P[0]; empty for none");
        sensitivityOf = new Param<>(owner, "sensitivityOf",
                "what sensitivityCol differentiates: loss (needs the label column) or probability (of the predicted class)",
                ParamValidators.inArray(new String[] {"loss", "probability"}));
        validationTol = new DoubleParam(owner, "validationTol",
                "threshold for stopping early when fit with validation is used (as GBT's): a validation pass improves "
                        + "iff the best validation loss minus its loss is at least validationTol * max(its loss, 0.01) "
                        + "(>= 0); used when validationPatience > 0. GBT's default 0.01 asks a gradient step for 1% per pass: "
                        + "with validation every iteration a lower value (e.g. 0.001) or a larger validationInterval suits",
                ParamValidators.gtEq(0));
        validationPatience = new IntParam(owner, "validationPatience",
                "early stopping: stop after this many validation passes in a row that do not improve (see "
                        + "validationTol), and keep the controls of the best one; needs validationIndicatorCol; "
                        + "0 turns it off (>= 0)", ParamValidators.gtEq(0));
        regParam = new DoubleParam(owner, "regParam",
                "regularization parameter (>= 0): the penalty regParam * [(1 - elasticNetParam) * 0.5 * ||w||_2^2 + "
                        + "elasticNetParam * ||w||_1] on the weights w (every layer's K, the head's W and the input "
                        + "embedding's E when stateWidth < features; not the biases, "
                        + "the steps or mu) is added to the weighted mean loss; the summary's loss history is this "
                        + "regularised objective, the validation loss is not", ParamValidators.gtEq(0));
        elasticNetParam = new DoubleParam(owner, "elasticNetParam",
                "the ElasticNet mixing parameter, in range [0, 1]. For alpha = 0, the penalty is an L2 penalty. "
                        + "For alpha = 1, it is an L1 penalty (with gradient descent, a proximal step that sets small "
                        + "weights exactly to 0)", ParamValidators.inRange(0, 1));
        smoothnessParam = new DoubleParam(owner, "smoothnessParam",
                "strength (>= 0) of the penalty smoothnessParam * 0.5 * sum_j ||K[j+1] - K[j]||_F^2, which makes the "
                        + "controls change smoothly from layer to layer (in time); added to the loss like regParam's",
                ParamValidators.gtEq(0));
        solver = new Param<>(owner, "solver",
                "the optimiser: gd (gradient descent with backtracking, the paper's Algorithm 2; proximal for an L1 "
                        + "penalty) or lbfgs (Breeze's L-BFGS with memory 10, as MLlib's MLP; OWL-QN for an L1 penalty, "
                        + "projected quasi-Newton for odenet_simplex, not both). maxIter counts the solver's "
                        + "iterations; an lbfgs iteration costs one or a few passes (its line search)",
                ParamValidators.inArray(names(Solver.values())));
    }

    /**
     * The default seed: the estimator's class name's hash, Spark's convention for {@code HasSeed}, so that the
     * estimator and its model agree. {@link RunSettings#DEFAULT} keeps 42, the seed the trainer API has always
     * had; both stay as they are because saved pipelines and published runs depend on them.
     */
    static final long SEED_DEFAULT = OdeNetClassifier.class.getName().hashCode();

    /**
     * Sets the defaults on {@code owner}: Spark's where Spark has the param (the seed, see {@link #SEED_DEFAULT}),
     * otherwise those of the settings values ({@link NetworkShape#DEFAULT}, {@link LineSearchParameters#DEFAULT},
     * {@link RunSettings#DEFAULT}, {@link EngineSettings#DEFAULT}, {@link Regularization#DEFAULT}); empty strings stand for "none".
     */
    void setDefaults(Params owner) {
        NetworkShape shape = NetworkShape.DEFAULT;
        LineSearchParameters ls = LineSearchParameters.DEFAULT;
        RunSettings run = RunSettings.DEFAULT;
        EngineSettings engines = EngineSettings.DEFAULT;
        owner.setDefault(weightCol, "");
        owner.setDefault(maxIter, run.maxIter());
        owner.setDefault(tol, run.tol());
        owner.setDefault(seed, SEED_DEFAULT);
        owner.setDefault(blockSize, engines.blockSize());
        owner.setDefault(aggregationDepth, engines.aggregationDepth());
        owner.setDefault(architecture, shape.architecture().configName());
        owner.setDefault(tableau, shape.tableau().name());
        owner.setDefault(tableauCoefficients, new double[0][]);
        owner.setDefault(layers, shape.layers());
        owner.setDefault(finalTime, shape.finalTime());
        owner.setDefault(head, shape.headName());
        owner.setDefault(initialization, run.initialization().configName());
        owner.setDefault(initialLipschitz, ls.initialLipschitz());
        owner.setDefault(lipschitzIncrease, ls.increase());
        owner.setDefault(lipschitzDecrease, ls.decrease());
        owner.setDefault(maxLineSearchTries, ls.maxTries());
        owner.setDefault(checkpointDir, run.checkpointDir() == null ? "" : run.checkpointDir());
        owner.setDefault(checkpointInterval, run.checkpointInterval());
        owner.setDefault(validationIndicatorCol, "");
        owner.setDefault(validationInterval, run.validationInterval());
        owner.setDefault(progressInterval, run.progressInterval());
        owner.setDefault(transformedFeaturesCol, "");
        owner.setDefault(engine, engines.engine().configName());
        owner.setDefault(driverThreads, engines.driverThreads());
        owner.setDefault(driverEngineMaxBytes, engines.driverEngineMaxBytes());
        owner.setDefault(stateWidth, shape.stateWidth());
        owner.setDefault(recomputeStride, engines.recomputeStride());
        owner.setDefault(repartitionInput, engines.repartitionInput());
        owner.setDefault(sensitivityCol, "");
        owner.setDefault(sensitivityOf, "loss");
        owner.setDefault(validationTol, run.earlyStopping().validationTol());
        owner.setDefault(validationPatience, run.earlyStopping().validationPatience());
        Regularization regularization = Regularization.DEFAULT;
        owner.setDefault(regParam, regularization.regParam());
        owner.setDefault(elasticNetParam, regularization.elasticNetParam());
        owner.setDefault(smoothnessParam, regularization.smoothnessParam());
        owner.setDefault(solver, run.solver().configName());
    }

    private static String[] names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
    }
}
