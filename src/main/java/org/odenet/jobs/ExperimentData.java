package org.odenet.jobs;

import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.spark.SampleFrames;

/**
 * The training and test data of one data set of an experiment: read from {@code data.<name>.train}/{@code .test}
 * when those keys are set (any name), otherwise one of the paper's toy sets, generated from the job's seed.
 *
 * @param source where the data came from, in words, for the report
 */
record ExperimentData(String name, Dataset<Row> train, Dataset<Row> test, int numFeatures, String source) {

    /**
     * Checks, before any work, that data set {@code name} can be loaded: its files are given, or it is a toy set.
     *
     * @throws IllegalArgumentException naming the data set and the keys that would give it
     */
    static void requireSource(String name, JobSettings s) {
        if (!hasFiles(name, s)) {
            toySet(name);
        }
    }

    private static boolean hasFiles(String name, JobSettings s) {
        String trainKey = "data." + name + ".train";
        return s.has(trainKey) && !s.get(trainKey).isEmpty();
    }

    private static ToyDataSet toySet(String name) {
        try {
            return ToyDataSet.fromName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("data set '" + name + "' is neither a toy data set ("
                    + String.join(", ", List.of("donut1d", "donut2d", "spiral", "squares"))
                    + ") nor given by the keys data." + name + ".train and data." + name + ".test");
        }
    }

    /**
     * The data set {@code name}: read from its files when the job names them, else the toy set generated from
     * {@code seed} (its test set from {@link ToyDataSet#testSeed(long)}).
     */
    static ExperimentData load(SparkSession spark, String name, JobSettings s, long seed) {
        String trainKey = "data." + name + ".train";
        String testKey = "data." + name + ".test";
        if (hasFiles(name, s)) {
            if (!s.has(testKey) || s.get(testKey).isEmpty()) {
                throw new IllegalArgumentException("key '" + trainKey + "' is set but '" + testKey + "' is not");
            }
            String widthKey = "data." + name + ".numFeatures";
            int width = s.has(widthKey) ? s.getInt(widthKey) : 0;
            DataReaders.TrainTest data = DataReaders.readPair(spark, s.get(trainKey), s.get(testKey), width, widthKey);
            return new ExperimentData(name, data.train().cache(), data.test().cache(), data.numFeatures(),
                    "read from " + s.get(trainKey) + " (training) and " + s.get(testKey) + " (test)");
        }
        ToyDataSet toy = toySet(name);
        int samples = s.getInt("samples");
        int m = samples > 0 ? samples : toy.paperSize();
        int partitions = s.getInt("partitions");
        if (partitions < 1) {
            throw new IllegalArgumentException("key 'partitions' must be at least 1, got " + partitions);
        }
        LabeledSamples train = toy.generate(m, seed);
        LabeledSamples test = toy.generate(m, ToyDataSet.testSeed(seed));
        return new ExperimentData(name, SampleFrames.of(spark, train, partitions).cache(),
                SampleFrames.of(spark, test, partitions).cache(), 2, String.format(Locale.ROOT,
                "the paper's toy set %s (section 5.1), generated: %d training samples (seed %d) and an independent "
                + "draw of %d test samples (seed %d)", toy.configName(), m, seed, m, ToyDataSet.testSeed(seed)));
    }

    /** The rows as in-memory samples (for the figures); labels must be integers. */
    static LabeledSamples collect(Dataset<Row> data, int numFeatures) {
        List<Row> rows = data.select("features", "label").collectAsList();
        double[] values = new double[rows.size() * numFeatures];
        int[] labels = new int[rows.size()];
        for (int c = 0; c < rows.size(); c++) {
            Vector v = rows.get(c).getAs(0);
            System.arraycopy(v.toArray(), 0, values, c * numFeatures, numFeatures);
            labels[c] = (int) rows.get(c).getDouble(1);
        }
        return new LabeledSamples(numFeatures, values, labels);
    }

    /** A label for figures and the report, e.g. "spiral". */
    String title() {
        return name.toLowerCase(Locale.ROOT);
    }
}
