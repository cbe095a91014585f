package org.odenet.ml;

import java.util.Arrays;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.odenet.numerics.ButcherTableau;

/**
 * The params shared by {@link OdeNetClassifier} and {@link OdeNetClassificationModel}. Spark finds params by
 * reflection over public zero-argument methods returning a {@link Param}; these default methods are such
 * methods, backed by an {@link OdeNetParamSet} that each implementing class creates for itself.
 */
public interface OdeNetParams extends Params {

    /** The param objects of this instance (implementation detail, not a param). */
    OdeNetParamSet odeNetParamSet();

    default Param<String> weightCol() {
        return odeNetParamSet().weightCol;
    }

    default IntParam maxIter() {
        return odeNetParamSet().maxIter;
    }

    default DoubleParam tol() {
        return odeNetParamSet().tol;
    }

    default LongParam seed() {
        return odeNetParamSet().seed;
    }

    default IntParam blockSize() {
        return odeNetParamSet().blockSize;
    }

    default IntParam aggregationDepth() {
        return odeNetParamSet().aggregationDepth;
    }

    default Param<String> architecture() {
        return odeNetParamSet().architecture;
    }

    default Param<String> tableau() {
        return odeNetParamSet().tableau;
    }

    default DoubleArrayArrayParam tableauCoefficients() {
        return odeNetParamSet().tableauCoefficients;
    }

    default IntParam layers() {
        return odeNetParamSet().layers;
    }

    default DoubleParam finalTime() {
        return odeNetParamSet().finalTime;
    }

    default Param<String> head() {
        return odeNetParamSet().head;
    }

    default Param<String> initialization() {
        return odeNetParamSet().initialization;
    }

    default DoubleParam initialLipschitz() {
        return odeNetParamSet().initialLipschitz;
    }

    default DoubleParam lipschitzIncrease() {
        return odeNetParamSet().lipschitzIncrease;
    }

    default DoubleParam lipschitzDecrease() {
        return odeNetParamSet().lipschitzDecrease;
    }

    default IntParam maxLineSearchTries() {
        return odeNetParamSet().maxLineSearchTries;
    }

    default Param<String> checkpointDir() {
        return odeNetParamSet().checkpointDir;
    }

    default IntParam checkpointInterval() {
        return odeNetParamSet().checkpointInterval;
    }

    default Param<String> validationIndicatorCol() {
        return odeNetParamSet().validationIndicatorCol;
    }

    default IntParam validationInterval() {
        return odeNetParamSet().validationInterval;
    }

    default IntParam progressInterval() {
        return odeNetParamSet().progressInterval;
    }

    default Param<String> transformedFeaturesCol() {
        return odeNetParamSet().transformedFeaturesCol;
    }

    default Param<String> engine() {
        return odeNetParamSet().engine;
    }

    default IntParam driverThreads() {
        return odeNetParamSet().driverThreads;
    }

    default LongParam driverEngineMaxBytes() {
        return odeNetParamSet().driverEngineMaxBytes;
    }

    default IntParam stateWidth() {
        return odeNetParamSet().stateWidth;
    }

    default IntParam recomputeStride() {
        return odeNetParamSet().recomputeStride;
    }

    default BooleanParam repartitionInput() {
        return odeNetParamSet().repartitionInput;
    }

    default Param<String> sensitivityCol() {
        return odeNetParamSet().sensitivityCol;
    }

    default Param<String> sensitivityOf() {
        return odeNetParamSet().sensitivityOf;
    }

    default DoubleParam validationTol() {
        return odeNetParamSet().validationTol;
    }

    default IntParam validationPatience() {
        return odeNetParamSet().validationPatience;
    }

    default double getValidationTol() {
        return (Double) getOrDefault(validationTol());
    }

    default int getValidationPatience() {
        return (Integer) getOrDefault(validationPatience());
    }

    default DoubleParam regParam() {
        return odeNetParamSet().regParam;
    }

    default DoubleParam elasticNetParam() {
        return odeNetParamSet().elasticNetParam;
    }

    default DoubleParam smoothnessParam() {
        return odeNetParamSet().smoothnessParam;
    }

    default double getRegParam() {
        return (Double) getOrDefault(regParam());
    }

    default double getElasticNetParam() {
        return (Double) getOrDefault(elasticNetParam());
    }

    default double getSmoothnessParam() {
        return (Double) getOrDefault(smoothnessParam());
    }

    /** The optimiser: gd (default) or lbfgs. */
    default Param<String> solver() {
        return odeNetParamSet().solver;
    }

    default String getSolver() {
        return getOrDefault(solver());
    }

    default int getStateWidth() {
        return (Integer) getOrDefault(stateWidth());
    }

    default int getRecomputeStride() {
        return (Integer) getOrDefault(recomputeStride());
    }

    default boolean getRepartitionInput() {
        return (Boolean) getOrDefault(repartitionInput());
    }

    default String getSensitivityCol() {
        return getOrDefault(sensitivityCol());
    }

    default String getSensitivityOf() {
        return getOrDefault(sensitivityOf());
    }

    default String getEngine() {
        return getOrDefault(engine());
    }

    default int getDriverThreads() {
        return (Integer) getOrDefault(driverThreads());
    }

    default long getDriverEngineMaxBytes() {
        return (Long) getOrDefault(driverEngineMaxBytes());
    }

    default String getWeightCol() {
        return getOrDefault(weightCol());
    }

    default int getMaxIter() {
        return (Integer) getOrDefault(maxIter());
    }

    default double getTol() {
        return (Double) getOrDefault(tol());
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default int getBlockSize() {
        return (Integer) getOrDefault(blockSize());
    }

    default int getAggregationDepth() {
        return (Integer) getOrDefault(aggregationDepth());
    }

    default String getArchitecture() {
        return getOrDefault(architecture());
    }

    default String getTableau() {
        return getOrDefault(tableau());
    }

    default double[][] getTableauCoefficients() {
        return getOrDefault(tableauCoefficients());
    }

    default int getLayers() {
        return (Integer) getOrDefault(layers());
    }

    default double getFinalTime() {
        return (Double) getOrDefault(finalTime());
    }

    default String getHead() {
        return getOrDefault(head());
    }

    default String getInitialization() {
        return getOrDefault(initialization());
    }

    default double getInitialLipschitz() {
        return (Double) getOrDefault(initialLipschitz());
    }

    default double getLipschitzIncrease() {
        return (Double) getOrDefault(lipschitzIncrease());
    }

    default double getLipschitzDecrease() {
        return (Double) getOrDefault(lipschitzDecrease());
    }

    default int getMaxLineSearchTries() {
        return (Integer) getOrDefault(maxLineSearchTries());
    }

    default String getCheckpointDir() {
        return getOrDefault(checkpointDir());
    }

    default int getCheckpointInterval() {
        return (Integer) getOrDefault(checkpointInterval());
    }

    default String getValidationIndicatorCol() {
        return getOrDefault(validationIndicatorCol());
    }

    default int getValidationInterval() {
        return (Integer) getOrDefault(validationInterval());
    }

    default int getProgressInterval() {
        return (Integer) getOrDefault(progressInterval());
    }

    default String getTransformedFeaturesCol() {
        return getOrDefault(transformedFeaturesCol());
    }

    /**
     * The tableau the params describe: the user tableau if coefficients are set, else the built-in one.
     *
     * @throws IllegalArgumentException if the name is unknown or the coefficients do not form an explicit tableau
     */
    default ButcherTableau resolveTableau() {
        double[][] rows = getTableauCoefficients();
        if (rows == null || rows.length == 0) {
            return ButcherTableau.byName(getTableau());
        }
        int s = rows.length - 2;
        if (s < 1) {
            throw new IllegalArgumentException("tableauCoefficients needs s + 2 rows (A, b, c), got " + rows.length);
        }
        return new ButcherTableau(getTableau(), Arrays.copyOf(rows, s), rows[s], rows[s + 1]);
    }

    /** The rows of {@link #tableauCoefficients()} for a tableau: A, then b, then c. */
    static double[][] coefficientsOf(ButcherTableau t) {
        int s = t.stages();
        double[][] rows = Arrays.copyOf(t.aMatrix(), s + 2);
        rows[s] = t.weights();
        rows[s + 1] = t.nodes();
        return rows;
    }
}
