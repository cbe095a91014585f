package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The MNIST1K sets are directories of part files (data/mnist1k/README.md); Spark's libsvm reader must load
 * each directory as one data set, with no code of ours in between.
 */
class Mnist1kSparkReadTest {

    @Test
    void sparkReadsEachDirectoryAsOneDataSetWithTenLabels() {
        assertRowsPerLabel("data/mnist1k/train.libsvm", 100);
        assertRowsPerLabel("data/mnist1k/test.libsvm", 263);
    }

    private static void assertRowsPerLabel(String dir, long perLabel) {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> data = spark.read().format("libsvm").option("numFeatures", "784").load(dir);
        assertEquals(10 * perLabel, data.count(), dir + ": rows");
        Map<Double, Long> counts = new TreeMap<>();
        for (Row row : data.groupBy("label").count().collectAsList()) {
            counts.put(row.getDouble(0), row.getLong(1));
        }
        Map<Double, Long> expected = new TreeMap<>();
        for (int d = 0; d < 10; d++) {
            expected.put((double) d, perLabel);
        }
        assertEquals(expected, counts, dir + ": rows per label");
        List<Row> sizes = data.selectExpr("features").limit(1).collectAsList();
        assertEquals(784, ((Vector) sizes.get(0).get(0)).size(), dir + ": feature vector size");
    }
}
