package org.odenet.jobs;

import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.odenet.data.ToyDataSet;
import org.odenet.spark.SampleFrames;

/**
 * Writes the paper's toy data sets — the training draw and the independent test draw — with Spark's
 * writers, as LIBSVM, CSV (columns x1, x2, label) or Parquet (features, label), to any Hadoop path.
 */
final class GenerateDataJob {
    private static final Logger LOG = LogManager.getLogger(GenerateDataJob.class);

    private GenerateDataJob() {
    }

    static void run(SparkSession spark, JobSettings s) {
        String format = s.get("format");
        String output = s.get("output");
        long seed = s.getLong("seed");
        int partitions = s.getInt("partitions");
        if (!java.util.List.of("libsvm", "csv", "parquet").contains(format)) {
            throw new IllegalArgumentException("key 'format' must be libsvm, csv or parquet, got '" + format + "'");
        }
        s.getList("datasets").forEach(ToyDataSet::fromName);
        if (isLocal(output)) {
            OutputDirectory.claim(output, "generate-data", s);
        } else {
            LOG.warn("odenet: output {} is not a local directory: not checked for an earlier run", output);
        }
        for (String name : s.getList("datasets")) {
            ToyDataSet data = ToyDataSet.fromName(name);
            int m = s.getInt("samples") > 0 ? s.getInt("samples") : data.paperSize();
            write(SampleFrames.of(spark, data.generate(m, seed), partitions), format, path(output, name, "train", format));
            write(SampleFrames.of(spark, data.generate(m, ToyDataSet.testSeed(seed)), partitions), format,
                    path(output, name, "test", format));
            LOG.info("odenet: wrote {} ({} + {} samples) as {} under {}", name, m, m, format, output);
        }
    }

    /** Whether {@code output} is a local path or {@code file:} URI (not hdfs://, s3a://, ...). */
    static boolean isLocal(String output) {
        return output.startsWith("file:") || !output.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    }

    private static String path(String output, String name, String split, String format) {
        return output.contains("://") ? output + "/" + name + "/" + split + "." + format
                : Path.of(output, name, split + "." + format).toAbsolutePath().toString();
    }

    private static void write(Dataset<Row> df, String format, String path) {
        switch (format) {
            // Spark's LIBSVM writer wants exactly (label, features), in that order
            case "libsvm" -> df.select("label", "features").write().mode(SaveMode.Overwrite).format("libsvm").save(path);
            case "parquet" -> df.write().mode(SaveMode.Overwrite).parquet(path);
            case "csv" -> {
                Dataset<Row> flat = df.withColumn("x", functions.vector_to_array(df.col("features"), "float64"));
                flat.select(flat.col("x").getItem(0).as("x1"), flat.col("x").getItem(1).as("x2"), flat.col("label"))
                        .write().mode(SaveMode.Overwrite).option("header", "true").csv(path);
            }
            default -> throw new IllegalArgumentException("key 'format' must be libsvm, csv or parquet, got '" + format + "'");
        }
    }
}
