/**
 * The Spark ML API: the estimator {@link org.odenet.ml.OdeNetClassifier} and the model
 * {@link org.odenet.ml.OdeNetClassificationModel}, a {@code ProbabilisticClassifier} pair usable as a pipeline
 * stage, with their params, training summary and persistence (Spark ML metadata, Parquet and JSON; no Java
 * serialization).
 */
package org.odenet.ml;
