package org.odenet.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.odenet.ml.OdeNetClassificationModel;

/**
 * The {@code compare} job: on each data set, fits every model of the job (our configurations, Spark MLlib's
 * {@code MultilayerPerceptronClassifier} and {@code LogisticRegression}, see {@link ModelRecipe}) one after
 * another in the same session, on the same cached training data and cores, and reports test and training
 * accuracy, fit wall time, Spark jobs started by the fit and iterations. Each estimator is first fitted once for
 * two iterations (unless {@code warmup = false}) so that no model pays for the JIT compilation of the others.
 * Writes {@code results.csv} and {@code results.md} (a Markdown table) under {@code output}.
 */
public final class CompareJob {
    private final SparkSession spark;
    private final JobSettings s;

    public CompareJob(SparkSession spark, JobSettings settings) {
        this.spark = spark;
        this.s = settings;
    }

    /** One fitted model's measurements. */
    record Result(String dataset, String model, String description, double testAccuracy, double trainAccuracy,
                  double fitSeconds, long sparkJobs, int iterations) {
    }

    /** Runs every data set and model; returns the directory written. */
    public Path run() throws IOException {
        List<String> datasets = s.getList("datasets");
        List<ModelRecipe> recipes = new ArrayList<>();
        for (String name : s.getList("models")) {
            recipes.add(ModelRecipe.parse(name, s.get("model." + name)));
        }
        if (datasets.isEmpty() || recipes.isEmpty()) {
            throw new IllegalArgumentException("the compare job needs at least one entry in 'datasets' and in 'models'");
        }
        for (String d : datasets) {
            s.get("data." + d + ".train");
            s.get("data." + d + ".test");
        }
        Path output = OutputDirectory.claim(s.get("output"), "compare", s);
        List<Result> results = new ArrayList<>();
        for (String d : datasets) {
            results.addAll(compare(d, recipes));
            write(output, results);
        }
        System.out.println();
        System.out.println(markdown(results));
        System.out.println("odenet: results in " + output.toAbsolutePath().resolve("results.csv") + " and results.md");
        return output;
    }

    private List<Result> compare(String dataset, List<ModelRecipe> recipes) {
        int numFeatures = s.has("data." + dataset + ".numFeatures") ? s.getInt("data." + dataset + ".numFeatures") : 0;
        int partitions = s.getInt("partitions");
        if (partitions < 0) {
            throw new IllegalArgumentException("key 'partitions' must be >= 0 (0: the default parallelism), got "
                    + partitions);
        }
        int p = partitions == 0 ? spark.sparkContext().defaultParallelism() : partitions;
        DataReaders.TrainTest data = DataReaders.readPair(spark, s.get("data." + dataset + ".train"),
                s.get("data." + dataset + ".test"), numFeatures, "data." + dataset + ".numFeatures");
        Dataset<Row> train = data.train().repartition(p).cache();
        Dataset<Row> test = data.test().cache();
        long rows = train.count();
        long testRows = test.count();
        int n = data.numFeatures();
        int numClasses = (int) Math.max(train.agg(functions.max("label")).first().getDouble(0),
                test.agg(functions.max("label")).first().getDouble(0)) + 1;
        System.out.printf(Locale.ROOT, "%nodenet compare: %s, %d training and %d test rows, %d features, %d classes, "
                + "%d partitions%n", dataset, rows, testRows, n, numClasses, p);
        if (s.getBoolean("warmup")) {
            for (ModelRecipe r : recipes) {
                warmUp(r, train, n, numClasses);
            }
        }
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        List<Result> results = new ArrayList<>();
        for (ModelRecipe r : recipes) {
            Estimator<?> estimator = r.estimator(n, numClasses);
            String description = r.describe(n, numClasses);
            System.out.printf(Locale.ROOT, "odenet compare: fitting %s: %s%n", r.name(), description);
            AtomicLong jobs = new AtomicLong();
            SparkListener counter = new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart e) {
                    jobs.incrementAndGet();
                }
            };
            spark.sparkContext().addSparkListener(counter);
            long t0 = System.nanoTime();
            Model<?> model;
            try {
                model = estimator.fit(train);
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } catch (TimeoutException e) {
                throw new IllegalStateException(e);
            } finally {
                spark.sparkContext().removeSparkListener(counter);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Result result = new Result(dataset, r.name(), description, accuracy.evaluate(model.transform(test)),
                    accuracy.evaluate(model.transform(train)), seconds, jobs.get(), iterations(model));
            System.out.printf(Locale.ROOT, "odenet compare: %s on %s: test accuracy %.2f %%, fit %.1f s, %d Spark jobs, "
                    + "%d iterations%n", r.name(), dataset, 100 * result.testAccuracy(), seconds, result.sparkJobs(),
                    result.iterations());
            results.add(result);
        }
        train.unpersist();
        test.unpersist();
        return results;
    }

    /** Fits the recipe for two iterations on a few rows, so that its code is compiled before it is timed. */
    private void warmUp(ModelRecipe r, Dataset<Row> train, int n, int numClasses) {
        Estimator<?> e = r.estimator(n, numClasses);
        e.fit(train.limit(100), new org.apache.spark.ml.param.ParamMap().put(e.getParam("maxIter"), 2));
    }

    /** The iterations the fit ran, or -1 when the model does not say. */
    private static int iterations(Model<?> model) {
        if (model instanceof OdeNetClassificationModel m) {
            return m.summary().totalIterations();
        }
        if (model instanceof MultilayerPerceptronClassificationModel m) {
            return m.summary().totalIterations();
        }
        if (model instanceof LogisticRegressionModel m && m.hasSummary()) {
            return m.summary().totalIterations();
        }
        return -1;
    }

    /**
     * Per data set, each model's accuracy difference in points to the better of the MLPs and its fit time as a
     * multiple of that MLP's; empty when there is no MLP on that data set.
     */
    static Map<Result, double[]> againstBestMlp(List<Result> results) {
        Map<Result, double[]> out = new LinkedHashMap<>();
        for (Result r : results) {
            Result best = null;
            for (Result m : results) {
                if (m.dataset().equals(r.dataset()) && m.description().startsWith("mlp")
                        && (best == null || m.testAccuracy() > best.testAccuracy())) {
                    best = m;
                }
            }
            if (best != null) {
                out.put(r, new double[] {100 * (r.testAccuracy() - best.testAccuracy()),
                    r.fitSeconds() / best.fitSeconds()});
            }
        }
        return out;
    }

    private void write(Path output, List<Result> results) throws IOException {
        Map<Result, double[]> vs = againstBestMlp(results);
        List<String> csv = new ArrayList<>();
        csv.add("dataset,model,description,testAccuracy,trainAccuracy,fitSeconds,sparkJobs,iterations,"
                + "pointsVsBestMlp,timeVsBestMlp");
        for (Result r : results) {
            double[] v = vs.getOrDefault(r, new double[] {Double.NaN, Double.NaN});
            csv.add(String.format(Locale.ROOT, "%s,%s,\"%s\",%.4f,%.4f,%.2f,%d,%d,%.2f,%.2f", r.dataset(), r.model(),
                    r.description(), r.testAccuracy(), r.trainAccuracy(), r.fitSeconds(), r.sparkJobs(), r.iterations(),
                    v[0], v[1]));
        }
        Files.write(output.resolve("results.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(output.resolve("results.md"), markdown(results), StandardCharsets.UTF_8);
    }

    /** The results as a Markdown table. */
    static String markdown(List<Result> results) {
        Map<Result, double[]> vs = againstBestMlp(results);
        StringBuilder b = new StringBuilder();
        b.append("| data | model | test accuracy | vs better MLP | fit time | time vs better MLP | Spark jobs | iterations "
                + "| configuration |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            double[] v = vs.get(r);
            b.append(String.format(Locale.ROOT, "| %s | %s | %.2f %% | %s | %.1f s | %s | %d | %d | `%s` |%n",
                    r.dataset(), r.model(), 100 * r.testAccuracy(),
                    v == null ? "" : String.format(Locale.ROOT, "%+.2f", v[0]), r.fitSeconds(),
                    v == null ? "" : String.format(Locale.ROOT, "%.2f×", v[1]), r.sparkJobs(), r.iterations(),
                    r.description()));
        }
        return b.toString();
    }
}
