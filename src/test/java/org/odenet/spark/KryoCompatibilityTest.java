package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.Block;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.TestNetworks;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.training.BlockAggregator;
import org.odenet.training.PassKind;
import scala.reflect.ClassTag$;

/**
 * Everything training ships through Spark's serializer — blocks (cached, spilled), aggregators (task
 * results, shuffles) — survives the Kryo serializer many Spark users configure, not only Java serialization.
 */
class KryoCompatibilityTest {

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(SerializerInstance kryo, T value) {
        ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.apply(Object.class));
        return (T) kryo.deserialize(bytes, ClassTag$.MODULE$.apply(Object.class));
    }

    @Test
    void blocksSpecsAndAggregatorsRoundTripThroughKryo() {
        SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
        NetworkSpec spec = new NetworkSpec(3, 4, 4, 1.0, TestNetworks.ZERO_WEIGHT, Architecture.ODENET_SIMPLEX,
                Head.SOFTMAX_CROSS_ENTROPY, 3);
        assertEquals(spec, roundTrip(kryo, spec));
        Block block = TestNetworks.randomBlock(3, 5, 3, 1);
        Block back = roundTrip(kryo, block);
        assertArrayEquals(block.values(), back.values(), 0.0);
        assertEquals(block.weightSum(), back.weightSum());

        double[] theta = TestNetworks.randomTheta(spec, 2);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        Broadcast<double[]> broadcast = jsc.broadcast(theta);
        try {
            NetworkEvaluator.Options options = new NetworkEvaluator.Options(true, 2);
            // as in a Spark task: the thread's cached evaluator, the gradient summed into the thread's buffer
            BlockAggregator aggregator = new BlockAggregator(spec, 5, options, new BroadcastTheta(broadcast),
                    PassKind.GRADIENT).withThreadGradientBuffer().add(block);
            // the reference sums into an array of its own: it cannot rewrite the shipped aggregator's sums
            NetworkEvaluation direct = new BlockAggregator(new NetworkEvaluator(spec, 5, options), theta,
                    PassKind.GRADIENT).add(block).result();
            NetworkEvaluation shipped = ((BlockAggregator) roundTrip(kryo, aggregator)).result();
            assertTrue(direct.loss() > 0 && Arrays.stream(direct.gradient()).anyMatch(g -> g != 0), "a real sum");
            assertEquals(direct.loss(), shipped.loss(), 0.0);
            assertArrayEquals(direct.gradient(), shipped.gradient(), 0.0);
        } finally {
            broadcast.destroy();
        }
        assertEquals(ButcherTableau.KUTTA4, roundTrip(kryo, ButcherTableau.KUTTA4));
    }
}
