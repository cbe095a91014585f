package org.odenet.spark;

import java.util.List;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.odenet.numerics.Block;

/**
 * Validated samples as persisted blocks (MEMORY_AND_DISK), never crossing a partition. Close it to
 * unpersist.
 */
final class TrainingBlocks implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(TrainingBlocks.class);

    private final JavaRDD<Block> blocks;
    private final int numFeatures;
    private final int numClasses;
    private final long numSamples;
    private final double weightSum;
    private final long numBlocks;
    private final String fingerprint;

    private TrainingBlocks(JavaRDD<Block> blocks, int numFeatures, int numClasses, long numSamples, double weightSum,
                           long numBlocks, String fingerprint) {
        this.blocks = blocks;
        this.numFeatures = numFeatures;
        this.numClasses = numClasses;
        this.numSamples = numSamples;
        this.weightSum = weightSum;
        this.numBlocks = numBlocks;
        this.fingerprint = fingerprint;
    }

    /**
     * Runs one validation pass over data whose schema {@link InputColumns#checkSchema} has accepted, then
     * builds and persists the blocks.
     *
     * @param expectedFeatures the feature count the data must have, or −1 to take it from the data
     * @param expectedClasses  labels must be below this, or −1 to infer K = max label + 1
     * @param training         training data must hold at least two classes
     * @throws IllegalArgumentException listing every problem found, before any training work
     */
    static TrainingBlocks prepare(Dataset<Row> data, InputColumns columns, int blockSize, int depth,
                                  int expectedFeatures, int expectedClasses, boolean training, String what) {
        Dataset<Row> selected = columns.select(data);
        boolean weighted = columns.weighted();
        DataSummary summary = selected.javaRDD().treeAggregate(new DataSummary(),
                (s, row) -> s.add(row, weighted), DataSummary::merge, depth);
        List<String> problems = summary.problems(what, columns.features(), columns.label(), columns.weight());
        if (problems.isEmpty() && expectedFeatures >= 0 && summary.numFeatures() != expectedFeatures) {
            problems.add(String.format(Locale.ROOT, "column '%s': vectors have %d features, the model %d",
                    columns.features(), summary.numFeatures(), expectedFeatures));
        }
        int numClasses = summary.maxLabel + 1;
        if (problems.isEmpty() && expectedClasses >= 0 && numClasses > expectedClasses) {
            problems.add(String.format(Locale.ROOT, "column '%s': label %d is outside the %d classes 0..%d",
                    columns.label(), summary.maxLabel, expectedClasses, expectedClasses - 1));
        }
        if (problems.isEmpty() && training && summary.classes.cardinality() < 2) {
            problems.add(String.format(Locale.ROOT, "column '%s': only class %d is present in %d rows; "
                    + "a classifier needs at least two classes", columns.label(), summary.maxLabel, summary.rows));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + ": " + String.join("; ", problems));
        }
        int features = summary.numFeatures();
        JavaRDD<Block> blocks = selected.javaRDD()
                .mapPartitions(rows -> new RowBlocks(rows, features, blockSize, weighted))
                .persist(StorageLevel.MEMORY_AND_DISK());
        blocks.setName("odenet " + what + " blocks");
        long count;
        try {
            count = blocks.count();
        } catch (RuntimeException e) {
            blocks.unpersist(false);
            throw e;
        }
        LOG.info(String.format(Locale.ROOT, "%s: %d samples, %d features, %d classes, %d blocks of <= %d in %d partitions",
                what, summary.rows, features, expectedClasses >= 0 ? expectedClasses : numClasses, count, blockSize,
                blocks.getNumPartitions()));
        return new TrainingBlocks(blocks, features, expectedClasses >= 0 ? expectedClasses : numClasses, summary.rows,
                summary.weightSum, count, summary.fingerprint.hex());
    }

    JavaRDD<Block> rdd() {
        return blocks;
    }

    int numFeatures() {
        return numFeatures;
    }

    int numClasses() {
        return numClasses;
    }

    long numSamples() {
        return numSamples;
    }

    double weightSum() {
        return weightSum;
    }

    /** The rows' order-independent {@link org.odenet.training.DataFingerprint}, in hexadecimal. */
    String fingerprint() {
        return fingerprint;
    }

    long numBlocks() {
        return numBlocks;
    }

    @Override
    public void close() {
        blocks.unpersist(false);
    }
}
