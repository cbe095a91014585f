package org.odenet.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.ml.classification.TrainingSummary;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Summary;
import org.odenet.numerics.BlasGemm;
import org.odenet.optim.HistoryCodec;
import org.odenet.optim.IterationMetrics;
import org.odenet.optim.StopReason;
import org.odenet.training.TrainingResult;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What training did, kept with the model (and saved with it): per-iteration histories — index 0 is the
 * starting point, index k the state after iteration k — of the objective, the training accuracy and the
 * Lipschitz estimate; the validation metrics where measured; the number of iterations, why training
 * stopped, with early stopping the iteration whose controls the model holds, and how long it took; the learned
 * time steps and the effective depth; and the provenance of the model (tableau, every param, seed, versions).
 *
 * <p>It is a Spark ML training summary ({@link TrainingSummary}: {@link #objectiveHistory()},
 * {@link #totalIterations()}), which is what Spark Connect lets a client read of a third-party model: over
 * Connect, {@code model.summary.objectiveHistory} and {@code .totalIterations} are fetched like those of
 * Spark's own models. Spark declares these traits {@code private[spark]}: no public interface exists for this.
 */
public final class OdeNetTrainingSummary implements Serializable, Summary, TrainingSummary {
    private static final long serialVersionUID = 1L;

    private final List<IterationMetrics> history;
    private final int totalIterations;
    private final StopReason stopReason;
    private final String stopMessage;
    private final double wallSeconds;
    private final long numSamples;
    private final long sparkJobs;
    private final int resumedFrom;
    private final double[] stateGrowth;
    private final double[] steps;
    /** −1 in summaries saved before this field. */
    private final int effectiveDepth;
    private final Map<String, String> provenance;
    private final int bestIteration;
    private final double bestValidationLoss;
    /** Null in summaries deserialised from before this field: read as none. */
    private final int[] emptyClasses;

    private OdeNetTrainingSummary(List<IterationMetrics> history, int totalIterations, StopReason stopReason,
                                  String stopMessage, double wallSeconds, long numSamples, long sparkJobs,
                                  int resumedFrom, double[] stateGrowth, double[] steps, int effectiveDepth,
                                  Map<String, String> provenance,
                                  int bestIteration, double bestValidationLoss, int[] emptyClasses) {
        this.history = List.copyOf(history);
        this.totalIterations = totalIterations;
        this.stopReason = stopReason;
        this.stopMessage = stopMessage;
        this.wallSeconds = wallSeconds;
        this.numSamples = numSamples;
        this.sparkJobs = sparkJobs;
        this.resumedFrom = resumedFrom;
        this.stateGrowth = stateGrowth.clone();
        this.steps = steps.clone();
        this.effectiveDepth = effectiveDepth;
        this.provenance = Map.copyOf(provenance);
        this.bestIteration = bestIteration;
        this.bestValidationLoss = bestValidationLoss;
        this.emptyClasses = emptyClasses.clone();
    }

    /** The summary of a training run by {@code estimator}. */
    static OdeNetTrainingSummary of(TrainingResult r, Params estimator) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("estimator", estimator.getClass().getName());
        provenance.put("uid", estimator.uid());
        provenance.put("network", r.spec().toString());
        provenance.put("engine", r.engine());
        provenance.put("tableau", r.spec().tableau().toString());
        provenance.put("params", paramsJson(estimator));
        provenance.put("odenetVersion", versions().getProperty("version", "unknown"));
        provenance.put("sparkVersion", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        provenance.put("javaVersion", System.getProperty("java.version"));
        provenance.put("blas", BlasGemm.implementationName());
        provenance.put("trainedAt", Instant.now().toString());
        double[] steps = r.spec().timeSteps(r.theta());
        int effectiveDepth = r.spec().architecture().isRungeKutta()
                ? (int) Arrays.stream(steps).filter(h -> h != 0).count() : r.spec().layers();
        return new OdeNetTrainingSummary(r.history(), r.iterations(), r.stopReason(), r.stopMessage(), r.wallSeconds(), r.numSamples(),
                r.passes() + r.validationPasses(), r.resumedFrom(), r.stateGrowth(), steps, effectiveDepth, provenance,
                r.bestIteration(), r.bestValidationLoss(), r.emptyClasses());
    }

    private static String paramsJson(Params p) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamPair<?> pair : CollectionConverters.asJava(p.extractParamMap().toSeq())) {
            @SuppressWarnings("unchecked")
            org.apache.spark.ml.param.Param<Object> param = (org.apache.spark.ml.param.Param<Object>) pair.param();
            values.put(param.name(), param.jsonEncode(pair.value()));
        }
        try {
            return new ObjectMapper().writeValueAsString(new java.util.TreeMap<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = OdeNetTrainingSummary.class.getResourceAsStream("/org/odenet/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Every row of the training history: row 0 the starting point, row k after iteration k. */
    public List<IterationMetrics> history() {
        return history;
    }

    /** Training loss: index 0 at the starting point, index k after iteration k (as Spark's objectiveHistory). */
    @Override
    public double[] objectiveHistory() {
        return history.stream().mapToDouble(IterationMetrics::loss).toArray();
    }

    /** Training accuracy, indexed as {@link #objectiveHistory()}. */
    public double[] accuracyHistory() {
        return history.stream().mapToDouble(IterationMetrics::accuracy).toArray();
    }

    /** Lipschitz estimate L of each accepted step (index 0: L₀); the step was 1/L. */
    public double[] lipschitzHistory() {
        return history.stream().mapToDouble(IterationMetrics::lipschitz).toArray();
    }

    /** The iterations at which the validation set was evaluated. */
    public int[] validationIterations() {
        return history.stream().filter(IterationMetrics::hasValidation).mapToInt(IterationMetrics::iteration).toArray();
    }

    /** Validation loss at {@link #validationIterations()}; empty without validation data. */
    public double[] validationLossHistory() {
        return history.stream().filter(IterationMetrics::hasValidation).mapToDouble(IterationMetrics::validationLoss)
                .toArray();
    }

    /** Validation accuracy at {@link #validationIterations()}. */
    public double[] validationAccuracyHistory() {
        return history.stream().filter(IterationMetrics::hasValidation)
                .mapToDouble(IterationMetrics::validationAccuracy).toArray();
    }

    /** Accepted iterations, counting those done before a resume. */
    @Override
    public int totalIterations() {
        return totalIterations;
    }

    /** Why training stopped: MAX_ITERATIONS, CONVERGED, LINE_SEARCH_EXHAUSTED or VALIDATION_STOPPED. */
    public StopReason stopReason() {
        return stopReason;
    }

    /** The stop in words. */
    public String stopMessage() {
        return stopMessage;
    }

    /**
     * With early stopping on (validationPatience &gt; 0), the iteration whose controls the model holds: that of the
     * best validation loss; otherwise −1 (the model holds the last iteration's controls).
     */
    public int bestIteration() {
        return bestIteration;
    }

    /** The validation loss at {@link #bestIteration()}; NaN when that is −1. */
    public double bestValidationLoss() {
        return bestValidationLoss;
    }

    /** Wall-clock seconds of the fit call. */
    public double wallSeconds() {
        return wallSeconds;
    }

    public long numSamples() {
        return numSamples;
    }

    /** Spark jobs that evaluated the objective or the validation set. */
    public long sparkJobs() {
        return sparkJobs;
    }

    /** The checkpoint iteration this training resumed from, or −1. */
    public int resumedFrom() {
        return resumedFrom;
    }

    /**
     * Stability: ‖Y<sup>[j]</sup>‖ / ‖Y<sup>[0]</sup>‖ over the training data at the model's controls (Frobenius
     * norms), j = 0..N — how much the flow stretches or shrinks the data up to layer j.
     */
    public double[] stateGrowth() {
        return stateGrowth.clone();
    }

    /** The learned time steps h<sub>j</sub> (T/N for ResNet; empty for Net). */
    public double[] timeSteps() {
        return steps.clone();
    }

    /**
     * The layers inference evaluates, as {@link OdeNetClassificationModel#effectiveDepth()} of the trained model: the
     * non-zero steps of a Runge–Kutta network, every layer of Net; −1 for a summary saved before it was recorded.
     */
    public int effectiveDepth() {
        return effectiveDepth;
    }

    /** Spread of the time steps: min, max, mean, standard deviation, and the number that are non-zero. */
    public double[] stepSpread() {
        if (steps.length == 0) {
            return new double[0];
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int nonZero = 0;
        for (double h : steps) {
            min = Math.min(min, h);
            max = Math.max(max, h);
            sum += h;
            nonZero += h != 0 ? 1 : 0;
        }
        double mean = sum / steps.length;
        double var = 0;
        for (double h : steps) {
            var += (h - mean) * (h - mean);
        }
        return new double[] {min, max, mean, Math.sqrt(var / steps.length), nonZero};
    }

    /**
     * The classes of the model that had no training rows, ascending (e.g. [0] for labels {1, 2} under a
     * three-class softmax head); empty when every class had rows. Also logged as a warning when training starts.
     */
    public int[] emptyClasses() {
        return emptyClasses == null ? new int[0] : emptyClasses.clone();
    }

    /** Tableau, every param (JSON), seed, network, Spark / project / Java versions, BLAS, time of training. */
    public Map<String, String> provenance() {
        return provenance;
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("historyColumns", HistoryCodec.VALIDATION.columns());
        m.put("history", HistoryCodec.VALIDATION.toJsonRows(history));
        m.put("totalIterations", totalIterations);
        m.put("stopReason", stopReason.name());
        m.put("stopMessage", stopMessage);
        m.put("wallSeconds", wallSeconds);
        m.put("numSamples", numSamples);
        m.put("sparkJobs", sparkJobs);
        m.put("resumedFrom", resumedFrom);
        m.put("stateGrowth", stateGrowth);
        m.put("timeSteps", steps);
        m.put("effectiveDepth", effectiveDepth);
        m.put("provenance", provenance);
        if (emptyClasses().length > 0) {
            m.put("emptyClasses", emptyClasses());
        }
        if (bestIteration >= 0) {
            m.put("bestIteration", bestIteration);
            m.put("bestValidationLoss", bestValidationLoss);
        }
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static OdeNetTrainingSummary fromJson(String json) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode n = mapper.readTree(json);
            return new OdeNetTrainingSummary(HistoryCodec.VALIDATION.fromJsonRows(n.get("history")),
                    n.get("totalIterations").asInt(), StopReason.valueOf(n.get("stopReason").asText()),
                    n.get("stopMessage").asText(),
                    n.get("wallSeconds").asDouble(), n.get("numSamples").asLong(), n.get("sparkJobs").asLong(),
                    n.get("resumedFrom").asInt(),
                    n.has("stateGrowth") ? mapper.treeToValue(n.get("stateGrowth"), double[].class) : new double[0],
                    n.has("timeSteps") ? mapper.treeToValue(n.get("timeSteps"), double[].class) : new double[0],
                    n.has("effectiveDepth") ? n.get("effectiveDepth").asInt() : -1,
                    mapper.convertValue(n.get("provenance"),
                            new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { }),
                    n.has("bestIteration") ? n.get("bestIteration").asInt() : -1,
                    n.has("bestValidationLoss") ? n.get("bestValidationLoss").asDouble() : Double.NaN,
                    n.has("emptyClasses") ? mapper.treeToValue(n.get("emptyClasses"), int[].class) : new int[0]);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the saved training summary cannot be read: " + e.getMessage(), e);
        }
    }
}
