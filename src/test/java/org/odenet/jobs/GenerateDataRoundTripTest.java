package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.ml.OdeNetClassifier;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.SparkTestSession;

/** generate-data in each format: the files read back as the generator's samples and train the same model. */
class GenerateDataRoundTripTest {
    private static final int SAMPLES = 40;
    private static final long SEED = 7;

    @ParameterizedTest
    @ValueSource(strings = {"libsvm", "csv", "parquet"})
    void filesHoldTheGeneratedSamplesAndTrainTheSameModel(String format, @TempDir Path tmp) throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path out = tmp.resolve("data");
        JobSettings s = JobSettings.load(Path.of("jobs/generate-data.properties"), List.of("output=" + out,
                "format=" + format, "datasets=spiral", "samples=" + SAMPLES, "seed=" + SEED, "partitions=2"));
        GenerateDataJob.run(spark, s);

        LabeledSamples generated = ToyDataSet.fromName("spiral").generate(SAMPLES, SEED);
        Dataset<Row> read = DataReaders.read(spark, out.resolve("spiral").resolve("train." + format).toString(),
                format, 2);
        assertEquals(sorted(rows(generated)), sorted(rows(read)), format + ": the samples, bit for bit");

        Dataset<Row> fromGenerator = SampleFrames.of(spark, generated, 1);
        Dataset<Row> fromFiles = read.orderBy("label").coalesce(1);
        double[] a = fit(fromGenerator.orderBy("label").coalesce(1));
        double[] b = fit(fromFiles);
        assertArrayEquals(a, b, 1e-12, format + ": objective history from the files vs from the generator");
    }

    private static double[] fit(Dataset<Row> data) {
        return new OdeNetClassifier().setLayers(3).setMaxIter(5).setSeed(1).fit(data).summary().objectiveHistory();
    }

    private static List<String> rows(LabeledSamples samples) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < samples.size(); c++) {
            out.add(samples.feature(c, 0) + " " + samples.feature(c, 1) + " " + (double) samples.labels()[c]);
        }
        return out;
    }

    private static List<String> rows(Dataset<Row> data) {
        List<String> out = new ArrayList<>();
        for (Row r : data.select("features", "label").collectAsList()) {
            Vector v = r.getAs(0);
            out.add(v.apply(0) + " " + v.apply(1) + " " + ((Number) r.get(1)).doubleValue());
        }
        return out;
    }

    private static List<String> sorted(List<String> rows) {
        rows.sort(Comparator.naturalOrder());
        return rows;
    }
}
