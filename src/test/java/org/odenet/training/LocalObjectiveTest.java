package org.odenet.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.Block;
import org.odenet.numerics.BlockLoss;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.NonFiniteStateException;
import org.odenet.numerics.TestNetworks;
import org.odenet.optim.NetworkEvaluation;

/** The engine over blocks in memory: one thread is the plain loop, more threads agree with it to rounding. */
class LocalObjectiveTest {
    private static final NetworkSpec SPEC = NetworkSpec.binary(2, 6, ButcherTableau.KUTTA4, Architecture.ODENET);
    private static final List<Block> BLOCKS = ToyDataSet.DONUT2D.generate(300, 7).toBlocks(32);
    private static final double[] THETA = TestNetworks.randomTheta(SPEC, 3);

    /** The local loop: one block after another, plain sums, one evaluator. */
    private static NetworkEvaluation plainLoop(double[] theta, boolean withGradient) {
        NetworkEvaluator evaluator = new NetworkEvaluator(SPEC, 32);
        double[] gradient = withGradient ? new double[SPEC.layout().size()] : null;
        double loss = 0;
        double weight = 0;
        double correct = 0;
        for (Block block : BLOCKS) {
            BlockLoss b = evaluator.evaluate(theta, block, gradient);
            loss += b.lossSum();
            weight += b.weightSum();
            correct += b.correctWeight();
        }
        return NetworkEvaluation.fromSums(loss, gradient, correct, weight);
    }

    private static double[] plainStateNormSquares(double[] theta) {
        NetworkEvaluator evaluator = new NetworkEvaluator(SPEC, 32);
        double[] norms = new double[SPEC.layers() + 1];
        for (Block block : BLOCKS) {
            evaluator.evaluate(theta, block, null, norms);
        }
        return norms;
    }

    private static void assertBitwiseEqual(NetworkEvaluation expected, NetworkEvaluation actual) {
        assertEquals(Double.doubleToRawLongBits(expected.loss()), Double.doubleToRawLongBits(actual.loss()));
        assertEquals(Double.doubleToRawLongBits(expected.accuracy()), Double.doubleToRawLongBits(actual.accuracy()));
        assertEquals(Double.doubleToRawLongBits(expected.weightSum()), Double.doubleToRawLongBits(actual.weightSum()));
        assertBitwiseEqual(expected.gradient(), actual.gradient());
    }

    private static void assertBitwiseEqual(double[] expected, double[] actual) {
        if (expected == null) {
            assertEquals(null, actual);
            return;
        }
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "[" + i + "]");
        }
    }

    @Test
    void oneThreadIsThePlainLoopBitForBit() {
        try (LocalObjective objective = new LocalObjective(SPEC, BLOCKS)) {
            assertEquals(1, objective.threads());
            assertBitwiseEqual(plainLoop(THETA, true), objective.evaluate(THETA));
            assertBitwiseEqual(plainLoop(THETA, false), objective.forward(THETA, "forward"));
            assertBitwiseEqual(plainStateNormSquares(THETA), objective.stateNormSquares(THETA, "norms"));
            assertEquals(3, objective.passes());
        }
        try (LocalObjective objective = new LocalObjective(SPEC, BLOCKS, 32, 1, new NetworkEvaluator.Options(true, 3))) {
            assertBitwiseEqual(plainLoop(THETA, true), objective.evaluate(THETA));
        }
    }

    @Test
    void moreThreadsAgreeWithOneToRoundingAndWithThemselvesBitForBit() {
        NetworkEvaluation single = plainLoop(THETA, true);
        double[] singleNorms = plainStateNormSquares(THETA);
        double scale = 0;
        for (double g : single.gradient()) {
            scale = Math.max(scale, Math.abs(g));
        }
        for (int threads = 1; threads <= 4; threads++) {
            try (LocalObjective objective = new LocalObjective(SPEC, BLOCKS, 32, threads,
                    NetworkEvaluator.Options.DEFAULT)) {
                assertEquals(threads, objective.threads());
                NetworkEvaluation e = objective.evaluate(THETA);
                assertEquals(single.loss(), e.loss(), 1e-12 * single.loss(), threads + " threads");
                assertEquals(single.accuracy(), e.accuracy(), 1e-12, threads + " threads");
                assertEquals(single.weightSum(), e.weightSum(), 0.0, threads + " threads");
                assertArrayEquals(single.gradient(), e.gradient(), 1e-12 * scale, threads + " threads");
                assertBitwiseEqual(e, objective.evaluate(THETA));
                NetworkEvaluation f = objective.forward(THETA, "forward");
                assertEquals(single.loss(), f.loss(), 1e-12 * single.loss(), threads + " threads, forward");
                assertEquals(null, f.gradient());
                double[] norms = objective.stateNormSquares(THETA, "norms");
                for (int j = 0; j < norms.length; j++) {
                    assertEquals(singleNorms[j], norms[j], 1e-12 * singleNorms[j], threads + " threads, layer " + j);
                }
                assertEquals(4, objective.passes());
            }
        }
    }

    @Test
    void aNonFiniteStateInAnyShareFailsThePass() {
        // with positive output weights, features near the largest double overflow the logits, other data do not
        double[] theta = THETA.clone();
        Arrays.fill(theta, SPEC.layout().wOffset(), SPEC.layout().wOffset() + SPEC.stateWidth(), 1.0);
        Block overflowing = new Block(2, new double[] {1e308, 1e308, 1e308, 1e308}, new int[] {0, 1}, null);
        for (int position : new int[] {0, BLOCKS.size() / 2, BLOCKS.size()}) {
            List<Block> blocks = new ArrayList<>(BLOCKS);
            blocks.add(position, overflowing);
            for (int threads = 1; threads <= 3; threads++) {
                try (LocalObjective objective = new LocalObjective(SPEC, blocks, 32, threads,
                        NetworkEvaluator.Options.DEFAULT)) {
                    assertThrows(NonFiniteStateException.class, () -> objective.evaluate(theta),
                            "block " + position + ", " + threads + " threads");
                    assertThrows(NonFiniteStateException.class, () -> objective.forward(theta, "forward"));
                    assertThrows(NonFiniteStateException.class, () -> objective.stateNormSquares(theta, "norms"));
                }
            }
        }
        try (LocalObjective objective = new LocalObjective(SPEC, BLOCKS)) {
            assertTrue(Double.isFinite(objective.evaluate(theta).loss()), "the other blocks are fine");
        }
    }

    @Test
    void threadsAreBoundedByTheBlocksAndValidated() {
        try (LocalObjective objective = new LocalObjective(SPEC, BLOCKS.subList(0, 2), 32, 8,
                NetworkEvaluator.Options.DEFAULT)) {
            assertEquals(2, objective.threads());
        }
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new LocalObjective(SPEC, BLOCKS, 32, 0, NetworkEvaluator.Options.DEFAULT));
        assertTrue(zero.getMessage().contains("threads") && zero.getMessage().contains("0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LocalObjective(SPEC, List.of()));
    }
}
