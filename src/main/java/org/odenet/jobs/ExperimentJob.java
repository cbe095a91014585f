package org.odenet.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.odenet.data.LabeledSamples;
import org.odenet.ml.OdeNetClassificationModel;
import org.odenet.ml.OdeNetClassifier;
import org.odenet.ml.OdeNetTrainingSummary;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.HistoryCodec;
import org.odenet.optim.IterationMetrics;
import org.odenet.report.DecisionRegionFigure;
import org.odenet.report.DigitFeaturesFigure;
import org.odenet.report.FeatureFlow;
import org.odenet.report.FeatureSnapshotsFigure;
import org.odenet.report.FigureSize;
import org.odenet.report.HtmlReport;
import org.odenet.report.LinesFigure;
import org.odenet.report.NetworkColours;
import org.odenet.report.ReportFigure;
import org.odenet.report.ReportTables;
import org.odenet.report.ResultRow;
import org.odenet.report.SpreadFigure;
import org.odenet.report.TimeStepsFigure;
import org.odenet.report.TrainingCurvesFigure;
import org.odenet.report.TransformedFeaturesFigure;

/**
 * One of the paper's experiments: for every data set, train one network per {@link Variant} with
 * {@link OdeNetClassifier}, the test set held out as its validation set so that the test curves are recorded
 * as training goes; optionally measure each network's accuracy under FGSM perturbations; then save each model
 * and its history, draw the figures and write an HTML report with a table of final metrics.
 */
final class ExperimentJob {
    private static final Logger LOG = LogManager.getLogger(ExperimentJob.class);
    private static final String TEST_COLUMN = "isTest";
    private static final String CHECKPOINTS = "checkpoints";

    private final SparkSession spark;
    private final String job;
    private final JobSettings settings;
    private final Path output;
    private final List<ResultRow> rows = new ArrayList<>();
    private final List<String> csv = new ArrayList<>();
    private final List<String> robustnessCsv = new ArrayList<>();
    private final List<String> robustnessLines = new ArrayList<>();
    private final List<String> dataParagraphs = new ArrayList<>();
    private final FinishedCheckpoints finishedCheckpoints;
    private final List<ReportFigure> figures = new ArrayList<>();
    private final DrawResults draws = new DrawResults();
    private final int drawCount;

    ExperimentJob(SparkSession spark, String job, JobSettings settings) {
        this.spark = spark;
        this.job = job;
        this.settings = settings;
        this.output = OutputDirectory.local(settings.get("output"));
        this.drawCount = drawCount(settings);
        this.finishedCheckpoints = new FinishedCheckpoints(settings.getBoolean("keepCheckpoints"));
    }

    /** The key {@code seeds}: independent draws of data and initial controls per cell (1 when absent). */
    private static int drawCount(JobSettings settings) {
        int k = settings.has("seeds") ? settings.getInt("seeds") : 1;
        if (k < 1) {
            throw new IllegalArgumentException("key 'seeds' must be at least 1 (the number of draws), got " + k);
        }
        return k;
    }

    /**
     * Runs every data set × variant, once per draw ({@code seeds}), and writes the report; returns the report
     * page. Draw k uses the seed {@code seed + k} for the toy data and the initial controls; one draw writes
     * into the output directory as it is, several each into {@code seed-<seed>/}, and then the spread of
     * every cell over the draws.
     */
    Path run() throws IOException {
        settings.getList("datasets").forEach(name -> ExperimentData.requireSource(name, settings));
        OutputDirectory.claim(settings.get("output"), job, settings);
        csv.add((drawCount > 1 ? "seed," : "") + "dataset,variant,architecture,tableau,augmentation,layers,iterations,trainLoss,trainAccuracy,testLoss,"
                + "testAccuracy,nonZeroSteps,minStep,maxStep,finalStateGrowth,stopReason,engine,wallSeconds,solver,"
                + "trainingPasses,sparkJobs");
        robustnessCsv.add((drawCount > 1 ? "seed," : "") + "dataset,variant,epsilon,testAccuracy");
        long start = System.nanoTime();
        long firstSeed = settings.getLong("seed");
        for (int k = 0; k < drawCount; k++) {
            long seed = firstSeed + k;
            Path drawDir = drawCount == 1 ? output : output.resolve("seed-" + seed);
            if (drawCount > 1) {
                LOG.info("odenet: draw {} of {} (seed {})", k + 1, drawCount, seed);
            }
            for (String name : settings.getList("datasets")) {
                runDataSet(ExperimentData.load(spark, name, settings, seed), drawDir, seed, k == 0);
            }
            if (drawCount > 1) {
                // after every draw, so that an interrupted run leaves the spread of the draws it finished
                Files.write(output.resolve("runs.csv"), csv, StandardCharsets.UTF_8);
                Files.write(output.resolve("results.csv"), draws.csvLines(), StandardCharsets.UTF_8);
            }
        }
        if (drawCount == 1) {
            Files.write(output.resolve("results.csv"), csv, StandardCharsets.UTF_8);
        } else {
            drawSpread();
        }
        if (robustnessCsv.size() > 1) {
            Files.write(output.resolve("robustness.csv"), robustnessCsv, StandardCharsets.UTF_8);
        }
        String context = context((System.nanoTime() - start) / 1e9);
        Path page = drawCount == 1
                ? HtmlReport.write(output, settings.get("title"), context, rows, figures)
                : HtmlReport.write(output, settings.get("title"), context, ReportTables.spreads(draws.rows()), figures);
        LOG.info("odenet: report written to {}", page);
        finishedCheckpoints.removeUnlessKept();
        return page;
    }

    /** The figure of the test accuracy's spread over the draws, per data set and network. */
    private void drawSpread() throws IOException {
        if (!settings.getBoolean("figures")) {
            return;
        }
        Map<String, Map<String, double[]>> accuracy = draws.testAccuracies();
        Path png = output.resolve("figures").resolve("test-accuracy-spread.png");
        SpreadFigure.write(png, "Test accuracy over " + drawCount + " draws", "test accuracy (%)", 100, accuracy,
                NetworkColours.of(accuracy.values().iterator().next().keySet()), FigureSize.STEPS);
        figures.add(0, new ReportFigure(png, "Test accuracy of every draw (dots) per data set and network: the box "
                + "spans the quartiles with the median, the whiskers the smallest and largest draw."));
    }

    /**
     * Trains every variant on one data set of one draw, under {@code drawDir}; the first draw also draws the
     * figures and the robustness summary.
     */
    private void runDataSet(ExperimentData data, Path drawDir, long seed, boolean firstDraw) throws IOException {
        if (firstDraw) {
            dataParagraphs.add(DataSetSummary.of(data, settings).paragraph());
        }
        Dataset<Row> marked = data.train().withColumn(TEST_COLUMN, functions.lit(false))
                .union(data.test().withColumn(TEST_COLUMN, functions.lit(true))).cache();
        Map<String, OdeNetClassificationModel> models = new LinkedHashMap<>();
        Map<String, double[]> robustness = new LinkedHashMap<>();
        double[] epsilons = epsilons();
        for (Variant variant : Variant.of(settings)) {
            Path dir = drawDir.resolve(data.name()).resolve(variant.id());
            LOG.info("odenet: {} / {}: training", data.name(), variant.label());
            long t0 = System.nanoTime();
            OdeNetClassificationModel model = estimator(data, variant, dir, seed).fit(marked);
            double seconds = (System.nanoTime() - t0) / 1e9;
            model.write().overwrite().save(dir.resolve("model").toString());
            writeHistory(dir, model.summary());
            finishedCheckpoints.add(dir.resolve(CHECKPOINTS));
            record(data, variant, model, seconds, seed);
            models.put(variant.label(), model);
            if (epsilons.length > 0) {
                double[] accuracy = Robustness.fgsmAccuracy(model, data.test(), epsilons, range(data.name()));
                robustness.put(variant.label(), accuracy);
                for (int e = 0; e < epsilons.length; e++) {
                    robustnessCsv.add((drawCount > 1 ? seed + "," : "") + String.format(Locale.ROOT,
                            "%s,%s,%s,%.4f", data.name(), variant.id(), epsilons[e], accuracy[e]));
                }
                LOG.info("odenet: {} / {}: FGSM test accuracy {} at epsilon {}", data.name(), variant.label(),
                        Arrays.toString(accuracy), Arrays.toString(epsilons));
            }
        }
        marked.unpersist();
        if (!firstDraw) {
            return;
        }
        drawFigures(data, models, drawDir);
        if (!robustness.isEmpty()) {
            StringBuilder line = new StringBuilder(data.title() + ", FGSM test accuracy at epsilon = "
                    + Arrays.toString(epsilons) + ":");
            robustness.forEach((label, acc) -> line.append(' ').append(label).append(' ')
                    .append(Arrays.stream(acc).mapToObj(a -> String.format(Locale.ROOT, "%.1f%%", 100 * a)).toList())
                    .append(';'));
            robustnessLines.add(line.toString());
            if (settings.getBoolean("figures")) {
                Path png = drawDir.resolve(data.name()).resolve("figures").resolve("robustness.png");
                LinesFigure.write(png, data.title() + ": accuracy under FGSM perturbations",
                        "perturbation size epsilon", "test accuracy", epsilons, robustness,
                        NetworkColours.of(models.keySet()), FigureSize.STEPS);
                figures.add(new ReportFigure(png, data.title() + ": test accuracy when every test point moves by "
                        + "epsilon * sign(dloss/dx), its loss gradient from the adjoint P[0] (fast gradient sign method)."));
            }
        }
    }

    /** The FGSM perturbation sizes ({@code robustness.epsilons}), empty when the job measures no robustness. */
    private double[] epsilons() {
        if (!settings.has("robustness.epsilons") || settings.get("robustness.epsilons").isEmpty()) {
            return new double[0];
        }
        return settings.getDoubles("robustness.epsilons");
    }

    /** The valid feature range of a data set ({@code data.<name>.range = min,max}), or null. */
    private double[] range(String dataSet) {
        String key = "data." + dataSet + ".range";
        if (!settings.has(key) || settings.get(key).isEmpty()) {
            return null;
        }
        double[] r = settings.getDoubles(key);
        if (r.length != 2 || !(r[0] < r[1])) {
            throw new IllegalArgumentException("key '" + key + "' must be 'min,max' with min < max, got '"
                    + settings.get(key) + "'");
        }
        return r;
    }

    /** The value of {@code key.<dataSet>} when the job sets it, else of {@code key}. */
    private String setting(String dataSet, String key) {
        return settings.get(settingKey(dataSet, key));
    }

    /** {@code key.<dataSet>} when the job sets it, else {@code key}. */
    private String settingKey(String dataSet, String key) {
        String specific = key + "." + dataSet;
        return settings.has(specific) && !settings.get(specific).isEmpty() ? specific : key;
    }

    /** {@link #setting} as an integer; an error names the key when it is not one. */
    private int intSetting(String dataSet, String key) {
        return settings.getInt(settingKey(dataSet, key));
    }

    /**
     * The state width of a variant: the job's {@code stateWidth} (0 or absent: the data's features), plus the
     * variant's zero channels when it has some.
     */
    private int stateWidth(ExperimentData data, Variant variant) {
        int width = settings.has("stateWidth") ? settings.getInt("stateWidth") : 0;
        if (width < 0) {
            throw new IllegalArgumentException("key 'stateWidth' must be >= 0 (0 for the features), got " + width);
        }
        if (variant.augmentation() == 0) {
            return width;
        }
        return (width == 0 ? data.numFeatures() : width) + variant.augmentation();
    }

    private OdeNetClassifier estimator(ExperimentData data, Variant variant, Path dir, long seed) {
        String dataSet = data.name();
        OdeNetClassifier c = new OdeNetClassifier()
                .setArchitecture(variant.architecture())
                .setTableau(variant.tableau())
                .setStateWidth(stateWidth(data, variant))
                .setLayers(settings.getInt("layers")).setFinalTime(settings.getDouble("finalTime"))
                .setHead(settings.get("head")).setInitialization(setting(dataSet, "initialization"))
                .setSeed(seed).setMaxIter(intSetting(dataSet, "iterations"))
                .setTol(settings.getDouble("tol"))
                .setInitialLipschitz(settings.getDouble("initialLipschitz"))
                .setLipschitzIncrease(settings.getDouble("lipschitzIncrease"))
                .setLipschitzDecrease(settings.getDouble("lipschitzDecrease"))
                .setMaxLineSearchTries(settings.getInt("maxLineSearchTries"))
                .setSolver(settings.has("solver") ? settings.get("solver") : "gd")
                .setBlockSize(intSetting(dataSet, "blockSize")).setEngine(settings.get("engine"))
                .setValidationIndicatorCol(TEST_COLUMN)
                .setValidationInterval(intSetting(dataSet, "testInterval"))
                .setProgressInterval(settings.getInt("progressInterval"));
        if (settings.getBoolean("checkpoint")) {
            c.setCheckpointDir(dir.resolve(CHECKPOINTS).toUri().toString())
                    .setCheckpointInterval(settings.getInt("checkpointInterval"));
        }
        return c;
    }

    private void record(ExperimentData data, Variant variant, OdeNetClassificationModel model, double seconds,
                        long seed) {
        OdeNetTrainingSummary s = model.summary();
        List<IterationMetrics> h = s.history();
        IterationMetrics last = h.get(h.size() - 1);
        NetworkSpec spec = model.spec();
        double[] steps = model.timeSteps();
        double minStep = Arrays.stream(steps).min().orElse(Double.NaN);
        double maxStep = Arrays.stream(steps).max().orElse(Double.NaN);
        double[] growth = s.stateGrowth();
        rows.add(new ResultRow(data.name(), variant.label(), spec.architecture().isRungeKutta() ? spec.tableau().name()
                : "—", last.loss(), last.accuracy(), last.validationLoss(), last.validationAccuracy(),
                s.totalIterations(), model.effectiveDepth(), seconds));
        // passes that evaluated the training objective: the start, then every trial (gd) or evaluation (lbfgs)
        long trainingPasses = 1 + h.stream().mapToLong(IterationMetrics::tries).sum();
        csv.add((drawCount > 1 ? seed + "," : "") + String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%d,%d,%.6e,%.4f,%.6e,%.4f,%d,%.4f,%.4f,%.4f,%s,%s,%.1f,%s,%d,%d",
                data.name(), variant.id(), spec.architecture().configName(), spec.tableau().name(), spec.augmentation(),
                spec.layers(), s.totalIterations(), last.loss(), last.accuracy(), last.validationLoss(),
                last.validationAccuracy(), model.numNonZeroSteps(), minStep, maxStep,
                growth.length == 0 ? Double.NaN : growth[growth.length - 1], s.stopReason().name(), s.provenance().get("engine"),
                seconds, model.getSolver(), trainingPasses, s.sparkJobs()));
        draws.add(data.name(), variant.id(), variant.label(), spec.architecture().configName(), spec.architecture()
                .isRungeKutta() ? spec.tableau().name() : "—", seed, last.validationAccuracy(), last.loss(), seconds);
        LOG.info(String.format(Locale.ROOT, "odenet: %s%s / %s: train loss %.4e accuracy %.4f, test loss %.4e accuracy %.4f,"
                + " %d iterations in %.1f s (%s)", drawCount > 1 ? "seed " + seed + " / " : "", data.name(),
                variant.label(), last.loss(), last.accuracy(),
                last.validationLoss(), last.validationAccuracy(), s.totalIterations(), seconds, s.stopReason().name()));
    }

    private static void writeHistory(Path dir, OdeNetTrainingSummary s) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("history.csv"), HistoryCodec.TEST.csvLines(s.history()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("history.json"), HistoryCodec.TEST.jsonDocument(s.history()),
                StandardCharsets.UTF_8);
    }

    private void drawFigures(ExperimentData data, Map<String, OdeNetClassificationModel> models, Path drawDir)
            throws IOException {
        if (!settings.getBoolean("figures")) {
            return;
        }
        Path dir = drawDir.resolve(data.name()).resolve("figures");
        Files.createDirectories(dir);
        String name = data.title();
        Map<String, List<IterationMetrics>> histories = new LinkedHashMap<>();
        Map<String, double[]> steps = new LinkedHashMap<>();
        Map<String, double[]> growth = new LinkedHashMap<>();
        NetworkColours colours = NetworkColours.of(models.keySet());
        models.forEach((label, m) -> {
            histories.put(label, m.summary().history());
            if (m.spec().architecture().isRungeKutta()) {
                steps.put(label, m.timeSteps());
            }
            growth.put(label, m.summary().stateGrowth());
        });
        Path curves = dir.resolve("curves.png");
        TrainingCurvesFigure.write(curves, name + ": loss and accuracy", histories, "test", colours,
                FigureSize.CURVES);
        figures.add(new ReportFigure(curves, name + ": training (solid) and test (dashed) loss and accuracy per "
                + "iteration (paper Figs. 6, 7, 13)."));
        if (!steps.isEmpty()) {
            Path stepsPng = dir.resolve("time-steps.png");
            TimeStepsFigure.write(stepsPng, name + ": learned time steps", steps, colours, FigureSize.STEPS);
            figures.add(new ReportFigure(stepsPng, name + ": time step h_j of every layer (paper Figs. 8, 14)."));
        }
        double[] layerIndex = new double[settings.getInt("layers") + 1];
        for (int j = 0; j < layerIndex.length; j++) {
            layerIndex[j] = j;
        }
        Path growthPng = dir.resolve("state-growth.png");
        LinesFigure.write(growthPng, name + ": growth of the state through the layers", "layer j",
                "|Y[j]| / |Y[0]| over the training data", layerIndex, growth, colours, FigureSize.STEPS);
        figures.add(new ReportFigure(growthPng, name + ": stability diagnostic, the norm of the training data's state "
                + "after each layer relative to the input (Frobenius norms)."));
        LabeledSamples test = ExperimentData.collect(data.test(), data.numFeatures());
        if (data.numFeatures() == 2) {
            drawPlane(dir, name, test, models);
        } else {
            int side = (int) Math.round(Math.sqrt(data.numFeatures()));
            boolean otherWidth = models.values().stream()
                    .anyMatch(m -> m.spec().stateWidth() != m.spec().inputWidth());
            if (side * side == data.numFeatures() && !otherWidth) {
                drawDigits(dir, name, side, test, models);
            }
        }
    }

    private void drawPlane(Path dir, String name, LabeledSamples test, Map<String, OdeNetClassificationModel> models)
            throws IOException {
        for (Map.Entry<String, OdeNetClassificationModel> e : models.entrySet()) {
            String file = e.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            NetworkSpec spec = e.getValue().spec();
            double[] theta = e.getValue().parameters();
            String title = name + ", " + e.getKey();
            Path decision = dir.resolve("decision-" + file + ".png");
            DecisionRegionFigure.write(decision, spec, theta, test, title + ": prediction on the test set",
                    FigureSize.PLANE);
            figures.add(new ReportFigure(decision, title + ": decision regions with the test points (paper Fig. 2, top)."));
            if (spec.stateWidth() != spec.inputWidth()) {
                continue; // the state leaves the plane: no transformed-feature plots
            }
            Path transformed = dir.resolve("transformed-" + file + ".png");
            TransformedFeaturesFigure.write(transformed, spec, theta, test, title + ": transformed test features",
                    FigureSize.PLANE);
            figures.add(new ReportFigure(transformed, title
                    + ": the test points after the flow, y[N], on the linear classifier (paper Fig. 2, bottom)."));
            Path snapshots = dir.resolve("snapshots-" + file + ".png");
            FeatureSnapshotsFigure.write(snapshots, spec, theta, test, title + ": the test features through the layers",
                    FigureSize.SNAPSHOTS);
            figures.add(new ReportFigure(snapshots, title
                    + ": the test points at a few layers; background: the final classifier (paper Figs. 3, 10-12)."));
        }
    }

    private void drawDigits(Path dir, String name, int side, LabeledSamples test,
                            Map<String, OdeNetClassificationModel> models) throws IOException {
        int shown = Math.min(8, test.size());
        int n = test.features();
        double[] inputs = new double[n * shown];
        for (int k = 0; k < shown; k++) {
            int c = (int) ((long) k * test.size() / shown);
            System.arraycopy(test.values(), c * n, inputs, k * n, n);
        }
        Map<String, double[]> transformed = new LinkedHashMap<>();
        models.forEach((label, m) -> transformed.put(label, FeatureFlow.finalState(m.spec(), m.parameters(), inputs)));
        Path png = dir.resolve("transformed-digits.png");
        DigitFeaturesFigure.write(png, name + ": test digits and their transformed features", side, inputs, transformed,
                new FigureSize(1000, 720));
        figures.add(new ReportFigure(png, name + ": test images (top row) and their features after each network's "
                + "flow, each picture min-max scaled (paper Fig. 15)."));
    }

    private String context(double seconds) {
        StringJoiner j = new StringJoiner("\n\n");
        j.add(settings.get("description"));
        if (drawCount > 1) {
            long first = settings.getLong("seed");
            j.add(String.format(Locale.ROOT, "%d independent draws of the data and the initial controls (seeds %d to "
                    + "%d; data read from files is the same in every draw, only the initial controls change). The "
                    + "table gives, per data set and network, the test accuracy's median [min–max] and interquartile "
                    + "range and the final training loss over the draws; where the accuracies fall into two separate "
                    + "groups (the widest gap between sorted draws exceeds 2 points and both groups' ranges together), "
                    + "how many draws came within 2 points of the best one. Every draw's metrics: runs.csv; its "
                    + "models and histories: seed-<seed>/. The figures below the spread are the first draw's "
                    + "(seed %d).", drawCount, first, first + drawCount - 1, first));
        }
        dataParagraphs.forEach(j::add);
        robustnessLines.forEach(j::add);
        j.add(String.format(Locale.ROOT, "Job '%s', %s; Spark %s, master %s; %.1f s in all. Test curves are the "
                + "held-out test set evaluated every %s iterations. Effective depth: the layers inference evaluates "
                + "(layers with a zero time step are skipped). Settings: settings.properties; per-run histories and "
                + "models under <data set>/<variant>/; all final metrics: results.csv.", job,
                Variant.of(settings).stream().map(Variant::label).toList(), spark.version(),
                spark.sparkContext().master(), seconds, settings.get("testInterval")));
        return j.toString();
    }
}
