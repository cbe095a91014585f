package org.odenet.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.odenet.JavaSerialization.roundTrip;

import org.junit.jupiter.api.Test;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkShape;
import org.odenet.optim.LineSearchParameters;

/** The run and engine settings and the configuration composed of them: defaults, validation, copies. */
class TrainingSettingsTest {

    @Test
    void runSettingsDefaultsAreTheDocumentedOnes() {
        RunSettings d = RunSettings.DEFAULT;
        assertEquals(100, d.maxIter());
        assertEquals(1e-6, d.tol());
        assertSame(Initialization.SCALED, d.initialization());
        assertEquals(42, d.seed());
        assertNull(d.checkpointDir());
        assertEquals(10, d.checkpointInterval());
        assertEquals(1, d.validationInterval());
        assertEquals(10, d.progressInterval());
        assertSame(Solver.GD, d.solver(), "the paper's Algorithm 2 unless lbfgs is asked for");
    }

    @Test
    void theSolverIsAValueOfTheRunSettingsThatEveryCopyKeeps() {
        RunSettings lbfgs = RunSettings.DEFAULT.withSolver(Solver.LBFGS);
        assertSame(Solver.LBFGS, lbfgs.withMaxIter(3).withTol(0).withSeed(1).withCheckpointDir("file:/tmp/y")
                .withEarlyStopping(new EarlyStopping(0.01, 2)).withProgressInterval(7).solver());
        assertNotEquals(RunSettings.DEFAULT, lbfgs);
        assertEquals(RunSettings.DEFAULT, lbfgs.withSolver(Solver.GD));
        assertTrue(lbfgs.toString().contains("solver=lbfgs"), lbfgs.toString());
        assertEquals(lbfgs, roundTrip(lbfgs));
        assertSame(Solver.LBFGS, Solver.fromName("LBFGS"));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Solver.fromName("newton")),
                "unknown solver 'newton'; known: [gd, lbfgs]");
        TrainingConfig c = TrainingConfig.builder().run(r -> r.withSolver(Solver.LBFGS)).build();
        assertEquals(c.run(), roundTrip(c).run());
    }

    @Test
    void engineSettingsDefaultsAreTheDocumentedOnes() {
        EngineSettings d = EngineSettings.DEFAULT;
        assertSame(Engine.SPARK, d.engine());
        assertEquals(0, d.driverThreads());
        assertEquals(64L * 1024 * 1024, d.driverEngineMaxBytes());
        assertEquals(128, d.blockSize());
        assertEquals(2, d.aggregationDepth());
        assertEquals(1, d.recomputeStride());
    }

    @Test
    void badRunSettingsAreRefusedNamingTheParameter() {
        RunSettings d = RunSettings.DEFAULT;
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withMaxIter(-1)), "maxIter must be >= 0, got -1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withTol(-1e-3)), "tol must be >= 0, got -0.001");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withTol(Double.NaN)), "tol must be >= 0, got NaN");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withCheckpointInterval(0)),
                "checkpointInterval must be >= 1, got 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withValidationInterval(0)),
                "validationInterval must be >= 1, got 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withProgressInterval(-2)),
                "progressInterval must be >= 1, got -2");
        assertMessage(assertThrows(NullPointerException.class, () -> d.withInitialization(null)), "initialization");
    }

    @Test
    void badEngineSettingsAreRefusedNamingTheParameter() {
        EngineSettings d = EngineSettings.DEFAULT;
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withBlockSize(0)), "blockSize must be >= 1, got 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withAggregationDepth(1)),
                "aggregationDepth must be >= 2, got 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withDriverThreads(-1)),
                "driverThreads must be >= 0 (0: one per core), got -1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withDriverEngineMaxBytes(-1)),
                "driverEngineMaxBytes must be >= 0, got -1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.withRecomputeStride(0)),
                "recomputeStride must be >= 1, got 0");
        assertMessage(assertThrows(NullPointerException.class, () -> d.withEngine(null)), "engine");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Engine.fromName("gpu")), "'gpu'");
    }

    @Test
    void copiesChangeOneFieldAndCompareByValue() {
        RunSettings run = RunSettings.DEFAULT.withMaxIter(5).withTol(0).withInitialization(Initialization.PAPER)
                .withSeed(7).withCheckpointDir("file:/tmp/x").withCheckpointInterval(2).withValidationInterval(3)
                .withProgressInterval(4);
        assertEquals(new RunSettings(5, 0, Initialization.PAPER, 7, "file:/tmp/x", 2, 3, 4), run);
        assertEquals(new RunSettings(5, 0, Initialization.PAPER, 7, "file:/tmp/x", 2, 3, 4).hashCode(), run.hashCode());
        assertNotEquals(RunSettings.DEFAULT, run);
        assertNull(run.withCheckpointDir("").checkpointDir(), "empty means none");
        assertEquals(run, roundTrip(run));

        EngineSettings engine = EngineSettings.DEFAULT.withEngine(Engine.AUTO).withDriverThreads(3)
                .withDriverEngineMaxBytes(9).withBlockSize(16).withAggregationDepth(4).withRecomputeStride(5);
        assertEquals(new EngineSettings(Engine.AUTO, 3, 9, 16, 4, 5), engine);
        assertEquals(new EngineSettings(Engine.AUTO, 3, 9, 16, 4, 5).hashCode(), engine.hashCode());
        assertNotEquals(EngineSettings.DEFAULT, engine);
        assertTrue(engine.toString().contains("engine=auto"), engine.toString());
        assertEquals(engine, roundTrip(engine));
    }

    @Test
    void theConfigIsComposedOfTheDefaultsAndItsSettersChangeThem() {
        TrainingConfig d = TrainingConfig.builder().build();
        assertEquals("features", d.featuresCol());
        assertEquals("label", d.labelCol());
        assertNull(d.weightCol());
        assertEquals(-1, d.numClasses());
        assertEquals(NetworkShape.DEFAULT, d.shape());
        assertEquals(LineSearchParameters.DEFAULT, d.lineSearch());
        assertEquals(RunSettings.DEFAULT, d.run());
        assertEquals(EngineSettings.DEFAULT, d.engineSettings());

        TrainingConfig c = TrainingConfig.builder().weightCol("w").numClasses(3).shape(shape -> shape.withLayers(4).withFinalTime(2)
                .withTableau(ButcherTableau.KUTTA4).withArchitecture(Architecture.NET).withStateWidth(3)).run(run -> run.withMaxIter(9).withSeed(5))
                .engineSettings(e -> e.withEngine(Engine.DRIVER).withBlockSize(32)).build();
        assertEquals(NetworkShape.DEFAULT.withLayers(4).withFinalTime(2).withTableau(ButcherTableau.KUTTA4)
                .withArchitecture(Architecture.NET).withStateWidth(3), c.shape());
        assertEquals(RunSettings.DEFAULT.withMaxIter(9).withSeed(5), c.run());
        assertEquals(EngineSettings.DEFAULT.withEngine(Engine.DRIVER).withBlockSize(32), c.engineSettings());
        assertEquals(9, c.run().maxIter());
        assertEquals(32, c.engineSettings().blockSize());
        assertSame(Engine.DRIVER, c.engineSettings().engine());
        assertEquals(c, c.toBuilder().build());
        assertEquals(c, roundTrip(c));
        assertNotEquals(d, c);
        assertNull(TrainingConfig.builder().weightCol("").build().weightCol(), "empty means none");
    }

    @Test
    void theConfigRefusesBadColumnsAndClassCounts() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().featuresCol("").build()),
                "featuresCol must be a non-empty column name");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().labelCol(null).build()),
                "labelCol must be a non-empty column name, got null");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().numClasses(1).build()),
                "numClasses must be >= 2 (or -1 to infer), got 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().shape(shape -> shape.withLayers(0)).build()),
                "layers must be >= 1, got 0");
    }

    private static void assertMessage(Throwable e, String expected) {
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
