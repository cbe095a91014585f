package org.odenet.jobs;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a report says about one data set it was given: its name, where it came from, the rows, features and
 * classes of its training and test parts with the rows of each class, and — only when the data set's
 * {@code data.<name>.train} and {@code .test} are the job file's own — its description
 * {@code data.<name>.description}, so that a run on other files never repeats claims about the documented ones.
 *
 * @param trainClassRows rows per class label of the training data, ascending labels
 * @param testClassRows  rows per class label of the test data, ascending labels
 * @param description    the documented description, or empty
 */
record DataSetSummary(String name, String source, long trainRows, long testRows, int numFeatures,
                      Map<Integer, Long> trainClassRows, Map<Integer, Long> testClassRows, String description) {

    DataSetSummary {
        trainClassRows = Map.copyOf(new TreeMap<>(trainClassRows));
        testClassRows = Map.copyOf(new TreeMap<>(testClassRows));
    }

    /** Counts the rows of {@code data} (one small Spark job per part) and picks its description. */
    static DataSetSummary of(ExperimentData data, JobSettings settings) {
        Map<Integer, Long> train = classRows(data.train());
        Map<Integer, Long> test = classRows(data.test());
        return new DataSetSummary(data.name(), data.source(), sum(train), sum(test), data.numFeatures(), train, test,
                description(data.name(), settings));
    }

    /**
     * {@code data.<name>.description} when it is set and the data set's files are the documented ones (the job
     * file's values of {@code data.<name>.train} and {@code .test}); otherwise empty.
     */
    static String description(String name, JobSettings settings) {
        String key = "data." + name + ".description";
        if (!settings.has(key) || settings.get(key).isEmpty()) {
            return "";
        }
        boolean documentedData = settings.isDocumentedValue("data." + name + ".train")
                && settings.isDocumentedValue("data." + name + ".test");
        return documentedData || !settings.isDocumentedValue(key) ? settings.get(key) : "";
    }

    private static Map<Integer, Long> classRows(Dataset<Row> data) {
        Map<Integer, Long> rows = new TreeMap<>();
        for (Row r : data.groupBy("label").count().collectAsList()) {
            rows.merge((int) ((Number) r.get(0)).doubleValue(), r.getLong(1), Long::sum);
        }
        return rows;
    }

    private static long sum(Map<Integer, Long> rows) {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Number of classes: one more than the largest label of the training and test data. */
    int numClasses() {
        int max = -1;
        for (Map<Integer, Long> m : java.util.List.of(trainClassRows, testClassRows)) {
            max = Math.max(max, m.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1));
        }
        return max + 1;
    }

    /**
     * One paragraph for the report, e.g. "Data set spiral: the paper's toy set spiral ..., generated: ...; 1000
     * training rows (class 0: 500, class 1: 500), 1000 test rows (class 0: 500, class 1: 500), 2 features, 2 classes."
     */
    String paragraph() {
        String text = String.format(Locale.ROOT, "Data set %s: %s; %d training rows (%s), %d test rows (%s), %d "
                + "features, %d classes.", name, source, trainRows, perClass(trainClassRows), testRows,
                perClass(testClassRows), numFeatures, numClasses());
        return description.isEmpty() ? text : text + " " + description;
    }

    private static String perClass(Map<Integer, Long> rows) {
        StringJoiner j = new StringJoiner(", ");
        new TreeMap<>(rows).forEach((label, count) -> j.add("class " + label + ": " + count));
        return j.toString();
    }
}
