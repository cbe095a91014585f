package org.odenet.jobs;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Initialization;
import org.odenet.spark.Engine;
import org.odenet.spark.OdeNetTrainer;
import org.odenet.spark.SampleFrames;
import org.odenet.spark.TrainingConfig;
import org.odenet.spark.TrainingResult;

/**
 * Measures, in one Spark session, the cost of the Spark engine on the paper's toy size (spiral, 1000
 * samples, 20 layers): the median time of an empty Spark job, the time per training pass and per
 * accepted iteration, and the Spark jobs an accepted iteration costs.
 */
public final class PassBenchmark {
    private PassBenchmark() {
    }

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        SparkSession spark = SparkSession.builder().appName("odenet pass benchmark")
                .master(System.getProperty("spark.master", "local[2]")).getOrCreate();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Dataset<Row> data = SampleFrames.of(spark, ToyDataSet.SPIRAL.generate(1000, 1), 2).cache();
            data.count();
            TrainingConfig config = TrainingConfig.builder().layers(20).tableau(ButcherTableau.EULER)
                    .architecture(Architecture.RESNET).initialization(Initialization.PAPER).maxIter(iterations).tol(0)
                    .progressInterval(Integer.MAX_VALUE).build();
            new OdeNetTrainer(config.toBuilder().maxIter(20).build()).fit(data); // warm-up
            double[] empty = new double[60];
            for (int i = 0; i < empty.length; i++) {
                long t = System.nanoTime();
                jsc.parallelize(List.of(1, 2), 2).count();
                empty[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(empty);
            double emptyMs = empty[empty.length / 2];
            TrainingResult r = new OdeNetTrainer(config).fit(data);
            double loopSeconds = r.history().get(r.history().size() - 1).wallSeconds() - r.history().get(1).wallSeconds();
            double passesInLoop = r.passes() - 1 - r.history().get(1).tries();
            double msPerPass = 1e3 * loopSeconds / passesInLoop;
            double msPerIteration = 1e3 * loopSeconds / (r.iterations() - 1);
            System.out.printf(Locale.ROOT, "master %s, spiral 1000 samples, ResNet/Euler 20 layers, blockSize %d%n",
                    spark.sparkContext().master(), config.blockSize());
            System.out.printf(Locale.ROOT, "empty Spark job (median of %d): %.2f ms%n", empty.length, emptyMs);
            System.out.printf(Locale.ROOT, "training pass (broadcast + treeAggregate + destroy): %.2f ms = %.2f x empty job%n",
                    msPerPass, msPerPass / emptyMs);
            System.out.printf(Locale.ROOT, "accepted iteration: %.2f ms = %.2f x empty job; %.1f it/s%n",
                    msPerIteration, msPerIteration / emptyMs, 1e3 / msPerIteration);
            System.out.printf(Locale.ROOT, "Spark jobs per accepted iteration over %d iterations: %.3f (%d passes)%n",
                    r.iterations(), (double) r.passes() / r.iterations(), r.passes());
            System.out.printf(Locale.ROOT, "final loss %.4e, accuracy %.4f%n", r.finalLoss(),
                    r.history().get(r.history().size() - 1).accuracy());
            TrainingResult d = new OdeNetTrainer(config.toBuilder().engine(Engine.DRIVER).build()).fit(data);
            double driverSeconds = d.history().get(d.history().size() - 1).wallSeconds() - d.history().get(1).wallSeconds();
            double driverMs = 1e3 * driverSeconds / (d.iterations() - 1);
            System.out.printf(Locale.ROOT, "driver engine (%d threads): %.3f ms per accepted iteration = %.3f x empty job"
                    + "; %.0f it/s; final loss %.4e (spark engine: %.4e)%n", Runtime.getRuntime().availableProcessors(),
                    driverMs, driverMs / emptyMs, 1e3 / driverMs, d.finalLoss(), r.finalLoss());
        } finally {
            spark.stop();
        }
    }
}
