package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.ToyDataSet;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.SparkTestSession;

/**
 * The state width through the estimator: a narrow state on MNIST trains through its input embedding, scores,
 * saves and loads; models and estimators saved with the former param {@code augmentation} keep loading.
 */
class StateWidthClassifierTest {
    private static SparkSession spark;
    private static Dataset<Row> digits;
    private static Dataset<Row> squares;

    @BeforeAll
    static void data() {
        spark = SparkTestSession.get();
        digits = spark.read().format("libsvm").option("numFeatures", 784).load("data/mnist100/train.libsvm").cache();
        squares = SampleFrames.of(spark, ToyDataSet.SQUARES.generate(60, 3), 2);
    }

    private static OdeNetClassifier narrow() {
        return new OdeNetClassifier().setStateWidth(12).setLayers(3).setArchitecture("resnet").setMaxIter(25)
                .setTol(0).setEngine("driver").setProgressInterval(1000).setSeed(3);
    }

    @Test
    void theParamDefaultsToTheInputWidthAndRefusesNegativeWidths() {
        assertEquals(0, new OdeNetClassifier().getStateWidth());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OdeNetClassifier().setStateWidth(-1));
        assertTrue(e.getMessage().contains("stateWidth"), e.getMessage());
        assertTrue(new OdeNetClassifier().explainParams().contains("stateWidth: channels d of the network's state"));
    }

    @Test
    void aNarrowStateTrainsOnDigitsThroughItsEmbedding(@TempDir Path tmp) throws IOException {
        OdeNetClassificationModel m = narrow().setTransformedFeaturesCol("flowed").setSensitivityCol("dx").fit(digits);
        assertEquals(784, m.numFeatures());
        assertEquals(12, m.spec().stateWidth());
        assertTrue(m.spec().embedsInput());
        assertEquals(12, m.getStateWidth());
        assertEquals(12 * 784, m.embeddingWeights().numRows() * m.embeddingWeights().numCols());
        assertEquals(12, m.embeddingBias().size());
        assertEquals(12, m.layerWeights(0).numRows());
        double[] loss = m.summary().objectiveHistory();
        assertTrue(loss[loss.length - 1] < 0.5 * loss[0], "the loss decreases: " + java.util.Arrays.toString(loss));
        double[] accuracy = m.summary().accuracyHistory();
        assertTrue(accuracy[accuracy.length - 1] > 0.9, "training accuracy " + accuracy[accuracy.length - 1]);
        Row r = m.transform(digits).first();
        assertEquals(12, ((Vector) r.getAs("flowed")).size());
        assertEquals(784, ((Vector) r.getAs("dx")).size());
        assertArrayEquals(m.lossGradient(r.getAs("features"), r.getDouble(r.fieldIndex("label"))).toArray(),
                ((Vector) r.getAs("dx")).toArray(), 0.0);

        String path = tmp.resolve("narrow").toString();
        m.write().save(path);
        OdeNetClassificationModel back = OdeNetClassificationModel.load(path);
        assertEquals(m.spec(), back.spec());
        assertEquals(12, back.getStateWidth());
        assertArrayEquals(m.parameters(), back.parameters(), 0.0);
        PersistenceAndPipelineTest.assertSamePredictions(m.transform(digits), back.transform(digits));
        assertThrows(IllegalStateException.class, () -> narrow().setStateWidth(0).setMaxIter(0).fit(squares)
                .embeddingWeights(), "a full-width network has no embedding");
    }

    @Test
    void aModelSavedWithAugmentationLoadsAsItsStateWidth(@TempDir Path tmp) throws IOException {
        OdeNetClassificationModel m = new OdeNetClassifier().setStateWidth(4).setLayers(3).setMaxIter(10).setEngine("driver")
                .fit(squares);
        Path path = tmp.resolve("augmented");
        m.write().save(path.toString());
        toPreviousFormat(path, "\"stateWidth\":4", "\"augmentation\":2");
        OdeNetClassificationModel back = OdeNetClassificationModel.load(path.toString());
        assertEquals(4, back.spec().stateWidth());
        assertEquals(2, back.spec().augmentation());
        assertEquals(4, back.getStateWidth(), "augmentation = 2 on 2 features is stateWidth = 4");
        assertArrayEquals(m.parameters(), back.parameters(), 0.0);
        PersistenceAndPipelineTest.assertSamePredictions(m.transform(squares), back.transform(squares));

        OdeNetClassificationModel plain = new OdeNetClassifier().setLayers(3).setMaxIter(10).setEngine("driver").fit(squares);
        Path plainPath = tmp.resolve("plain");
        plain.write().save(plainPath.toString());
        toPreviousFormat(plainPath, null, null);
        OdeNetClassificationModel plainBack = OdeNetClassificationModel.load(plainPath.toString());
        assertEquals(plain.spec(), plainBack.spec());
        assertEquals(0, plainBack.getStateWidth());
        assertTrue(!plainBack.isSet(plainBack.stateWidth()));
    }

    @Test
    void anEstimatorSavedWithAugmentationLoadsWhenItHadNone(@TempDir Path tmp) throws IOException {
        Path path = tmp.resolve("estimator");
        new OdeNetClassifier().setLayers(7).write().save(path.toString());
        rewriteMetadata(path, "\"stateWidth\":0", "\"augmentation\":0");
        OdeNetClassifier back = OdeNetClassifier.load(path.toString());
        assertEquals(7, back.getLayers());
        assertEquals(0, back.getStateWidth());

        Path augmented = tmp.resolve("augmented-estimator");
        new OdeNetClassifier().setStateWidth(5).write().save(augmented.toString());
        rewriteMetadata(augmented, "\"stateWidth\":5", "\"augmentation\":3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OdeNetClassifier.load(augmented.toString()));
        assertTrue(e.getMessage().contains("augmentation = 3") && e.getMessage().contains("stateWidth"), e.getMessage());
    }

    /**
     * Turns a saved model into what the build before stateWidth wrote: the metadata names the param augmentation
     * (its default 0, and {@code set} replaced by {@code by} when given), the data has no stateWidth column.
     */
    private static void toPreviousFormat(Path model, String set, String by) throws IOException {
        rewriteMetadata(model, "\"stateWidth\":0", "\"augmentation\":0");
        if (set != null) {
            rewriteMetadata(model, set, by);
        }
        Path data = model.resolve("data");
        Path old = model.resolve("data-previous");
        spark.read().parquet(data.toString()).drop("stateWidth").repartition(1).write().parquet(old.toString());
        deleteTree(data);
        Files.move(old, data);
    }

    private static void rewriteMetadata(Path saved, String from, String to) throws IOException {
        Path dir = saved.resolve("metadata");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".crc")) {
                    Files.delete(f);
                } else if (name.startsWith("part-")) {
                    String json = Files.readString(f);
                    assertTrue(json.contains(from), json);
                    Files.writeString(f, json.replace(from, to));
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    @Test
    void theSpecOfADefaultModelListsNoEmbedding() {
        OdeNetClassificationModel m = new OdeNetClassifier().setLayers(2).setMaxIter(0).fit(squares);
        assertEquals(List.of(2, 2), List.of(m.spec().inputWidth(), m.spec().stateWidth()));
        assertTrue(!m.spec().embedsInput() && !m.spec().layout().hasEmbedding());
    }
}
