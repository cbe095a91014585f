package org.odenet.jobs;

import java.util.Iterator;
import java.util.Random;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.odenet.spark.SampleFrames;

/**
 * Random labelled data of any size for benchmarks, generated on the executors (each partition from its own
 * seed, so nothing large passes through the driver): features ~ U(0, 1), labels 1 iff the first feature
 * exceeds ½.
 */
final class SyntheticData {
    private SyntheticData() {
    }

    static Dataset<Row> generate(SparkSession spark, long samples, int features, int partitions, long seed) {
        return spark.range(0, samples, 1, partitions).mapPartitions(
                (org.apache.spark.api.java.function.MapPartitionsFunction<Long, Row>) ids -> rows(ids, features, seed),
                Encoders.row(SampleFrames.schema()));
    }

    private static Iterator<Row> rows(Iterator<Long> ids, int features, long seed) {
        return new Iterator<>() {
            private Random random;

            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                long id = ids.next();
                if (random == null) {
                    random = new Random(seed ^ (id * 0x9E3779B97F4A7C15L));
                }
                double[] x = new double[features];
                for (int i = 0; i < features; i++) {
                    x[i] = random.nextDouble();
                }
                return RowFactory.create(Vectors.dense(x), x[0] > 0.5 ? 1.0 : 0.0);
            }
        };
    }
}
