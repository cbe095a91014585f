/**
 * Training as an algebra over blocks, without Spark: the settings of a run ({@link
 * org.odenet.training.TrainingConfig} composed of {@link org.odenet.numerics.NetworkShape}, line-search,
 * {@link org.odenet.training.RunSettings}, {@link org.odenet.training.EngineSettings} and
 * {@link org.odenet.training.Regularization} values, each with one {@code DEFAULT}); the regulariser on θ
 * ({@link org.odenet.training.RegularizationTerms}, {@link org.odenet.training.RegularizedObjective}); the per-block work of a pass, {@link org.odenet.training.BlockAggregator}, whose
 * {@code add}/{@code merge}/{@code result} Spark's {@code treeAggregate} and the in-process
 * {@link org.odenet.training.LocalObjective} both use; and what a run produces and resumes from
 * ({@link org.odenet.training.TrainingResult}, {@link org.odenet.training.Checkpoint}). Depends on
 * {@code numerics} and {@code optim} only; no Spark, Scala or Hadoop.
 */
package org.odenet.training;
