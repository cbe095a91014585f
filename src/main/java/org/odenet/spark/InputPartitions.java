package org.odenet.spark;

/**
 * How many partitions the Spark engine spreads its input over. A pass runs one task per partition, so input
 * whose rows lie in fewer partitions than Spark's default parallelism (a small file reads as one partition; a
 * filtered union may leave some empty) would leave cores idle: it is repartitioned round-robin to the default
 * parallelism, never to more partitions than rows.
 * Results change only in the order of floating-point summation (rows fall into other blocks).
 */
final class InputPartitions {
    private InputPartitions() {
    }

    /**
     * @param current            partitions of the input that hold rows
     * @param defaultParallelism Spark's default parallelism (the cores of local mode, the executors' cores on a
     *                           cluster)
     * @param rows               rows of the input
     * @return the partitions to repartition to, or 0 to keep the input's (it already has enough)
     */
    static int target(int current, int defaultParallelism, long rows) {
        int wanted = (int) Math.min(defaultParallelism, Math.max(rows, 1));
        return current < wanted ? wanted : 0;
    }
}
