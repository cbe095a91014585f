package org.odenet.jobs;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/**
 * Checks of a data path before and while Spark reads it, each failure an {@link IllegalArgumentException} that
 * names the path (the jobs exit with 2 on those), never a Spark stack trace.
 */
final class DataPaths {
    private static final String[] COMPRESSED = {".gz", ".bz2", ".zst", ".lz4", ".snappy", ".deflate", ".xz"};

    private DataPaths() {
    }

    /**
     * Checks that {@code path} exists on its file system (a glob is left to Spark).
     *
     * @return the local file or directory when the path is on the local file system and uncompressed, so that
     *         {@link LocalDataScan} can check it; otherwise null
     * @throws IllegalArgumentException naming the path when it does not exist or its file system fails
     */
    static java.nio.file.Path checkExists(SparkSession spark, String path) {
        if (path.isBlank()) {
            throw new IllegalArgumentException("a data path is empty");
        }
        if (path.matches(".*[*?\\[{].*")) {
            return null;
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        URI qualified;
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new IllegalArgumentException("data path " + path + " does not exist");
            }
            qualified = fs.makeQualified(p).toUri();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot reach data path " + path + " (" + e + ")", e);
        }
        if (!"file".equals(qualified.getScheme())) {
            return null;
        }
        java.nio.file.Path local = java.nio.file.Path.of(qualified);
        String name = local.getFileName() == null ? "" : local.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean compressed = Arrays.stream(COMPRESSED).anyMatch(name::endsWith) || LocalDataScan.dataFiles(local)
                .stream().anyMatch(f -> Arrays.stream(COMPRESSED).anyMatch(f.toString().toLowerCase(Locale.ROOT)::endsWith));
        return compressed ? null : local;
    }

    /** Checks that Parquet data has a vector column {@code features} and a numeric column {@code label}. */
    static void checkParquetColumns(String path, StructType schema) {
        for (String column : new String[] {"features", "label"}) {
            if (!Arrays.asList(schema.fieldNames()).contains(column)) {
                throw new IllegalArgumentException("Parquet data " + path + " has no column '" + column + "' (columns: "
                        + String.join(", ", schema.fieldNames()) + ")");
            }
        }
        DataType features = schema.apply("features").dataType();
        if (!SQLDataTypes.VectorType().equals(features)) {
            throw new IllegalArgumentException("Parquet data " + path + ": column 'features' is "
                    + features.simpleString() + ", not a vector (org.apache.spark.ml.linalg.Vector, as the "
                    + "generate-data job writes it)");
        }
        DataType label = schema.apply("label").dataType();
        if (!(label instanceof NumericType)) {
            throw new IllegalArgumentException("Parquet data " + path + ": column 'label' is " + label.simpleString()
                    + ", not a number");
        }
    }

    /** An error naming the path for a failure of Spark's reader, with the first line of its root cause. */
    static IllegalArgumentException unreadable(String path, String format, Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.toString();
        return new IllegalArgumentException("cannot read " + path + " as " + format + ": " + message.lines().findFirst()
                .orElse(root.toString()), e);
    }
}
