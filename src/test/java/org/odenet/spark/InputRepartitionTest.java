package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.BacktrackingGradientDescent;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.optim.NetworkProjections;
import org.odenet.training.Engine;
import org.odenet.training.LocalObjective;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingResult;

/** The Spark engine spreads input with fewer partitions than the default parallelism over every core. */
class InputRepartitionTest {
    private static final LabeledSamples DATA = ToyDataSet.SPIRAL.generate(200, 11);

    @Test
    void theTargetIsTheDefaultParallelismAtMostOnePartitionPerRowAndNeverFewerThanTheInputs() {
        assertEquals(2, InputPartitions.target(1, 2, 1000));
        assertEquals(8, InputPartitions.target(3, 8, 1000));
        assertEquals(3, InputPartitions.target(1, 8, 3), "no more partitions than rows");
        assertEquals(0, InputPartitions.target(1, 8, 1), "one row: nothing to spread");
        assertEquals(0, InputPartitions.target(2, 2, 1000), "enough partitions: kept");
        assertEquals(0, InputPartitions.target(5, 2, 1000), "more partitions: kept");
    }

    private static TrainingConfig config(boolean repartition) {
        return TrainingConfig.builder().shape(s -> s.withLayers(4).withArchitecture(Architecture.ODENET))
                .engineSettings(e -> e.withEngine(Engine.SPARK).withBlockSize(1024).withRepartitionInput(repartition))
                .run(r -> r.withMaxIter(10).withTol(0).withSeed(5).withProgressInterval(1000)).build();
    }

    /** Partitions of the persisted training blocks that hold blocks, seen while training runs. */
    private static List<Integer> fitObservingPartitions(TrainingConfig config, List<Double> losses) {
        return fitObservingPartitions(config, SampleFrames.of(SparkTestSession.get(), DATA, 1), losses);
    }

    private static List<Integer> fitObservingPartitions(TrainingConfig config, Dataset<Row> data, List<Double> losses) {
        SparkSession spark = SparkTestSession.get();
        List<Integer> partitions = new ArrayList<>();
        TrainingResult r = new OdeNetTrainer(config).fit(data, null, m -> {
            if (m.iteration() != 1) {
                return;
            }
            for (RDD<?> rdd : scala.jdk.javaapi.CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs())
                    .values()) {
                if ("odenet training data blocks".equals(rdd.name())) {
                    partitions.add(rdd.toJavaRDD().mapPartitions(it -> List.of(it.hasNext() ? 1 : 0).iterator())
                            .collect().stream().mapToInt(Integer::intValue).sum());
                }
            }
        });
        r.history().forEach(m -> losses.add(m.loss()));
        return partitions;
    }

    private static List<Double> localLoop(TrainingConfig c) {
        NetworkSpec spec = c.shape().specFor(2, 2);
        LocalObjective objective = new LocalObjective(spec, DATA.toBlocks(c.engineSettings().blockSize()));
        var gd = new BacktrackingGradientDescent<NetworkEvaluation>(objective, NetworkProjections.forSpec(spec),
                c.lineSearch());
        List<Double> losses = new ArrayList<>();
        var start = gd.start(c.run().initialization().initialize(spec, c.run().seed()));
        losses.add(start.value().loss());
        gd.minimize(start, c.run().maxIter(), c.run().tol(), rec -> {
            losses.add(rec.loss());
            return true;
        });
        return losses;
    }

    @Test
    void onePartitionIsSpreadOverBothCoresAndGivesTheLocalLoopsLosses() {
        assertEquals(2, SparkTestSession.get().sparkContext().defaultParallelism(), "the tests' local[2]");
        List<Double> spread = new ArrayList<>();
        List<Integer> seen = fitObservingPartitions(config(true), spread);
        assertEquals(List.of(2), seen, "partitions holding blocks while training");
        List<Double> kept = new ArrayList<>();
        List<Integer> off = fitObservingPartitions(config(false), kept);
        assertEquals(List.of(1), off, "repartitionInput=false");
        // two partitions, one of them empty (as a filtered union leaves them): still spread
        Dataset<Row> one = SampleFrames.of(SparkTestSession.get(), DATA, 1);
        List<Double> unioned = new ArrayList<>();
        assertEquals(List.of(2), fitObservingPartitions(config(true), one.union(one.filter("label < 0")), unioned),
                "an empty partition does not count");

        List<Double> local = localLoop(config(true));
        assertEquals(11, local.size());
        assertEquals(local.size(), spread.size());
        for (int k = 0; k < local.size(); k++) {
            double rel = Math.abs(spread.get(k) - local.get(k)) / local.get(k);
            assertTrue(rel <= 1e-9, String.format(Locale.ROOT, "iteration %d: %.3e", k, rel));
            assertEquals(local.get(k), kept.get(k), 1e-9 * local.get(k));
            assertEquals(local.get(k), unioned.get(k), 1e-9 * local.get(k));
        }
        assertTrue(local.get(10) < local.get(0), "the run makes progress");
    }
}
