package org.odenet.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.odenet.numerics.BlasGemm;
import org.odenet.optim.IterationMetrics;
import org.odenet.spark.TrainingResult;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What training did, kept with the model (and saved with it): per-iteration histories — index 0 is the
 * starting point, index k the state after iteration k — of the objective, the training accuracy and the
 * Lipschitz estimate; the validation metrics where measured; the number of iterations, why training
 * stopped and how long it took; and the provenance of the model (tableau, every param, seed, versions).
 */
public final class OdeNetTrainingSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] objectiveHistory;
    private final double[] accuracyHistory;
    private final double[] lipschitzHistory;
    private final int[] validationIterations;
    private final double[] validationLossHistory;
    private final double[] validationAccuracyHistory;
    private final int totalIterations;
    private final String stopReason;
    private final String stopMessage;
    private final double wallSeconds;
    private final long numSamples;
    private final long sparkJobs;
    private final int resumedFrom;
    private final Map<String, String> provenance;

    private OdeNetTrainingSummary(double[] objectiveHistory, double[] accuracyHistory, double[] lipschitzHistory,
                                  int[] validationIterations, double[] validationLossHistory,
                                  double[] validationAccuracyHistory, int totalIterations, String stopReason,
                                  String stopMessage, double wallSeconds, long numSamples, long sparkJobs,
                                  int resumedFrom, Map<String, String> provenance) {
        this.objectiveHistory = objectiveHistory;
        this.accuracyHistory = accuracyHistory;
        this.lipschitzHistory = lipschitzHistory;
        this.validationIterations = validationIterations;
        this.validationLossHistory = validationLossHistory;
        this.validationAccuracyHistory = validationAccuracyHistory;
        this.totalIterations = totalIterations;
        this.stopReason = stopReason;
        this.stopMessage = stopMessage;
        this.wallSeconds = wallSeconds;
        this.numSamples = numSamples;
        this.sparkJobs = sparkJobs;
        this.resumedFrom = resumedFrom;
        this.provenance = Map.copyOf(provenance);
    }

    /** The summary of a training run by {@code estimator}. */
    static OdeNetTrainingSummary of(TrainingResult r, Params estimator) {
        List<IterationMetrics> h = r.history();
        List<IterationMetrics> v = h.stream().filter(IterationMetrics::hasValidation).toList();
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
        return new OdeNetTrainingSummary(
                h.stream().mapToDouble(IterationMetrics::loss).toArray(),
                h.stream().mapToDouble(IterationMetrics::accuracy).toArray(),
                h.stream().mapToDouble(IterationMetrics::lipschitz).toArray(),
                v.stream().mapToInt(IterationMetrics::iteration).toArray(),
                v.stream().mapToDouble(IterationMetrics::validationLoss).toArray(),
                v.stream().mapToDouble(IterationMetrics::validationAccuracy).toArray(),
                r.iterations(), r.stopReason(), r.stopMessage(), r.wallSeconds(), r.numSamples(),
                r.passes() + r.validationPasses(), r.resumedFrom(), provenance);
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

    /** Training loss: index 0 at the starting point, index k after iteration k (as Spark's objectiveHistory). */
    public double[] objectiveHistory() {
        return objectiveHistory.clone();
    }

    /** Training accuracy, indexed as {@link #objectiveHistory()}. */
    public double[] accuracyHistory() {
        return accuracyHistory.clone();
    }

    /** Lipschitz estimate L of each accepted step (index 0: L₀); the step was 1/L. */
    public double[] lipschitzHistory() {
        return lipschitzHistory.clone();
    }

    /** The iterations at which the validation set was evaluated. */
    public int[] validationIterations() {
        return validationIterations.clone();
    }

    /** Validation loss at {@link #validationIterations()}; empty without validation data. */
    public double[] validationLossHistory() {
        return validationLossHistory.clone();
    }

    /** Validation accuracy at {@link #validationIterations()}. */
    public double[] validationAccuracyHistory() {
        return validationAccuracyHistory.clone();
    }

    /** Accepted iterations, counting those done before a resume. */
    public int totalIterations() {
        return totalIterations;
    }

    /** MAX_ITERATIONS, CONVERGED or LINE_SEARCH_EXHAUSTED. */
    public String stopReason() {
        return stopReason;
    }

    /** The stop in words. */
    public String stopMessage() {
        return stopMessage;
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

    /** Tableau, every param (JSON), seed, network, Spark / project / Java versions, BLAS, time of training. */
    public Map<String, String> provenance() {
        return provenance;
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objectiveHistory", objectiveHistory);
        m.put("accuracyHistory", accuracyHistory);
        m.put("lipschitzHistory", lipschitzHistory);
        m.put("validationIterations", validationIterations);
        m.put("validationLossHistory", validationLossHistory);
        m.put("validationAccuracyHistory", validationAccuracyHistory);
        m.put("totalIterations", totalIterations);
        m.put("stopReason", stopReason);
        m.put("stopMessage", stopMessage);
        m.put("wallSeconds", wallSeconds);
        m.put("numSamples", numSamples);
        m.put("sparkJobs", sparkJobs);
        m.put("resumedFrom", resumedFrom);
        m.put("provenance", provenance);
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
            return new OdeNetTrainingSummary(
                    mapper.treeToValue(n.get("objectiveHistory"), double[].class),
                    mapper.treeToValue(n.get("accuracyHistory"), double[].class),
                    mapper.treeToValue(n.get("lipschitzHistory"), double[].class),
                    mapper.treeToValue(n.get("validationIterations"), int[].class),
                    mapper.treeToValue(n.get("validationLossHistory"), double[].class),
                    mapper.treeToValue(n.get("validationAccuracyHistory"), double[].class),
                    n.get("totalIterations").asInt(), n.get("stopReason").asText(), n.get("stopMessage").asText(),
                    n.get("wallSeconds").asDouble(), n.get("numSamples").asLong(), n.get("sparkJobs").asLong(),
                    n.get("resumedFrom").asInt(),
                    mapper.convertValue(n.get("provenance"),
                            new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { }));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the saved training summary cannot be read: " + e.getMessage(), e);
        }
    }
}
