package org.odenet.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.odenet.data.ToyDataSet;
import org.odenet.ml.OdeNetClassificationModel;
import org.odenet.ml.OdeNetClassifier;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.BlasGemm;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.IterationMetrics;
import org.odenet.report.Spread;
import org.odenet.spark.OdeNetTrainer;
import org.odenet.spark.SampleFrames;
import org.odenet.training.Engine;
import org.odenet.training.EngineSettings;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingResult;

/**
 * The performance figures, measured in one run on one machine: (1) kernel GFLOP/s against the dgemm rate
 * of the same BLAS, (2) time per gradient evaluation against Spark MLlib's MultilayerPerceptronClassifier
 * of the same width and depth, (3) the cost of an iteration at the paper's toy size against an empty Spark
 * job, for both engines, (4) time per sample as the data grows, and the speed-up from one to two cores.
 */
final class BenchmarkJob {
    private final JobSettings s;
    private SparkSession spark;

    BenchmarkJob(SparkSession spark, JobSettings settings) {
        this.spark = spark;
        this.s = settings;
    }

    void run() {
        List<String> sections = s.getList("sections");
        System.out.printf(Locale.ROOT, "odenet benchmark: BLAS %s, %d cores, Java %s, Spark %s, master %s%n",
                BlasGemm.implementationName(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), spark.version(), spark.sparkContext().master());
        if (sections.contains("kernel")) {
            kernel();
        }
        if (sections.contains("mlp")) {
            mlp();
        }
        if (sections.contains("toy")) {
            toy();
        }
        if (sections.contains("scaling")) {
            scaling();
        }
        if (sections.contains("pruning")) {
            pruning();
        }
        if (sections.contains("memory")) {
            memory();
        }
        if (sections.contains("inference")) {
            inference();
        }
    }

    /**
     * transform throughput on MNIST-width rows: a full-width ResNet scored row by row (one UDF call per row and
     * column, as before block inference) and in blocks, and MLlib's MultilayerPerceptronClassifier [784, 64, K].
     * Every output column is computed (written to Spark's no-op sink); the best of the timed runs after a warm-up.
     */
    private void inference() {
        int rows = s.getInt("inference.rows");
        int layers = s.getInt("inference.layers");
        int partitions = s.getInt("partitions");
        int runs = s.getInt("inference.runs");
        Dataset<Row> source = DataReaders.read(spark, s.get("inference.data"), "libsvm", 784).cache();
        long available = source.count();
        Dataset<Row> data = replicate(source, (int) ((rows + available - 1) / available)).limit(rows)
                .repartition(partitions).cache();
        long n = data.count();
        int classes = (int) data.agg(functions.max("label")).first().getDouble(0) + 1;
        NetworkSpec spec = new NetworkSpec(784, layers, 1.0, ButcherTableau.EULER, Architecture.RESNET,
                Head.SOFTMAX_CROSS_ENTROPY, classes);
        OdeNetClassificationModel ours = new OdeNetClassificationModel("benchmark-inference", spec,
                Initialization.SCALED.initialize(spec, 1), null).setBlockSize(s.getInt("blockSize"));
        MultilayerPerceptronClassificationModel mlp = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {784, 64, classes}).setMaxIter(5).setSeed(1).fit(data);
        ModelRecipe recommendedRecipe = ModelRecipe.parse("recommended", s.get("inference.recommended"));
        Transformer recommended = (Transformer) recommendedRecipe.estimator(784, classes).fit(data);
        System.out.printf(Locale.ROOT, "%n(7) transform throughput: %d rows of %s (784 features, %d classes), "
                + "%d partitions; rawPrediction, probability and prediction computed; best of %d runs after a warm-up%n",
                n, s.get("inference.data"), classes, partitions, runs);
        double rowByRow = n / bestSeconds(() -> ours.transformRowByRow(data), runs);
        double blocks = n / bestSeconds(() -> ours.transform(data), runs);
        double mlpRate = n / bestSeconds(() -> mlp.transform(data), runs);
        double recommendedRate = n / bestSeconds(() -> recommended.transform(data), runs);
        System.out.printf(Locale.ROOT, "  odenet ResNet, %d layers of width 784, row by row: %.0f rows/s%n", layers, rowByRow);
        System.out.printf(Locale.ROOT, "  odenet ResNet, %d layers of width 784, blocks of %d: %.0f rows/s (%.2fx row by row)%n",
                layers, s.getInt("blockSize"), blocks, blocks / rowByRow);
        System.out.printf(Locale.ROOT, "  MultilayerPerceptronClassifier [784, 64, %d]: %.0f rows/s (odenet blocks / MLP "
                + "%.2f)%n", classes, mlpRate, blocks / mlpRate);
        System.out.printf(Locale.ROOT, "  recommended configuration (%s): %.0f rows/s (/ MLP %.2f)%n",
                recommendedRecipe.describe(784, classes), recommendedRate, recommendedRate / mlpRate);
        data.unpersist();
        source.unpersist();
    }

    /** The shortest of {@code runs} timed writes of every column of the frame to the no-op sink, after a warm-up. */
    private static double bestSeconds(java.util.function.Supplier<Dataset<Row>> frame, int runs) {
        frame.get().write().format("noop").mode("overwrite").save();
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            frame.get().write().format("noop").mode("overwrite").save();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    /** Inference with sparse learned steps, with and without skipping the zero-step layers. */
    private void pruning() {
        int n = s.getInt("pruning.features");
        int layers = s.getInt("pruning.layers");
        int nonZero = s.getInt("pruning.nonZeroSteps");
        int m = s.getInt("blockSize");
        NetworkSpec spec = new NetworkSpec(n, layers, 1.0, ButcherTableau.EULER, Architecture.ODENET_SIMPLEX,
                Head.LOGISTIC_SQUARED_ERROR, 2);
        double[] theta = Initialization.SCALED.initialize(spec, 3);
        for (int j = 0; j < layers; j++) {
            theta[spec.layout().stepOffset(j)] = j % (layers / nonZero) == 0 && j / (layers / nonZero) < nonZero
                    ? 1.0 / nonZero : 0;
        }
        double[] x = KernelBenchmark.randomBlock(n, m).values();
        double[] pruned = new double[m];
        double[] full = new double[m];
        NetworkEvaluator skipping = new NetworkEvaluator(spec, m);
        NetworkEvaluator everyLayer = new NetworkEvaluator(spec, m, new NetworkEvaluator.Options(false, 1));
        double tPruned = KernelBenchmark.timePerCall(() -> skipping.logits(theta, x, m, pruned), 2);
        double tFull = KernelBenchmark.timePerCall(() -> everyLayer.logits(theta, x, m, full), 2);
        System.out.printf(Locale.ROOT, "%n(5) pruned inference: n = %d, N = %d, %d non-zero steps (ODENet+simplex), "
                + "blocks of %d: %.3f ms per block with every layer, %.3f ms skipping the zero-step layers: speed-up "
                + "%.2f x; outputs identical: %b%n", n, layers, nonZero, m, tFull * 1e3, tPruned * 1e3, tFull / tPruned,
                Arrays.equals(pruned, full));
    }

    /** Memory and time of a gradient pass keeping every state vs recomputing from every r-th. */
    private void memory() {
        int n = s.getInt("memory.features");
        int layers = s.getInt("memory.layers");
        int stride = s.getInt("memory.stride");
        int m = s.getInt("blockSize");
        NetworkSpec spec = new NetworkSpec(n, layers, 1.0, ButcherTableau.EULER, Architecture.ODENET,
                Head.LOGISTIC_SQUARED_ERROR, 2);
        double[] theta = Initialization.SCALED.initialize(spec, 4);
        org.odenet.numerics.Block block = KernelBenchmark.randomBlock(n, m);
        System.out.printf(Locale.ROOT, "%n(6) memory-lean gradients: n = %d, N = %d, block %d%n", n, layers, m);
        double[][] gradients = new double[2][];
        int k = 0;
        for (int r : new int[] {1, stride}) {
            double[] g = new double[spec.layout().size()];
            System.gc();
            resetPeaks();
            long before = heapPeak();
            NetworkEvaluator e = new NetworkEvaluator(spec, m, new NetworkEvaluator.Options(true, r));
            e.evaluate(theta, block, g);
            long peak = heapPeak() - before;
            double seconds = KernelBenchmark.timePerCall(() -> {
                Arrays.fill(g, 0);
                e.evaluate(theta, block, g);
            }, 3);
            gradients[k++] = g;
            System.out.printf(Locale.ROOT, "  recompute stride %3d: work arrays %7.1f MiB, measured heap peak during the "
                    + "first pass +%7.1f MiB, %.3f s per gradient pass%n", r, e.workspaceBytes() / 1048576.0,
                    peak / 1048576.0, seconds);
        }
        double maxDiff = 0;
        for (int i = 0; i < gradients[0].length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(gradients[0][i] - gradients[1][i]));
        }
        System.out.printf(Locale.ROOT, "  largest difference between the two gradients: %s%n", maxDiff);
    }

    private static void resetPeaks() {
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private void kernel() {
        System.out.println("\n(1) forward + adjoint pass vs dgemm, one thread");
        KernelBenchmark.main(new String[] {s.get("kernel.features"), s.get("kernel.layers"), s.get("kernel.seconds")});
    }

    private TrainingConfig.Builder resnet(int layers) {
        return TrainingConfig.builder().shape(shape -> shape.withLayers(layers).withTableau(ButcherTableau.EULER).withArchitecture(Architecture.RESNET))
                .run(run -> run.withInitialization(Initialization.SCALED).withTol(0).withProgressInterval(Integer.MAX_VALUE))
                .engineSettings(e -> e.withBlockSize(s.getInt("blockSize")));
    }

    /** Seconds per objective evaluation in the training loop (rows 1..last of the history). */
    private static double secondsPerPass(TrainingResult r) {
        List<IterationMetrics> h = r.history();
        double loop = h.get(h.size() - 1).wallSeconds() - h.get(1).wallSeconds();
        long passes = h.stream().skip(2).mapToInt(IterationMetrics::tries).sum();
        return loop / passes;
    }

    /** Durations (ms) of the Spark jobs that ran while {@code work} ran, in order. */
    private List<Long> jobDurations(Runnable work) {
        List<Long> durations = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Map<Integer, Long> started = new java.util.concurrent.ConcurrentHashMap<>();
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
                started.put(e.jobId(), e.time());
            }

            @Override
            public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
                Long t = started.get(e.jobId());
                if (t != null) {
                    durations.add(e.time() - t);
                }
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            work.run();
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        return new ArrayList<>(durations);
    }

    /** The median of the gradient jobs: every job but the first {@code skip} (data preparation, warm-up). */
    private static double medianSeconds(List<Long> durations, int skip, int dropLast) {
        double[] d = durations.subList(Math.min(skip, durations.size()), Math.max(skip, durations.size() - dropLast))
                .stream().mapToDouble(x -> x / 1e3).toArray();
        return d.length == 0 ? Double.NaN : Spread.of(d).median();
    }

    private void mlp() {
        int layers = s.getInt("mlp.layers");
        int iterations = s.getInt("mlp.iterations");
        int partitions = s.getInt("partitions");
        Dataset<Row> train = replicate(DataReaders.read(spark, s.get("mlp.train"), "libsvm", 784), s.getInt("mlp.replicate"))
                .repartition(partitions).cache();
        Dataset<Row> test = DataReaders.read(spark, s.get("mlp.test"), "libsvm", 784).cache();
        long rows = train.count();
        test.count();
        System.out.printf(Locale.ROOT, "%n(2) time per gradient evaluation vs MultilayerPerceptronClassifier: %d rows "
                + "(MNIST100 training images x %d), 784 features, %d layers of width 784, %d partitions, blockSize %d; "
                + "the median duration of the Spark jobs that evaluate a gradient (one per evaluation for both)%n",
                rows, s.getInt("mlp.replicate"), layers, partitions, s.getInt("blockSize"));
        OdeNetClassifier ours = new OdeNetClassifier().setLayers(layers).setArchitecture("resnet").setTableau("euler")
                .setInitialization("scaled").setMaxIter(iterations).setTol(0).setEngine("spark")
                .setBlockSize(s.getInt("blockSize")).setProgressInterval(Integer.MAX_VALUE);
        OdeNetClassificationModel[] model = new OdeNetClassificationModel[1];
        // skip: validation and blocking (2 jobs) and the first evaluation (warm-up); drop the state-norm pass
        List<Long> oursJobs = jobDurations(() -> model[0] = ours.fit(train));
        double oursPerEval = medianSeconds(oursJobs, 3, 1);
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        double oursAccuracy = accuracy.evaluate(model[0].transform(test));

        int[] mlpLayers = new int[layers + 2];
        Arrays.fill(mlpLayers, 784);
        mlpLayers[layers + 1] = 2;
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(mlpLayers)
                .setBlockSize(s.getInt("blockSize")).setTol(0).setSeed(1).setMaxIter(iterations);
        MultilayerPerceptronClassificationModel[] mlpModel = new MultilayerPerceptronClassificationModel[1];
        // skip: data preparation (1 job) and the first gradient (warm-up)
        List<Long> mlpJobs = jobDurations(() -> mlpModel[0] = mlp.fit(train));
        double mlpPerEval = medianSeconds(mlpJobs, 2, 0);
        double mlpAccuracy = accuracy.evaluate(mlpModel[0].transform(test));
        System.out.printf(Locale.ROOT, "  odenet (ResNet/Euler, Spark engine): %.3f s per gradient evaluation (median of "
                + "%d jobs %s ms); MNIST100 test accuracy after %d iterations %.3f%n", oursPerEval, oursJobs.size() - 4,
                oursJobs.subList(Math.min(3, oursJobs.size()), Math.max(3, oursJobs.size() - 1)), iterations, oursAccuracy);
        System.out.printf(Locale.ROOT, "  MultilayerPerceptronClassifier (L-BFGS, sigmoid): %.3f s per gradient evaluation "
                + "(median of %d jobs %s ms); %d iterations; test accuracy %.3f%n", mlpPerEval, mlpJobs.size() - 2,
                mlpJobs.subList(Math.min(2, mlpJobs.size()), mlpJobs.size()), mlpModel[0].summary().totalIterations(),
                mlpAccuracy);
        System.out.printf(Locale.ROOT, "  ratio odenet / MLP time per gradient evaluation: %.2f%n", oursPerEval / mlpPerEval);
        train.unpersist();
        test.unpersist();
    }

    private static Dataset<Row> replicate(Dataset<Row> data, int times) {
        Dataset<Row> out = data;
        for (int i = 1; i < times; i++) {
            out = out.union(data);
        }
        return out;
    }

    private void toy() {
        int iterations = s.getInt("toy.iterations");
        Dataset<Row> data = SampleFrames.of(spark, ToyDataSet.SPIRAL.generate(1000, 1), s.getInt("partitions")).cache();
        data.count();
        TrainingConfig config = resnet(20).run(run -> run.withInitialization(Initialization.PAPER).withMaxIter(iterations))
                .engineSettings(e -> e.withBlockSize(128)).build();
        new OdeNetTrainer(config.toBuilder().run(run -> run.withMaxIter(20)).build()).fit(data); // warm-up
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        double[] empty = new double[60];
        for (int i = 0; i < empty.length; i++) {
            long t = System.nanoTime();
            jsc.parallelize(List.of(1, 2), 2).count();
            empty[i] = (System.nanoTime() - t) / 1e6;
        }
        double emptyMs = Spread.of(empty).median();
        TrainingResult sparkRun = new OdeNetTrainer(config.toBuilder().engineSettings(e -> e.withEngine(Engine.SPARK)).build()).fit(data);
        TrainingResult driverRun = new OdeNetTrainer(config.toBuilder().engineSettings(e -> e.withEngine(Engine.DRIVER)).build()).fit(data);
        System.out.printf(Locale.ROOT, "%n(3) the paper's toy size: spiral, 1000 samples, ResNet/Euler 20 layers, "
                + "%d iterations%n", iterations);
        System.out.printf(Locale.ROOT, "  empty Spark job (median of %d): %.2f ms%n", empty.length, emptyMs);
        for (TrainingResult r : List.of(sparkRun, driverRun)) {
            List<IterationMetrics> h = r.history();
            double msPerIteration = 1e3 * (h.get(h.size() - 1).wallSeconds() - h.get(1).wallSeconds())
                    / (r.iterations() - 1);
            System.out.printf(Locale.ROOT, "  %-6s engine: %.1f it/s, %.3f ms per accepted iteration = %.3f x empty job, "
                    + "%.3f passes (Spark jobs for the spark engine) per accepted iteration, final loss %.6e%n",
                    r.engine(), 1e3 / msPerIteration, msPerIteration, msPerIteration / emptyMs,
                    (double) r.passes() / r.iterations(), r.finalLoss());
        }
        data.unpersist();
    }

    private void scaling() {
        int partitions = s.getInt("partitions");
        System.out.printf(Locale.ROOT, "%n(4) scaling: time per sample of one training pass (ResNet/Euler, %d partitions); "
                + "engine auto picks the driver engine up to 64 MiB of features%n", partitions);
        for (String spec : new String[] {"scaling.n2", "scaling.n784"}) {
            int n = spec.equals("scaling.n2") ? 2 : 784;
            int layers = s.getInt(spec + ".layers");
            java.util.Map<Long, Double> sparkSeconds = new java.util.HashMap<>();
            for (Engine engine : List.of(Engine.SPARK, Engine.AUTO)) {
                List<Double> perSample = new ArrayList<>();
                for (String size : s.getList(spec + ".samples")) {
                    long m = Long.parseLong(size);
                    // where auto means spark, the spark measurement stands for it
                    double seconds = engine == Engine.AUTO && !autoPicksDriver(m, n) ? sparkSeconds.get(m)
                            : passSeconds(m, n, layers, partitions, engine);
                    if (engine == Engine.SPARK) {
                        sparkSeconds.put(m, seconds);
                    }
                    perSample.add(seconds / m);
                    System.out.printf(Locale.ROOT, "  %-5s n = %3d, N = %d, %8d samples: %.4f s per pass, %.3f us per "
                            + "sample%n", engine.configName(), n, layers, m, seconds, 1e6 * seconds / m);
                }
                double lo = perSample.stream().mapToDouble(Double::doubleValue).min().orElse(0);
                double hi = perSample.stream().mapToDouble(Double::doubleValue).max().orElse(0);
                System.out.printf(Locale.ROOT, "  %-5s n = %d: time per sample spans %.2f x (max/min)%n",
                        engine.configName(), n, hi / lo);
            }
        }
        long m = s.getLong("scaling.speedup.samples");
        int layers = s.getInt("scaling.n784.layers");
        double two = passSeconds(m, 784, layers, 2, Engine.SPARK);
        String master = spark.sparkContext().master();
        org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
        spark.stop();
        spark = SparkSession.builder().config(conf).master("local[1]").appName("odenet benchmark local[1]").getOrCreate();
        double one = passSeconds(m, 784, layers, 2, Engine.SPARK);
        spark.stop();
        spark = SparkSession.builder().config(conf).master(master).appName("odenet benchmark").getOrCreate();
        System.out.printf(Locale.ROOT, "  speed-up local[1] -> %s at n = 784, %d samples: %.3f s -> %.3f s per pass = %.2f x%n",
                master, m, one, two, one / two);
    }

    /**
     * Seconds per training pass over fresh synthetic data with the given engine: the mean over iterations
     * 2.. of a run long enough (about 2·10⁷ sample-features in all, at least one iteration after the first)
     * to average out the timer; a huge L₀ makes every trial the first and accepted.
     */
    private double passSeconds(long samples, int features, int layers, int partitions, Engine engine) {
        Dataset<Row> data = SyntheticData.generate(spark, samples, features, partitions, 7).cache();
        data.count();
        int iterations = (int) Math.max(2, Math.min(100, 2e7 / ((double) samples * features)));
        TrainingResult r = new OdeNetTrainer(resnet(layers).run(run -> run.withMaxIter(iterations))
                .engineSettings(e -> e.withEngine(engine)).lineSearch(l -> l.withInitialLipschitz(1e3)).build()).fit(data);
        data.unpersist();
        return secondsPerPass(r);
    }

    /** Whether engine=auto runs the driver engine for this much data (see {@link Engine#AUTO}). */
    private static boolean autoPicksDriver(long samples, int features) {
        return samples * features * 8L <= EngineSettings.DEFAULT.driverEngineMaxBytes();
    }

    SparkSession session() {
        return spark;
    }
}
