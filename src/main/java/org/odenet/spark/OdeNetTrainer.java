package org.odenet.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.BacktrackingGradientDescent;
import org.odenet.optim.IterationMetrics;
import org.odenet.optim.IterationRecord;
import org.odenet.optim.Minimizer;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.optim.NetworkProjections;
import org.odenet.optim.OptimizationResult;
import org.odenet.optim.OptimizerState;
import org.odenet.optim.ProximalOperator;
import org.odenet.optim.StopReason;
import org.odenet.quasinewton.BreezeQuasiNewton;
import org.odenet.training.BestValidation;
import org.odenet.training.Checkpoint;
import org.odenet.training.EarlyStopping;
import org.odenet.training.EngineObjective;
import org.odenet.training.EngineSettings;
import org.odenet.training.LocalObjective;
import org.odenet.training.ProgressReporter;
import org.odenet.training.RegularizedObjective;
import org.odenet.training.RunSettings;
import org.odenet.training.Solver;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingFailedException;
import org.odenet.training.TrainingResult;

/**
 * Trains a network on a Spark {@code Dataset}: validates the input, persists it as blocks, and runs the
 * paper's Algorithm 2 (or, with solver = lbfgs, Breeze's quasi-Newton method) on the driver, each objective
 * evaluation being one Spark pass over the blocks
 * (see {@link SparkObjective}). Optionally evaluates a validation set, stops early when its loss stops
 * improving ({@link EarlyStopping}), logs progress, and checkpoints so that a killed run resumes where it stopped.
 */
public final class OdeNetTrainer {
    private static final Logger LOG = LogManager.getLogger(OdeNetTrainer.class);
    /** The identity key of the training data's {@link org.odenet.training.DataFingerprint}. */
    static final String DATA_FINGERPRINT = "dataFingerprint";
    private static final String[] JOB_PROPERTIES = {"spark.jobGroup.id", "spark.job.description",
        "spark.job.interruptOnCancel"};

    private final TrainingConfig config;
    private final RunSettings run;
    private final EngineSettings engine;

    public OdeNetTrainer(TrainingConfig config) {
        this.config = config;
        this.run = config.run();
        this.engine = config.engineSettings();
    }

    public TrainingConfig config() {
        return config;
    }

    /** Trains on {@code train} without a validation set. */
    public TrainingResult fit(Dataset<Row> train) {
        return fit(train, null, null);
    }

    /**
     * Trains on {@code train}; if {@code validation} is not null its loss and accuracy are recorded every
     * {@code validationInterval} iterations and at the end; {@code observer}, if not null, sees every
     * iteration's metrics (throwing from it interrupts training like any failure). With early stopping on
     * ({@link RunSettings#earlyStopping()}) training stops once validationPatience validation passes in a row did
     * not improve the best validation loss, and the result holds the controls of the best pass.
     *
     * @throws IllegalArgumentException   for invalid data, early stopping without a validation set, a checkpointDir
     *                                    that is a file, or a maxIter below the checkpoint's iteration, before any
     *                                    training work
     * @throws IllegalStateException      for a corrupt checkpoint, one of another run or other data, or a checkpointDir
     *                                    another run holds (its lock)
     * @throws TrainingFailedException    if a Spark job or the observer fails mid-training; it carries the
     *                                    last accepted state, which is also checkpointed when configured
     */
    public TrainingResult fit(Dataset<Row> train, Dataset<Row> validation, Consumer<IterationMetrics> observer) {
        long start = System.nanoTime();
        run.solver().requireSupported(config.shape().architecture(), config.regularization());
        if (run.earlyStopping().enabled() && validation == null) {
            throw new IllegalArgumentException("validationPatience = " + run.earlyStopping().validationPatience()
                    + " stops training on the validation loss, but no validation set was given (validationIndicatorCol"
                    + " in the estimator); set validationPatience to 0 or give a validation set");
        }
        InputColumns columns = new InputColumns(config.featuresCol(), config.labelCol(), config.weightCol());
        columns.checkSchema(train.schema(), "training data");
        if (validation != null) {
            columns.checkSchema(validation.schema(), "validation data");
        }
        SparkContext sc = train.sparkSession().sparkContext();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
        Map<String, String> saved = new LinkedHashMap<>();
        for (String p : JOB_PROPERTIES) {
            saved.put(p, sc.getLocalProperty(p));
        }
        TrainingBlocks trainBlocks = null;
        TrainingBlocks validationBlocks = null;
        CheckpointStore store = run.checkpointDir() == null ? null
                : new CheckpointStore(run.checkpointDir(), sc.hadoopConfiguration());
        CheckpointLock lock = store == null ? null : store.lock();
        try {
            jsc.setJobGroup("odenet-" + UUID.randomUUID(), "odenet training", false);
            jsc.setJobDescription("odenet: validating the training data");
            TrainingBlocks.Checked trainRows = TrainingBlocks.check(train, columns, engine.aggregationDepth(), -1,
                    config.numClasses(), true, "training data");
            TrainingBlocks.Checked validationRows = null;
            if (validation != null) {
                jsc.setJobDescription("odenet: validating the validation data");
                validationRows = TrainingBlocks.check(validation, columns, engine.aggregationDepth(),
                        trainRows.numFeatures(), trainRows.numClasses(), false, "validation data");
            }
            boolean driver = useDriverEngine(trainRows.numSamples() + (validation == null ? 0
                    : validationRows.numSamples()), trainRows.numFeatures());
            jsc.setJobDescription("odenet: blocking the training data");
            trainBlocks = TrainingBlocks.block(trainRows, engine.blockSize(), partitions(trainRows, driver, sc));
            if (validationRows != null) {
                jsc.setJobDescription("odenet: blocking the validation data");
                validationBlocks = TrainingBlocks.block(validationRows, engine.blockSize(),
                        partitions(validationRows, driver, sc));
            }
            int numClasses = trainBlocks.numClasses();
            NetworkSpec spec = config.shape().specFor(trainBlocks.numFeatures(), numClasses);
            return new Run(jsc, spec, store, trainBlocks, validationBlocks, driver, observer, start).execute()
                    .withEmptyClasses(trainBlocks.emptyClasses());
        } finally {
            if (validationBlocks != null) {
                validationBlocks.close();
            }
            if (trainBlocks != null) {
                trainBlocks.close();
            }
            saved.forEach(sc::setLocalProperty);
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** Whether the passes run in the driver: engine=driver, or engine=auto and data within its threshold. */
    private boolean useDriverEngine(long samples, int numFeatures) {
        long bytes = samples * numFeatures * 8L;
        boolean driver = switch (engine.engine()) {
            case SPARK -> false;
            case DRIVER -> true;
            case AUTO -> bytes <= engine.driverEngineMaxBytes();
        };
        LOG.info(String.format(Locale.ROOT, "odenet: %s engine (engine=%s, %d feature bytes, auto threshold %d)",
                driver ? "driver" : "spark", engine.engine().configName(), bytes, engine.driverEngineMaxBytes()));
        return driver;
    }

    /**
     * The partitions to spread {@code data} over before blocking ({@link InputPartitions}), or 0 to keep the
     * input's: always 0 for the driver engine or with repartitionInput off.
     */
    private int partitions(TrainingBlocks.Checked data, boolean driver, SparkContext sc) {
        if (driver || !engine.repartitionInput()) {
            return 0;
        }
        int target = InputPartitions.target(data.nonEmptyPartitions(), sc.defaultParallelism(), data.numSamples());
        if (target > 0) {
            LOG.info(String.format(Locale.ROOT, "odenet: %s: repartitioned from %d partitions (%d with rows) to %d, as "
                    + "rows in fewer partitions than Spark's default parallelism %d leave cores idle on the Spark engine "
                    + "(repartitionInput=false keeps the input's)", data.what(), data.numPartitions(),
                    data.nonEmptyPartitions(), target, sc.defaultParallelism()));
        }
        return target;
    }

    /** The identity a checkpoint must match to be resumed by this run. */
    Map<String, String> identity(NetworkSpec spec, TrainingBlocks blocks) {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("features", String.valueOf(spec.inputWidth()));
        if (spec.embedsInput()) {
            id.put("stateWidth", String.valueOf(spec.stateWidth()));
        } else {
            // as before stateWidth: checkpoints of full-width and augmented runs stay resumable
            id.put("augmentation", String.valueOf(spec.augmentation()));
        }
        id.put("layers", String.valueOf(spec.layers()));
        id.put("finalTime", String.valueOf(spec.finalTime()));
        id.put("tableau", spec.tableau().toString());
        id.put("architecture", spec.architecture().configName());
        id.put("head", spec.head().configName());
        id.put("numClasses", String.valueOf(spec.numClasses()));
        id.put("initialization", run.initialization().configName());
        id.put("seed", String.valueOf(run.seed()));
        id.put("lineSearch", "increase=" + config.lineSearch().increase() + ", decrease="
                + config.lineSearch().decrease() + ", maxTries=" + config.lineSearch().maxTries());
        if (!config.regularization().isNone()) {
            id.put("regularization", config.regularization().toString());
        }
        if (run.solver() != Solver.GD) {
            id.put("solver", run.solver().configName());
        }
        id.put("numSamples", String.valueOf(blocks.numSamples()));
        id.put(DATA_FINGERPRINT, blocks.fingerprint());
        return id;
    }

    /**
     * The identity to compare {@code checkpoint} with: {@code identity}, or for a checkpoint written before data
     * fingerprints, which identified its data by the number of rows and the weight sum only, that older identity
     * (with a warning that other data of the same size would not be noticed).
     */
    private static Map<String, String> identityToMatch(Map<String, String> identity, Checkpoint checkpoint,
                                                       TrainingBlocks blocks, String location) {
        if (checkpoint.identity().containsKey(DATA_FINGERPRINT)) {
            return identity;
        }
        LOG.warn("odenet: checkpoint {} was written before data fingerprints: only its number of rows and weight sum "
                + "are compared with this run's data, so other data of the same size would not be noticed", location);
        Map<String, String> old = new LinkedHashMap<>(identity);
        old.remove(DATA_FINGERPRINT);
        old.put("weightSum", String.valueOf(blocks.weightSum()));
        return old;
    }

    /** The state of one call to fit. */
    private final class Run {
        private final JavaSparkContext jsc;
        private final NetworkSpec spec;
        private final TrainingBlocks blocks;
        private final EngineObjective objective;
        private final EngineObjective validationObjective;
        private final Consumer<IterationMetrics> observer;
        private final long startNanos;
        private final CheckpointStore store;
        private final Map<String, String> identity;
        private final List<IterationMetrics> history = new ArrayList<>();
        private ProgressReporter progress;
        private OptimizerState<NetworkEvaluation> lastState;
        private Minimizer<NetworkEvaluation> optimizer;
        /** The early-stopping state after the last validation pass; null when early stopping is off. */
        private BestValidation best;
        private int lastCheckpoint = -1;
        private double wallOffset;

        Run(JavaSparkContext jsc, NetworkSpec spec, CheckpointStore store, TrainingBlocks blocks,
            TrainingBlocks validation, boolean driver, Consumer<IterationMetrics> observer, long startNanos) {
            this.jsc = jsc;
            this.spec = spec;
            this.blocks = blocks;
            HeapCheck.require(jsc, spec, blocks, validation, driver, driverThreads(), evaluatorOptions(), run.solver(),
                    new InputColumns(config.featuresCol(), config.labelCol(), config.weightCol()).weighted());
            this.objective = RegularizedObjective.wrap(objective(blocks, driver, "training"), config.regularization(),
                    spec);
            this.validationObjective = validation == null ? null : objective(validation, driver, "validation");
            this.observer = observer;
            this.startNanos = startNanos;
            this.store = store;
            this.identity = identity(spec, blocks);
        }

        private EngineObjective objective(TrainingBlocks data, boolean driver, String what) {
            if (!driver) {
                return new SparkObjective(jsc, data.rdd(), spec, data.largestBlock(), engine.aggregationDepth(),
                        evaluatorOptions());
            }
            jsc.setJobDescription("odenet: collecting the " + what + " blocks for the driver engine");
            return new LocalObjective(spec, data.rdd().collect(), data.largestBlock(), driverThreads(), evaluatorOptions());
        }

        private int driverThreads() {
            return engine.driverThreads() > 0 ? engine.driverThreads() : Runtime.getRuntime().availableProcessors();
        }

        private NetworkEvaluator.Options evaluatorOptions() {
            return new NetworkEvaluator.Options(true, engine.recomputeStride());
        }

        TrainingResult execute() {
            try {
                return optimise();
            } finally {
                objective.close();
                if (validationObjective != null) {
                    validationObjective.close();
                }
            }
        }

        private TrainingResult optimise() {
            optimizer = minimizer();
            if (store != null) {
                store.removeLeftovers();
            }
            Optional<Checkpoint> checkpoint = store == null ? Optional.empty() : store.latest();
            int resumedFrom = -1;
            if (checkpoint.isPresent()) {
                Checkpoint c = checkpoint.get();
                String location = store.pathOf(c.iteration()).toString();
                c.requireCompatible(identityToMatch(identity, c, blocks, location), location);
                if (run.maxIter() < c.iteration()) {
                    throw new IllegalArgumentException("maxIter = " + run.maxIter() + " is below iteration "
                            + c.iteration() + " of checkpoint " + location + ": raise maxIter, or use another checkpointDir");
                }
                LOG.info("odenet: resuming from checkpoint {} (iteration {})", store.pathOf(c.iteration()), c.iteration());
                history.addAll(c.history());
                wallOffset = history.isEmpty() ? 0 : history.get(history.size() - 1).wallSeconds();
                resumedFrom = c.iteration();
                lastCheckpoint = c.iteration();
                best = resumedBest(c);
                if (run.solver() != Solver.GD) {
                    LOG.info("odenet: {} resumes with its quasi-Newton memory of {} (s, y) pairs from the checkpoint",
                            run.solver().configName(), c.solverMemory().size() / 2);
                }
                lastState = optimizer.resume(c.theta(), c.lipschitz(), c.iteration(), c.solverMemory());
            } else {
                lastState = optimizer.start(run.initialization().initialize(spec, run.seed()));
                history.add(startingRow(lastState));
            }
            progress = new ProgressReporter(run.progressInterval(), run.maxIter(), lastState.iteration(),
                    history.isEmpty() ? 0 : history.get(history.size() - 1).wallSeconds());
            LOG.info(String.format(Locale.ROOT, "odenet: training %s on %d samples, initial loss %.6e, maxIter %d%s",
                    spec, blocks.numSamples(), lastState.value().loss(), run.maxIter(),
                    config.regularization().isNone() ? "" : ", " + config.regularization()));
            OptimizationResult<NetworkEvaluation> result;
            try {
                result = validationStopped() ? new OptimizationResult<>(lastState, StopReason.STOPPED_BY_LISTENER, "")
                        : optimizer.minimize(lastState, run.maxIter(), run.tol(), this::onIteration);
            } catch (Exception e) {
                TrainingResult partial = result(lastState, StopReason.FAILED, String.valueOf(e.getMessage()), resumedFrom,
                        new double[0]);
                String saved = "";
                if (store != null && lastState.iteration() != lastCheckpoint) {
                    try {
                        store.write(checkpoint(lastState));
                        saved = "; that state is checkpointed";
                    } catch (RuntimeException writeFailure) {
                        e.addSuppressed(writeFailure);
                    }
                }
                throw new TrainingFailedException("odenet training failed after its last accepted iteration "
                        + lastState.iteration() + saved + ": " + e.getMessage(), e, partial);
            }
            lastState = result.state();
            StopReason reason = result.stopReason();
            String message = result.message();
            if (reason == StopReason.STOPPED_BY_LISTENER && validationStopped()) {
                reason = StopReason.VALIDATION_STOPPED;
                message = String.format(Locale.ROOT, "validation loss did not improve by validationTol %.3g in %d "
                                + "validation passes after iteration %d (best %.6e); stopped after iteration %d",
                        run.earlyStopping().validationTol(), best.passesWithoutImprovement(), best.iteration(),
                        best.loss(), lastState.iteration());
            }
            BestValidation returned = finishValidation();
            double[] theta = returned == null ? lastState.theta() : returned.theta();
            double[] growth = stateGrowth(theta);
            if (store != null && lastState.iteration() != lastCheckpoint) {
                store.write(checkpoint(lastState));
            }
            LOG.info("odenet: stopped after iteration {}: {} ({})", lastState.iteration(), reason, message);
            if (returned == null) {
                return result(lastState, reason, message, resumedFrom, growth);
            }
            LOG.info("odenet: returning the controls of iteration {}, validation loss {}", returned.iteration(),
                    returned.loss());
            return new TrainingResult(spec, theta, history, reason, message, blocks.numSamples(), objective.passes(),
                    validationObjective.passes(), (System.nanoTime() - startNanos) / 1e9, resumedFrom,
                    objective.engineName(), growth, returned.iteration(), returned.loss());
        }

        /** Whether early stopping is on and its patience used up. */
        private boolean validationStopped() {
            return best != null && best.exhausted(run.earlyStopping());
        }

        /** The early-stopping state to continue from: the checkpoint's, or null when early stopping is off. */
        private BestValidation resumedBest(Checkpoint c) {
            if (!run.earlyStopping().enabled()) {
                return null;
            }
            if (c.bestValidation() == null) {
                throw new IllegalStateException("checkpoint " + store.pathOf(c.iteration()) + " was written with "
                        + "early stopping off and holds no best controls, so it cannot resume a run with "
                        + "validationPatience = " + run.earlyStopping().validationPatience()
                        + ". Set validationPatience to 0, use another checkpointDir, or delete this one to start over.");
            }
            return c.bestValidation();
        }

        /**
         * The solver of {@link RunSettings#solver()}: Algorithm 2 (gd), or Breeze's quasi-Newton method (lbfgs: L-BFGS,
         * OWL-QN with the regulariser's per-coordinate L1 weights, or projected quasi-Newton for the simplex).
         */
        private Minimizer<NetworkEvaluation> minimizer() {
            if (run.solver() == Solver.GD) {
                return new BacktrackingGradientDescent<>(objective, NetworkProjections.forSpec(spec), config.lineSearch(),
                        l1Proximal());
            }
            IntToDoubleFunction l1 = objective instanceof RegularizedObjective r && r.terms().regularization().hasL1()
                    ? r.terms()::l1Weight : null;
            var qn = new BreezeQuasiNewton<>(objective, NetworkProjections.forSpec(spec), l1);
            LOG.info("odenet: solver lbfgs runs Breeze's {} with memory {}", qn.method(), BreezeQuasiNewton.MEMORY);
            return qn;
        }

        /** The proximal step of the L1 part of the regulariser, or null when there is none. */
        private ProximalOperator l1Proximal() {
            return objective instanceof RegularizedObjective r ? r.terms().proximalOperator() : null;
        }

        /** ‖Y[j]‖ / ‖Y[0]‖ over the training data (Frobenius norms), j = 0..N: how much each layer stretches. */
        private double[] stateGrowth(double[] theta) {
            double[] squares = objective.stateNormSquares(theta, "odenet: state norms at the final controls");
            double[] growth = new double[squares.length];
            for (int j = 0; j < squares.length; j++) {
                growth[j] = squares[0] == 0 ? Double.NaN : Math.sqrt(squares[j] / squares[0]);
            }
            return growth;
        }

        /** Row 0 of the history: the starting point (validated too, so curves start at the same place). */
        private IterationMetrics startingRow(OptimizerState<NetworkEvaluation> start) {
            NetworkEvaluation v = validation(start.theta(), 0);
            if (run.earlyStopping().enabled()) {
                best = BestValidation.first(start.theta(), v.loss(), 0);
            }
            double lipschitz = run.solver() == Solver.GD ? start.lipschitz() : Double.NaN;
            return new IterationMetrics(0, start.value().loss(), start.value().accuracy(), lipschitz, 0, 0,
                    elapsed(), v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy());
        }

        /** The validation pass of iteration k if one is due, else null. */
        private NetworkEvaluation validation(double[] theta, int k) {
            if (validationObjective == null || k % run.validationInterval() != 0) {
                return null;
            }
            return validationObjective.forward(theta, "odenet: iteration " + k + ", validation");
        }

        private boolean onIteration(IterationRecord<NetworkEvaluation> record) {
            int k = record.iteration();
            lastState = record.state();
            NetworkEvaluation v = validation(record.state().theta(), k);
            if (best != null && v != null) {
                best = best.observe(run.earlyStopping(), record.state().theta(), v.loss(), k);
            }
            IterationMetrics m = new IterationMetrics(k, record.loss(), record.state().value().accuracy(),
                    record.lipschitzUsed(), record.tries(), record.stepNorm(), elapsed(),
                    v == null ? Double.NaN : v.loss(), v == null ? Double.NaN : v.accuracy());
            history.add(m);
            progress.report(m);
            if (store != null && k % run.checkpointInterval() == 0) {
                store.write(checkpoint(record.state()));
                lastCheckpoint = k;
            }
            if (observer != null) {
                observer.accept(m);
            }
            return !validationStopped();
        }

        /**
         * Makes sure the last history row carries validation metrics. Returns the early-stopping state the result
         * is taken from (null when off): the last one, updated by this final pass if it was needed — for the
         * result only; checkpoints keep the state of the regular passes, so that a resumed run repeats an
         * uninterrupted one.
         */
        private BestValidation finishValidation() {
            if (validationObjective == null || history.isEmpty()) {
                return best;
            }
            IterationMetrics last = history.get(history.size() - 1);
            if (last.hasValidation() || last.iteration() != lastState.iteration()) {
                return best;
            }
            NetworkEvaluation v = validationObjective.forward(lastState.theta(), "odenet: final validation");
            history.set(history.size() - 1, new IterationMetrics(last.iteration(), last.loss(), last.accuracy(),
                    last.lipschitz(), last.tries(), last.stepNorm(), last.wallSeconds(), v.loss(), v.accuracy()));
            return best == null ? null : best.observe(run.earlyStopping(), lastState.theta(), v.loss(), last.iteration());
        }

        private Checkpoint checkpoint(OptimizerState<NetworkEvaluation> state) {
            return new Checkpoint(identity, state.theta(), state.lipschitz(), state.iteration(), history, best,
                    optimizer.memory());
        }

        private double elapsed() {
            return wallOffset + (System.nanoTime() - startNanos) / 1e9;
        }

        private TrainingResult result(OptimizerState<NetworkEvaluation> state, StopReason reason, String message,
                                      int resumedFrom, double[] growth) {
            return new TrainingResult(spec, state.theta(), history, reason, message, blocks.numSamples(),
                    objective.passes(), validationObjective == null ? 0 : validationObjective.passes(),
                    (System.nanoTime() - startNanos) / 1e9, resumedFrom, objective.engineName(), growth);
        }
    }
}
