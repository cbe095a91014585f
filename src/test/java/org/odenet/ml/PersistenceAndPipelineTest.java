package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.ToyDataSet;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.SparkTestSession;

/** Save/load round trips, pipelines, tuning and evaluators. */
class PersistenceAndPipelineTest {
    private static SparkSession spark;
    private static Dataset<Row> donut;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
        donut = SampleFrames.of(spark, ToyDataSet.DONUT2D.generate(240, 11), 2).cache();
    }

    private static OdeNetClassifier small() {
        return new OdeNetClassifier().setLayers(4).setArchitecture("odenet").setTableau("kutta3").setMaxIter(15)
                .setTol(0);
    }

    static void assertSamePredictions(Dataset<Row> a, Dataset<Row> b) {
        List<Row> ra = a.select("rawPrediction", "probability", "prediction").collectAsList();
        List<Row> rb = b.select("rawPrediction", "probability", "prediction").collectAsList();
        assertEquals(ra.size(), rb.size());
        for (int i = 0; i < ra.size(); i++) {
            assertArrayEquals(((Vector) ra.get(i).get(0)).toArray(), ((Vector) rb.get(i).get(0)).toArray(), 0.0);
            assertArrayEquals(((Vector) ra.get(i).get(1)).toArray(), ((Vector) rb.get(i).get(1)).toArray(), 0.0);
            assertEquals(ra.get(i).getDouble(2), rb.get(i).getDouble(2));
        }
    }

    @Test
    void estimatorAndModelRoundTrip(@TempDir Path tmp) throws IOException {
        OdeNetClassifier c = small().setHead("logistic_cross_entropy").setTransformedFeaturesCol("flowed");
        c.write().save(tmp.resolve("estimator").toString());
        OdeNetClassifier loadedEstimator = OdeNetClassifier.load(tmp.resolve("estimator").toString());
        assertEquals(c.uid(), loadedEstimator.uid());
        for (org.apache.spark.ml.param.Param<?> param : c.params()) {
            @SuppressWarnings("unchecked")
            org.apache.spark.ml.param.Param<Object> p = (org.apache.spark.ml.param.Param<Object>) param;
            if (c.isDefined(p)) {
                assertEquals(p.jsonEncode(c.getOrDefault(p)),
                        p.jsonEncode(loadedEstimator.getOrDefault(loadedEstimator.getParam(p.name()))), p.name());
            }
        }

        OdeNetClassificationModel model = c.fit(donut);
        String path = tmp.resolve("model").toString();
        model.write().save(path);
        OdeNetClassificationModel loaded = OdeNetClassificationModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertArrayEquals(model.parameters(), loaded.parameters(), 0.0);
        assertEquals(model.spec(), loaded.spec());
        assertEquals("flowed", loaded.getTransformedFeaturesCol());
        assertSamePredictions(model.transform(donut), loaded.transform(donut));
        assertArrayEquals(model.summary().objectiveHistory(), loaded.summary().objectiveHistory(), 0.0);
        assertEquals(model.summary().provenance(), loaded.summary().provenance());
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains("incomplete")), "no staging leftovers");
        }
        IOException exists = assertThrows(IOException.class, () -> model.write().save(path));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        model.write().overwrite().save(path);
        assertArrayEquals(model.parameters(), OdeNetClassificationModel.load(path).parameters(), 0.0);
    }

    @Test
    void loadingSomethingElseIsAClearError(@TempDir Path tmp) throws IOException {
        String lr = tmp.resolve("lr").toString();
        new LogisticRegression().setMaxIter(2).fit(donut).write().save(lr);
        Exception other = assertThrows(Exception.class, () -> OdeNetClassificationModel.load(lr));
        assertTrue(other.getMessage().contains("Expected class name org.odenet.ml.OdeNetClassificationModel"),
                other.getMessage());

        String path = tmp.resolve("model").toString();
        small().setMaxIter(2).fit(donut).write().save(path);
        deleteRecursively(tmp.resolve("model").resolve("data"));
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> OdeNetClassificationModel.load(path));
        assertTrue(truncated.getMessage().contains("incomplete: its data/ directory is missing"), truncated.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> OdeNetClassificationModel.load(tmp.resolve("nothing").toString()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> OdeNetClassificationModel.load(tmp.resolve("empty").toString()));
        assertTrue(empty.getMessage().contains("has no metadata/ directory"), empty.getMessage());
    }

    @Test
    void pipelineWithAssemblerAndScalerSavesAndLoads(@TempDir Path tmp) throws IOException {
        Dataset<Row> raw = donut.withColumn("arr", org.apache.spark.ml.functions.vector_to_array(functions.col("features"),
                "float64")).select(functions.col("arr").getItem(0).as("x"), functions.col("arr").getItem(1).as("y"),
                functions.col("label"));
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("raw"),
            new StandardScaler().setInputCol("raw").setOutputCol("features"),
            small()});
        PipelineModel fitted = pipeline.fit(raw);
        String path = tmp.resolve("pipeline").toString();
        fitted.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertInstanceOf(OdeNetClassificationModel.class, loaded.stages()[2]);
        assertSamePredictions(fitted.transform(raw), loaded.transform(raw));
        pipeline.write().save(tmp.resolve("unfitted").toString());
        assertEquals(3, Pipeline.load(tmp.resolve("unfitted").toString()).getStages().length);
    }

    @Test
    void crossValidationWithAGridAndBinaryEvaluator(@TempDir Path tmp) throws IOException {
        OdeNetClassifier c = small();
        ParamMap[] grid = new ParamGridBuilder().addGrid(c.layers(), new int[] {2, 5})
                .addGrid(c.architecture(), scala.jdk.javaapi.CollectionConverters.asScala(List.of("resnet", "odenet")))
                .build();
        BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();
        CrossValidatorModel cv = new CrossValidator().setEstimator(c).setEstimatorParamMaps(grid).setEvaluator(auc)
                .setNumFolds(2).setSeed(3).fit(donut);
        assertEquals(4, cv.avgMetrics().length);
        for (double m : cv.avgMetrics()) {
            assertTrue(m > 0 && m <= 1, "AUC " + m);
        }
        OdeNetClassificationModel best = (OdeNetClassificationModel) cv.bestModel();
        double aucBest = auc.evaluate(best.transform(donut));
        assertTrue(aucBest > 0.5, "AUC of the best model " + aucBest);
        String path = tmp.resolve("cv").toString();
        cv.write().save(path);
        CrossValidatorModel loaded = CrossValidatorModel.load(path);
        assertSamePredictions(cv.transform(donut), loaded.transform(donut));
        assertArrayEquals(cv.avgMetrics(), loaded.avgMetrics(), 0.0);
    }

    @Test
    void trainValidationSplitWithMulticlassEvaluator() {
        Dataset<Row> three = donut.withColumn("label", functions.when(functions.rand(5).lt(0.3), 2.0)
                .otherwise(functions.col("label")));
        OdeNetClassifier c = small().setArchitecture("resnet");
        ParamMap[] grid = new ParamGridBuilder().addGrid(c.maxIter(), new int[] {3, 8}).build();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(c).setEstimatorParamMaps(grid)
                .setEvaluator(accuracy).setTrainRatio(0.7).setSeed(1).fit(three);
        assertEquals(2, tvs.validationMetrics().length);
        OdeNetClassificationModel best = (OdeNetClassificationModel) tvs.bestModel();
        assertEquals(3, best.numClasses());
        double f1 = new MulticlassClassificationEvaluator().setMetricName("f1").evaluate(best.transform(three));
        assertTrue(f1 > 0 && f1 <= 1, "f1 " + f1);
    }

    static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
