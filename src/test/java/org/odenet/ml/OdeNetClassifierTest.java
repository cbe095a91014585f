package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkShape;
import org.odenet.optim.LineSearchParameters;
import org.odenet.optim.StopReason;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.SparkTestSession;
import org.odenet.training.EngineSettings;
import org.odenet.training.RunSettings;
import org.odenet.training.TrainingConfig;

/** Params, defaults, copies, the model's outputs and accessors, the summary. */
class OdeNetClassifierTest {
    private static SparkSession spark;
    private static Dataset<Row> spiral;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        spiral = SampleFrames.of(spark, ToyDataSet.SPIRAL.generate(200, 3), 2).cache();
    }

    @Test
    void defaultsFollowSparkWhereSparkHasTheParam() {
        OdeNetClassifier c = new OdeNetClassifier();
        assertEquals("features", c.getFeaturesCol());
        assertEquals("label", c.getLabelCol());
        assertEquals("prediction", c.getPredictionCol());
        assertEquals("rawPrediction", c.getRawPredictionCol());
        assertEquals("probability", c.getProbabilityCol());
        assertEquals("", c.getWeightCol());
        assertEquals(100, c.getMaxIter());
        assertEquals(1e-6, c.getTol());
        assertEquals(128, c.getBlockSize());
        assertEquals(2, c.getAggregationDepth());
        assertEquals(OdeNetClassifier.class.getName().hashCode(), c.getSeed());
        assertEquals("resnet", c.getArchitecture());
        assertEquals("euler", c.getTableau());
        assertEquals(20, c.getLayers());
        assertEquals(1.0, c.getFinalTime());
        assertEquals("auto", c.getHead());
        assertEquals("scaled", c.getInitialization());
        assertEquals(0.1, c.getInitialLipschitz());
        assertEquals(1.5, c.getLipschitzIncrease());
        assertEquals(0.99, c.getLipschitzDecrease());
        assertEquals(200, c.getMaxLineSearchTries());
        assertEquals("spark", c.getEngine());
        assertEquals(0, c.getDriverThreads());
        assertEquals(64L << 20, c.getDriverEngineMaxBytes());
        assertEquals(0, c.getStateWidth());
        assertEquals(1, c.getRecomputeStride());
        assertEquals("", c.getCheckpointDir());
        assertEquals(10, c.getCheckpointInterval());
        assertEquals(1, c.getValidationInterval());
        assertEquals(10, c.getProgressInterval());
        String explained = c.explainParams();
        for (String p : List.of("architecture", "tableau", "layers", "finalTime", "head", "initialization",
                "initialLipschitz", "checkpointDir", "validationIndicatorCol", "transformedFeaturesCol", "maxIter")) {
            assertTrue(explained.contains(p + ":"), p + " is explained");
        }
    }

    @Test
    void defaultsAreTheSettingsValuesDefaults() {
        OdeNetClassifier c = new OdeNetClassifier();
        TrainingConfig fromParams = c.trainingConfig(-1);
        assertEquals(NetworkShape.DEFAULT, fromParams.shape());
        assertEquals(LineSearchParameters.DEFAULT, fromParams.lineSearch());
        assertEquals(EngineSettings.DEFAULT, fromParams.engineSettings());
        // the one documented difference: Spark's seed convention (the class name's hash) against the trainer's 42
        assertEquals(RunSettings.DEFAULT.withSeed(OdeNetClassifier.class.getName().hashCode()), fromParams.run());
        assertEquals(42, RunSettings.DEFAULT.seed());
        assertEquals(TrainingConfig.builder().run(run -> run.withSeed(OdeNetClassifier.class.getName().hashCode())).build(), fromParams);

        OdeNetClassificationModel model = new OdeNetClassificationModel();
        assertTrue(model.uid().startsWith("odenet_"), model.uid());
        assertTrue(c.uid().startsWith("odenet_"), c.uid());
        for (Param<?> p : c.params()) {
            if (!c.hasDefault(p)) {
                continue; // thresholds: Spark gives it none
            }
            assertEquals(encodedDefault(c, c.getParam(p.name())), encodedDefault(model, model.getParam(p.name())),
                    "the model's default of " + p.name());
        }
    }

    private static <T> String encodedDefault(Params owner, Param<T> p) {
        return p.jsonEncode(owner.getOrDefault(p));
    }

    @Test
    void explainParamsListsEveryParam() {
        OdeNetClassifier c = new OdeNetClassifier();
        String explained = c.explainParams();
        Set<String> names = Arrays.stream(c.params()).map(Param::name).collect(Collectors.toSet());
        for (Field f : OdeNetParamSet.class.getDeclaredFields()) {
            if (Param.class.isAssignableFrom(f.getType())) {
                assertTrue(names.contains(f.getName()), f.getName() + " is a param Spark finds");
            }
        }
        for (Param<?> p : c.params()) {
            assertTrue(explained.contains(p.name() + ":"), p.name() + " is explained");
            assertTrue(c.hasDefault(p) || p.name().equals("thresholds"), p.name() + " has a default");
        }
    }

    @Test
    void invalidParamsAreRefusedNamingParamAndValue() {
        OdeNetClassifier c = new OdeNetClassifier();
        IllegalArgumentException layers = assertThrows(IllegalArgumentException.class, () -> c.setLayers(0));
        assertTrue(layers.getMessage().contains("layers") && layers.getMessage().contains("0"), layers.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.setMaxIter(-1));
        assertThrows(IllegalArgumentException.class, () -> c.setFinalTime(0));
        assertThrows(IllegalArgumentException.class, () -> c.setArchitecture("lstm"));
        assertThrows(IllegalArgumentException.class, () -> c.setHead("hinge"));
        assertThrows(IllegalArgumentException.class, () -> c.setLipschitzIncrease(1.0));
        IllegalArgumentException tableau = assertThrows(IllegalArgumentException.class, () -> c.setTableau("rk45"));
        assertTrue(tableau.getMessage().contains("unknown tableau 'rk45'"), tableau.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("implicit",
                new double[][] {{1}}, new double[] {1}, new double[] {1}));
        assertEquals(20, c.getLayers(), "a refused value leaves the param unchanged");
    }

    @Test
    void uidCopyAndParamOwnership() {
        OdeNetClassifier c = new OdeNetClassifier("odenet_test_uid").setLayers(7);
        assertEquals("odenet_test_uid", c.uid());
        for (Param<?> p : c.params()) {
            assertEquals("odenet_test_uid", p.parent(), "param " + p.name() + " belongs to the estimator");
        }
        OdeNetClassifier copy = c.copy(new ParamMap().put(c.layers(), 9));
        assertEquals("odenet_test_uid", copy.uid());
        assertEquals(9, copy.getLayers());
        assertEquals(7, c.getLayers());
        assertNotEquals(new OdeNetClassifier().uid(), new OdeNetClassifier().uid());
    }

    @Test
    void userTableauRoundTripsThroughTheParams() {
        ButcherTableau ralston = new ButcherTableau("ralston", new double[][] {{0, 0}, {2.0 / 3, 0}},
                new double[] {0.25, 0.75}, new double[] {0, 2.0 / 3});
        OdeNetClassifier c = new OdeNetClassifier().setTableau(ralston);
        assertEquals(ralston, c.resolveTableau());
        assertEquals(ButcherTableau.KUTTA3, c.setTableau("kutta3").resolveTableau());
    }

    @Test
    void fitTransformAndSingleRowPredictionsAgree() {
        OdeNetClassifier c = new OdeNetClassifier().setLayers(6).setArchitecture("odenet_simplex")
                .setTableau("improved_euler").setInitialization("paper").setMaxIter(60).setTol(0)
                .setTransformedFeaturesCol("flowed");
        OdeNetClassificationModel model = c.fit(spiral);
        assertEquals(2, model.numFeatures());
        assertEquals(2, model.numClasses());
        assertEquals(c.uid(), model.uid());
        assertEquals(c, model.parent());
        assertEquals(6, model.getLayers(), "estimator params are copied to the model");
        Dataset<Row> out = model.transform(spiral);
        assertTrue(List.of(out.columns()).containsAll(List.of("rawPrediction", "probability", "prediction", "flowed")));
        for (Row r : out.limit(20).collectAsList()) {
            Vector x = r.getAs("features");
            Vector p = r.getAs("probability");
            assertEquals(1.0, p.apply(0) + p.apply(1), 1e-12);
            assertEquals(model.predict(x), (double) r.getAs("prediction"));
            assertArrayEquals(model.predictRaw(x).toArray(), ((Vector) r.getAs("rawPrediction")).toArray(), 0.0);
            assertArrayEquals(model.predictProbability(x).toArray(), p.toArray(), 0.0);
            assertEquals(2, ((Vector) r.getAs("flowed")).size());
            assertEquals(p.apply(1) > 0.5 ? 1.0 : 0.0, model.predict(x));
        }
        double[] h = model.timeSteps();
        assertEquals(6, h.length);
        assertEquals(1.0, java.util.Arrays.stream(h).sum(), 1e-12);
        assertTrue(java.util.Arrays.stream(h).allMatch(v -> v >= 0));
        assertEquals(java.util.Arrays.stream(h).filter(v -> v != 0).count(), model.numNonZeroSteps());
        assertEquals(2, model.layerWeights(0).numRows());
        assertEquals(1, model.headWeights().numRows());
        OdeNetTrainingSummary s = model.summary();
        assertEquals(60, s.totalIterations());
        assertEquals(61, s.objectiveHistory().length);
        assertTrue(s.objectiveHistory()[60] < s.objectiveHistory()[0]);
        assertEquals(StopReason.MAX_ITERATIONS, s.stopReason());
        assertTrue(s.provenance().get("tableau").contains("improved_euler"));
        assertTrue(s.provenance().get("params").contains("\"layers\":\"6\""), s.provenance().get("params"));
        assertEquals("4.2.0", s.provenance().get("sparkVersion"));
        assertFalse(s.provenance().get("odenetVersion").contains("${"));
    }

    @Test
    void validationIndicatorColumnHoldsRowsOut() {
        Dataset<Row> marked = spiral.withColumn("isVal", functions.rand(1).lt(0.3));
        OdeNetClassificationModel model = new OdeNetClassifier().setLayers(4).setMaxIter(10).setTol(0)
                .setValidationIndicatorCol("isVal").setValidationInterval(5).fit(marked);
        OdeNetTrainingSummary s = model.summary();
        assertArrayEquals(new int[] {0, 5, 10}, s.validationIterations());
        long trainRows = marked.filter("NOT isVal").count();
        assertEquals(trainRows, s.numSamples());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OdeNetClassifier()
                .setValidationIndicatorCol("label").setMaxIter(1).fit(spiral));
        assertTrue(e.getMessage().contains("must be boolean, but is double"), e.getMessage());
    }

    @Test
    void multiClassUsesSoftmaxAndLabelMetadata() {
        Dataset<Row> three = spiral.withColumn("label", functions.when(functions.col("features").isNotNull()
                .and(functions.rand(2).lt(0.33)), 2.0).otherwise(functions.col("label")));
        OdeNetClassificationModel m = new OdeNetClassifier().setLayers(3).setMaxIter(5).fit(three);
        assertEquals(3, m.numClasses());
        assertEquals(Head.SOFTMAX_CROSS_ENTROPY, m.spec().head());
        Vector p = m.predictProbability(Vectors.dense(0.1, 0.2));
        assertEquals(3, p.size());
        assertEquals(1.0, p.apply(0) + p.apply(1) + p.apply(2), 1e-12);
    }

    @Test
    void wrongFeatureCountIsAClearError() {
        OdeNetClassificationModel model = new OdeNetClassifier().setLayers(2).setMaxIter(2).fit(spiral);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.predict(Vectors.dense(1, 2, 3)));
        assertTrue(e.getMessage().contains("size 3") && e.getMessage().contains("2 features"), e.getMessage());
        Dataset<Row> wide = new org.apache.spark.ml.feature.VectorAssembler()
                .setInputCols(new String[] {"features", "label"}).setOutputCol("wide").transform(spiral);
        IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
                () -> model.setFeaturesCol("wide").transform(wide));
        assertTrue(early.getMessage().contains("size 3 but this model was trained on 2 features"), early.getMessage());
        model.setFeaturesCol("features");
    }

    @Test
    void registeredForServiceLoading() {
        boolean estimator = ServiceLoader.load(Estimator.class).stream()
                .anyMatch(p -> p.type().equals(OdeNetClassifier.class));
        boolean model = ServiceLoader.load(Transformer.class).stream()
                .anyMatch(p -> p.type().equals(OdeNetClassificationModel.class));
        assertTrue(estimator && model);
        assertThrows(IllegalStateException.class, () -> new OdeNetClassificationModel().numFeatures());
    }
}
