package org.odenet.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads labelled data from any path Spark can read (file://, hdfs://, s3a://, ...) into the columns
 * {@code features} (vector) and {@code label} (double), with Spark's own readers:
 * <ul>
 *   <li>{@code libsvm}: Spark's LIBSVM source (give {@code numFeatures} to skip the scan for the width);</li>
 *   <li>{@code csv}: a header row, a {@code label} column, every other column a feature (VectorAssembler);</li>
 *   <li>{@code parquet}: columns {@code features} and {@code label} as written by the generate-data job.</li>
 * </ul>
 */
public final class DataReaders {
    private DataReaders() {
    }

    /**
     * The format for {@code path}'s extension: .libsvm or .svm → libsvm, .csv → csv, .parquet → parquet
     * (a trailing slash is ignored).
     *
     * @throws IllegalArgumentException for any other extension, rather than guessing
     */
    public static String formatOf(String path) {
        String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (p.endsWith(".libsvm") || p.endsWith(".svm")) {
            return "libsvm";
        }
        if (p.endsWith(".csv")) {
            return "csv";
        }
        if (p.endsWith(".parquet")) {
            return "parquet";
        }
        throw new IllegalArgumentException("cannot tell the format of '" + path + "' from its name; name it "
                + "*.libsvm, *.svm, *.csv or *.parquet");
    }

    /** Training and test data of one data set, checked to have the same number of features. */
    public record TrainTest(Dataset<Row> train, Dataset<Row> test, int numFeatures) {
    }

    /**
     * Reads a data set's training and test data, each with {@link #read}, and checks that both have the same
     * number of features.
     *
     * @param numFeaturesKey the key that sets {@code numFeatures}, for the message, or null if the job has none
     * @throws IllegalArgumentException as {@link #read}, or naming both paths and both widths when they differ
     */
    public static TrainTest readPair(SparkSession spark, String trainPath, String testPath, int numFeatures,
                                     String numFeaturesKey) {
        Checked train = readChecked(spark, trainPath, DataReaders.formatOf(trainPath), numFeatures);
        Checked test = readChecked(spark, testPath, DataReaders.formatOf(testPath), numFeatures);
        if (train.width() != test.width()) {
            throw new IllegalArgumentException("training data " + trainPath + " has " + train.width() + " features ("
                    + train.where() + ") but test data " + testPath + " has " + test.width() + " (" + test.where()
                    + "); both must have the same features" + (numFeatures > 0 ? "" : numFeaturesKey != null
                    ? " (for sparse LIBSVM files whose last features are zero, set " + numFeaturesKey + ")"
                    : " (for sparse LIBSVM files whose last features are zero, write the last feature with value 0 "
                    + "in one row)"));
        }
        return new TrainTest(train.data(), test.data(), train.width());
    }

    /**
     * Reads {@code path} in {@code format}, checked first: a missing path, an empty file or directory, a malformed
     * local LIBSVM or CSV row (by its file and line) and a Parquet column of the wrong type are errors naming the
     * path, never a failed Spark job.
     *
     * @param numFeatures the width for libsvm, or ≤ 0 to let Spark find it
     * @throws IllegalArgumentException for an unknown format, a missing or bad path, or a CSV without a label column
     */
    public static Dataset<Row> read(SparkSession spark, String path, String format, int numFeatures) {
        return readChecked(spark, path, format, numFeatures).data();
    }

    /** Data read and checked, with its width and where the width comes from. */
    private record Checked(Dataset<Row> data, int width, String where) {
    }

    private static Checked readChecked(SparkSession spark, String path, String format, int numFeatures) {
        if (!java.util.List.of("libsvm", "csv", "parquet").contains(format)) {
            throw new IllegalArgumentException("unknown data format '" + format + "'; known: libsvm, csv, parquet");
        }
        java.nio.file.Path local = DataPaths.checkExists(spark, path);
        LocalDataScan.Result scan = null;
        if (local != null) {
            if (format.equals("libsvm")) {
                scan = LocalDataScan.libsvm(local, numFeatures);
            } else if (format.equals("csv")) {
                scan = LocalDataScan.csv(local);
            } else {
                LocalDataScan.dataFiles(local);
            }
        }
        Dataset<Row> data;
        try {
            data = sparkRead(spark, path, format, numFeatures);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw DataPaths.unreadable(path, format, e);
        }
        if (scan != null) {
            return new Checked(data, scan.width(), scan.where());
        }
        List<Row> first;
        try {
            first = data.select("features").takeAsList(1);
        } catch (Exception e) {
            throw DataPaths.unreadable(path, format, e);
        }
        if (first.isEmpty()) {
            throw new IllegalArgumentException("data " + path + " holds no rows");
        }
        return new Checked(data, first.get(0).<Vector>getAs(0).size(), "its first row");
    }

    private static Dataset<Row> sparkRead(SparkSession spark, String path, String format, int numFeatures) {
        DataFrameReader reader = spark.read();
        switch (format) {
            case "libsvm" -> {
                reader = reader.format("libsvm");
                if (numFeatures > 0) {
                    reader = reader.option("numFeatures", String.valueOf(numFeatures));
                }
                return reader.load(path).select("features", "label");
            }
            case "csv" -> {
                Dataset<Row> raw = reader.option("header", "true").option("inferSchema", "true").csv(path);
                if (!Arrays.asList(raw.columns()).contains("label")) {
                    throw new IllegalArgumentException("CSV file " + path + " has no 'label' column (columns: "
                            + String.join(", ", raw.columns()) + ")");
                }
                String[] inputs = Arrays.stream(raw.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
                return new VectorAssembler().setInputCols(inputs).setOutputCol("features").transform(raw)
                        .select(functions.col("features"), functions.col("label").cast("double"));
            }
            default -> {
                Dataset<Row> raw = reader.parquet(path);
                DataPaths.checkParquetColumns(path, raw.schema());
                return raw.select("features", "label");
            }
        }
    }
}
