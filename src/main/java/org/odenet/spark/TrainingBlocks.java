package org.odenet.spark;

import java.util.Arrays;
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

    /** 2<sup>256</sup>: weights beyond it (or below its inverse) are rescaled. */
    static final double EXTREME_WEIGHT = 0x1p256;

    private final JavaRDD<Block> blocks;
    private final int numFeatures;
    private final int numClasses;
    private final long numSamples;
    private final double weightSum;
    private final long numBlocks;
    private final int largestBlock;
    private final int[] emptyClasses;
    private final String fingerprint;

    private TrainingBlocks(JavaRDD<Block> blocks, int numFeatures, int numClasses, long numSamples, double weightSum,
                           long numBlocks, int largestBlock, int[] emptyClasses, String fingerprint) {
        this.blocks = blocks;
        this.numFeatures = numFeatures;
        this.numClasses = numClasses;
        this.numSamples = numSamples;
        this.weightSum = weightSum;
        this.numBlocks = numBlocks;
        this.largestBlock = largestBlock;
        this.emptyClasses = emptyClasses;
        this.fingerprint = fingerprint;
    }

    /**
     * What the weights are divided by: 1 (no division, the same arithmetic as ever) unless the largest weight is
     * beyond 2<sup>±256</sup>, where Σ w ℓ and its gradient could overflow to infinity or lose their digits to
     * underflow; then the largest weight, so that weights all equal become exactly 1. The objective and the
     * accuracy are weighted means and do not change.
     */
    static double weightDivisor(double maxWeight) {
        return maxWeight > EXTREME_WEIGHT || (maxWeight > 0 && maxWeight < 1 / EXTREME_WEIGHT) ? maxWeight : 1;
    }

    /** The classes 0..numClasses−1 with no row, ascending. */
    private static int[] emptyClasses(DataSummary summary, int numClasses) {
        return java.util.stream.IntStream.range(0, numClasses).filter(k -> !summary.classes.get(k)).toArray();
    }

    /**
     * Data that one validation pass has accepted and that is not blocked yet: its summary (rows, features, classes)
     * is known, so the caller can choose the engine and the partitions before {@link #block}.
     */
    static final class Checked {
        private final Dataset<Row> selected;
        private final boolean weighted;
        private final DataSummary summary;
        private final int features;
        private final int classes;
        private final int[] emptyClasses;
        private final double weightDivisor;
        private final String what;

        private Checked(Dataset<Row> selected, boolean weighted, DataSummary summary, int features, int classes,
                        int[] emptyClasses, double weightDivisor, String what) {
            this.selected = selected;
            this.weighted = weighted;
            this.summary = summary;
            this.features = features;
            this.classes = classes;
            this.emptyClasses = emptyClasses;
            this.weightDivisor = weightDivisor;
            this.what = what;
        }

        long numSamples() {
            return summary.rows;
        }

        int numFeatures() {
            return features;
        }

        int numClasses() {
            return classes;
        }

        /** What the data is, e.g. "training data". */
        String what() {
            return what;
        }

        /** Partitions of the input. */
        int numPartitions() {
            return selected.rdd().getNumPartitions();
        }

        /** Partitions of the input that hold rows. */
        int nonEmptyPartitions() {
            return summary.nonEmptyPartitions;
        }
    }

    /**
     * Runs one validation pass over data whose schema {@link InputColumns#checkSchema} has accepted.
     *
     * @param expectedFeatures the feature count the data must have, or −1 to take it from the data
     * @param expectedClasses  labels must be below this, or −1 to infer K = max label + 1
     * @param training         training data must hold at least two classes
     * @throws IllegalArgumentException listing every problem found, before any training work
     */
    static Checked check(Dataset<Row> data, InputColumns columns, int depth, int expectedFeatures,
                         int expectedClasses, boolean training, String what) {
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
        int classes = expectedClasses >= 0 ? expectedClasses : numClasses;
        int[] emptyClasses = training ? emptyClasses(summary, classes) : new int[0];
        if (emptyClasses.length > 0) {
            String list = Arrays.toString(emptyClasses).replaceAll("[\\[\\]]", "");
            LOG.warn(String.format(Locale.ROOT, "%s: column '%s': no rows of class%s %s of the %d classes 0..%d; the "
                    + "model still has an output for %s", what, columns.label(), emptyClasses.length == 1 ? "" : "es",
                    list, classes, classes - 1, emptyClasses.length == 1 ? "it" : "them"));
        }
        double weightDivisor = weightDivisor(summary.maxWeight);
        if (weightDivisor != 1) {
            LOG.info(String.format(Locale.ROOT, "%s: column '%s': weights up to %s are divided by the largest, which "
                    + "keeps every sum finite and leaves the weighted means (objective, accuracy) as they are", what,
                    columns.weight(), summary.maxWeight));
        }
        return new Checked(selected, weighted, summary, summary.numFeatures(), classes, emptyClasses, weightDivisor,
                what);
    }

    /**
     * Builds and persists the blocks of checked data.
     *
     * @param partitions the partitions to spread the rows over first (Spark's round-robin repartition), or 0 to
     *                   keep the input's
     */
    static TrainingBlocks block(Checked data, int blockSize, int partitions) {
        Dataset<Row> rows = partitions > 0 ? data.selected.repartition(partitions) : data.selected;
        int features = data.features;
        boolean weighted = data.weighted;
        double weightDivisor = data.weightDivisor;
        JavaRDD<Block> blocks = rows.javaRDD()
                .mapPartitions(it -> new RowBlocks(it, features, blockSize, weighted, weightDivisor))
                .persist(StorageLevel.MEMORY_AND_DISK());
        blocks.setName("odenet " + data.what + " blocks");
        long[] countAndLargest;
        try {
            countAndLargest = blocks.aggregate(new long[2], (a, b) -> new long[] {a[0] + 1, Math.max(a[1], b.size())},
                    (a, b) -> new long[] {a[0] + b[0], Math.max(a[1], b[1])});
        } catch (RuntimeException e) {
            blocks.unpersist(false);
            throw e;
        }
        long count = countAndLargest[0];
        int largest = (int) countAndLargest[1];
        DataSummary summary = data.summary;
        LOG.info(String.format(Locale.ROOT, "%s: %d samples, %d features, %d classes, %d blocks of <= %d (blockSize %d) "
                + "in %d partitions", data.what, summary.rows, features, data.classes, count, largest, blockSize,
                blocks.getNumPartitions()));
        return new TrainingBlocks(blocks, features, data.classes, summary.rows, summary.weightSum, count, largest,
                data.emptyClasses, summary.fingerprint.hex());
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

    /** The classes without rows in training data (ascending; empty for validation data). */
    int[] emptyClasses() {
        return emptyClasses.clone();
    }

    /** Samples in the largest block: at most blockSize, and at most the rows of the largest partition. */
    int largestBlock() {
        return largestBlock;
    }

    @Override
    public void close() {
        blocks.unpersist(false);
    }
}
