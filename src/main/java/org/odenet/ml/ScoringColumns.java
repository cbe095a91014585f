package org.odenet.ml;

import java.io.Serializable;

/**
 * Which columns a block-scoring pass reads and appends, fixed when {@code transform} is called: the input
 * positions of the features and (for loss sensitivities) the label, the outputs that are on, Spark's
 * {@code thresholds} (null when unset) and the block size.
 */
final class ScoringColumns implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Which sensitivity column, if any, is appended. */
    enum Sensitivity { NONE, LOSS, PROBABILITY }

    private final String featuresCol;
    private final int featuresIndex;
    private final String labelCol;
    private final int labelIndex;
    private final boolean rawPrediction;
    private final boolean probability;
    private final boolean prediction;
    private final boolean transformedFeatures;
    private final Sensitivity sensitivity;
    private final double[] thresholds;
    private final int blockSize;

    ScoringColumns(String featuresCol, int featuresIndex, String labelCol, int labelIndex, boolean rawPrediction,
                   boolean probability, boolean prediction, boolean transformedFeatures, Sensitivity sensitivity,
                   double[] thresholds, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be >= 1, got " + blockSize);
        }
        this.featuresCol = featuresCol;
        this.featuresIndex = featuresIndex;
        this.labelCol = labelCol;
        this.labelIndex = labelIndex;
        this.rawPrediction = rawPrediction;
        this.probability = probability;
        this.prediction = prediction;
        this.transformedFeatures = transformedFeatures;
        this.sensitivity = sensitivity;
        this.thresholds = thresholds == null ? null : thresholds.clone();
        this.blockSize = blockSize;
    }

    String featuresCol() {
        return featuresCol;
    }

    int featuresIndex() {
        return featuresIndex;
    }

    String labelCol() {
        return labelCol;
    }

    int labelIndex() {
        return labelIndex;
    }

    boolean rawPrediction() {
        return rawPrediction;
    }

    boolean probability() {
        return probability;
    }

    boolean prediction() {
        return prediction;
    }

    boolean transformedFeatures() {
        return transformedFeatures;
    }

    Sensitivity sensitivity() {
        return sensitivity;
    }

    double[] thresholds() {
        return thresholds;
    }

    int blockSize() {
        return blockSize;
    }

    /** How many columns are appended. */
    int count() {
        return (rawPrediction ? 1 : 0) + (probability ? 1 : 0) + (prediction ? 1 : 0) + (transformedFeatures ? 1 : 0)
                + (sensitivity == Sensitivity.NONE ? 0 : 1);
    }
}
