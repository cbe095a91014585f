package org.odenet.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.odenet.data.LabeledSamples;

/** In-memory samples as a Spark DataFrame with the standard columns {@code features} (vector) and {@code label}. */
public final class SampleFrames {
    private SampleFrames() {
    }

    /** The schema (features: vector, label: double). */
    public static StructType schema() {
        return new StructType(new StructField[] {
            new StructField("features", SQLDataTypes.VectorType(), false, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    }

    /** The samples in their order, cut into {@code partitions} contiguous partitions. */
    public static Dataset<Row> of(SparkSession spark, LabeledSamples samples, int partitions) {
        List<Row> rows = new ArrayList<>(samples.size());
        int n = samples.features();
        for (int c = 0; c < samples.size(); c++) {
            double[] x = Arrays.copyOfRange(samples.values(), c * n, (c + 1) * n);
            rows.add(RowFactory.create(Vectors.dense(x), (double) samples.labels()[c]));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), schema());
    }
}
