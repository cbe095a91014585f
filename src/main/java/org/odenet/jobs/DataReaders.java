package org.odenet.jobs;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.ml.feature.VectorAssembler;
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

    /**
     * @param numFeatures the width for libsvm, or ≤ 0 to let Spark find it
     * @throws IllegalArgumentException for an unknown format or a CSV without a label column
     */
    public static Dataset<Row> read(SparkSession spark, String path, String format, int numFeatures) {
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
            case "parquet" -> {
                return reader.parquet(path).select("features", "label");
            }
            default -> throw new IllegalArgumentException("unknown data format '" + format
                    + "'; known: libsvm, csv, parquet");
        }
    }
}
