/**
 * Training on Spark: {@link org.odenet.spark.OdeNetTrainer} validates a {@code Dataset}, turns its rows into
 * persisted column-major blocks, and runs the optimiser on the driver, each objective evaluation being one
 * {@code treeAggregate} pass over the blocks (or, for small data, a pass in the driver JVM). Checkpoints go to
 * any Hadoop file system. Everything here that does not need Spark or Hadoop lives in {@code training}.
 */
package org.odenet.spark;
