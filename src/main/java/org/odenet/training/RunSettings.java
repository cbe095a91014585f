package org.odenet.training;

import java.io.Serializable;
import java.util.Objects;
import org.odenet.numerics.Initialization;

/**
 * How a training run goes: its starting point (initialisation scheme and seed), when it stops (iterations,
 * tolerance, early stopping on the validation loss), and how often it validates, reports and checkpoints.
 * Immutable and validated; a plain final class rather than a record (the Kryo serializer cannot build records).
 */
public final class RunSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * 100 iterations, tol 1e-6, scaled initialisation with seed 42, no checkpoints (every 10 iterations when a
     * directory is set), validation every iteration, a progress line every 10, no early stopping, solver gd.
     */
    public static final RunSettings DEFAULT = new RunSettings(100, 1e-6, Initialization.SCALED, 42, null, 10, 1, 10);

    private final int maxIter;
    private final double tol;
    private final Initialization initialization;
    private final long seed;
    private final String checkpointDir;
    private final int checkpointInterval;
    private final int validationInterval;
    private final int progressInterval;
    private final EarlyStopping earlyStopping;
    private final Solver solver;

    /**
     * @param maxIter            accepted iterations ≥ 0
     * @param tol                relative loss decrease in one iteration at or below which training stops, ≥ 0 (with
     *                           lbfgs also a gradient norm ≤ max(tol·|loss|, 1e-8), Breeze's rule)
     * @param initialization     the initialisation scheme of the controls
     * @param seed               the seed of the initialisation
     * @param checkpointDir      a Hadoop path (file://, hdfs://, s3a://, ...) for checkpoints; null or empty for none
     * @param checkpointInterval iterations between checkpoints ≥ 1
     * @param validationInterval iterations between validation passes ≥ 1
     * @param progressInterval   iterations between progress lines ≥ 1
     * @throws IllegalArgumentException naming the parameter and value
     * @throws NullPointerException     if initialization is null
     */
    public RunSettings(int maxIter, double tol, Initialization initialization, long seed, String checkpointDir,
                       int checkpointInterval, int validationInterval, int progressInterval) {
        this(maxIter, tol, initialization, seed, checkpointDir, checkpointInterval, validationInterval, progressInterval,
                EarlyStopping.DEFAULT);
    }

    /**
     * The settings above, and when to stop early on the validation loss.
     *
     * @throws NullPointerException if initialization or earlyStopping is null
     */
    public RunSettings(int maxIter, double tol, Initialization initialization, long seed, String checkpointDir,
                       int checkpointInterval, int validationInterval, int progressInterval,
                       EarlyStopping earlyStopping) {
        this(maxIter, tol, initialization, seed, checkpointDir, checkpointInterval, validationInterval, progressInterval,
                earlyStopping, Solver.GD);
    }

    /**
     * The settings above, and the optimiser ({@link Solver#GD}, the paper's Algorithm 2, in the other constructors).
     *
     * @throws NullPointerException if initialization, earlyStopping or solver is null
     */
    public RunSettings(int maxIter, double tol, Initialization initialization, long seed, String checkpointDir,
                       int checkpointInterval, int validationInterval, int progressInterval,
                       EarlyStopping earlyStopping, Solver solver) {
        require(maxIter >= 0, "maxIter must be >= 0, got " + maxIter);
        require(tol >= 0, "tol must be >= 0, got " + tol);
        require(checkpointInterval >= 1, "checkpointInterval must be >= 1, got " + checkpointInterval);
        require(validationInterval >= 1, "validationInterval must be >= 1, got " + validationInterval);
        require(progressInterval >= 1, "progressInterval must be >= 1, got " + progressInterval);
        this.maxIter = maxIter;
        this.tol = tol;
        this.initialization = Objects.requireNonNull(initialization, "initialization");
        this.seed = seed;
        this.checkpointDir = checkpointDir == null || checkpointDir.isEmpty() ? null : checkpointDir;
        this.checkpointInterval = checkpointInterval;
        this.validationInterval = validationInterval;
        this.progressInterval = progressInterval;
        this.earlyStopping = Objects.requireNonNull(earlyStopping, "earlyStopping");
        this.solver = Objects.requireNonNull(solver, "solver");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public int maxIter() {
        return maxIter;
    }

    public double tol() {
        return tol;
    }

    public Initialization initialization() {
        return initialization;
    }

    public long seed() {
        return seed;
    }

    /** A Hadoop path for checkpoints, or null for none. */
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

    /** When to stop early on the validation loss ({@link EarlyStopping#DEFAULT}: never). */
    public EarlyStopping earlyStopping() {
        return earlyStopping;
    }

    public RunSettings withMaxIter(int v) {
        return new RunSettings(v, tol, initialization, seed, checkpointDir, checkpointInterval, validationInterval,
                progressInterval, earlyStopping, solver);
    }

    public RunSettings withTol(double v) {
        return new RunSettings(maxIter, v, initialization, seed, checkpointDir, checkpointInterval, validationInterval,
                progressInterval, earlyStopping, solver);
    }

    public RunSettings withInitialization(Initialization v) {
        return new RunSettings(maxIter, tol, v, seed, checkpointDir, checkpointInterval, validationInterval,
                progressInterval, earlyStopping, solver);
    }

    public RunSettings withSeed(long v) {
        return new RunSettings(maxIter, tol, initialization, v, checkpointDir, checkpointInterval, validationInterval,
                progressInterval, earlyStopping, solver);
    }

    /** The same settings with checkpoints in {@code v}; null or empty for none. */
    public RunSettings withCheckpointDir(String v) {
        return new RunSettings(maxIter, tol, initialization, seed, v, checkpointInterval, validationInterval,
                progressInterval, earlyStopping, solver);
    }

    public RunSettings withCheckpointInterval(int v) {
        return new RunSettings(maxIter, tol, initialization, seed, checkpointDir, v, validationInterval,
                progressInterval, earlyStopping, solver);
    }

    public RunSettings withValidationInterval(int v) {
        return new RunSettings(maxIter, tol, initialization, seed, checkpointDir, checkpointInterval, v,
                progressInterval, earlyStopping, solver);
    }

    public RunSettings withProgressInterval(int v) {
        return new RunSettings(maxIter, tol, initialization, seed, checkpointDir, checkpointInterval,
                validationInterval, v, earlyStopping, solver);
    }

    public RunSettings withEarlyStopping(EarlyStopping v) {
        return new RunSettings(maxIter, tol, initialization, seed, checkpointDir, checkpointInterval,
                validationInterval, progressInterval, v, solver);
    }

    /** The optimiser ({@link Solver#GD}, the paper's Algorithm 2, by default). */
    public Solver solver() {
        return solver;
    }

    /** The same settings with the optimiser {@code v}. */
    public RunSettings withSolver(Solver v) {
        return new RunSettings(maxIter, tol, initialization, seed, checkpointDir, checkpointInterval,
                validationInterval, progressInterval, earlyStopping, v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunSettings r && maxIter == r.maxIter && Double.compare(tol, r.tol) == 0
                && initialization == r.initialization && seed == r.seed
                && Objects.equals(checkpointDir, r.checkpointDir) && checkpointInterval == r.checkpointInterval
                && validationInterval == r.validationInterval && progressInterval == r.progressInterval
                && earlyStopping.equals(r.earlyStopping) && solver == r.solver;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxIter, tol, initialization, seed, checkpointDir, checkpointInterval, validationInterval,
                progressInterval, earlyStopping, solver);
    }

    @Override
    public String toString() {
        return "RunSettings[maxIter=" + maxIter + ", tol=" + tol + ", initialization=" + initialization.configName()
                + ", seed=" + seed + ", checkpointDir=" + checkpointDir + ", checkpointInterval=" + checkpointInterval
                + ", validationInterval=" + validationInterval + ", progressInterval=" + progressInterval
                + ", " + earlyStopping + (solver == Solver.GD ? "" : ", solver=" + solver.configName()) + "]";
    }
}
