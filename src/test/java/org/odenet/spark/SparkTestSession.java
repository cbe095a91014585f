package org.odenet.spark;

import org.apache.spark.sql.SparkSession;

/** One local Spark session shared by every test class in the JVM (Surefire runs them in one fork). */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {
    }

    /** Nullable columns features (vector), label and w (doubles): room for every kind of bad row. */
    public static final org.apache.spark.sql.types.StructType NULLABLE_WEIGHTED_SCHEMA =
            new org.apache.spark.sql.types.StructType()
                    .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), true)
                    .add("label", org.apache.spark.sql.types.DataTypes.DoubleType, true)
                    .add("w", org.apache.spark.sql.types.DataTypes.DoubleType, true);

    /** Whether any of odenet's block RDDs (named "odenet ... blocks") is still persisted. */
    public static boolean odenetBlocksPersisted() {
        return scala.jdk.javaapi.CollectionConverters.asJava(get().sparkContext().getPersistentRDDs()).values().stream()
                .anyMatch(rdd -> rdd.name() != null && rdd.name().startsWith("odenet "));
    }

    public static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("odenet-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }
}
