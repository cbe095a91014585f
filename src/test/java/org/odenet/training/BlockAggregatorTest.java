package org.odenet.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.Block;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.NonFiniteStateException;
import org.odenet.numerics.TestNetworks;
import org.odenet.optim.NetworkEvaluation;

/** The merge algebra of {@link BlockAggregator}: order-free, with the empty aggregator as identity, checked. */
class BlockAggregatorTest {
    private static final NetworkSpec SPEC = new NetworkSpec(3, 4, 4, 1.0, ButcherTableau.KUTTA4, Architecture.ODENET,
            Head.SOFTMAX_CROSS_ENTROPY, 3);
    private static final double[] THETA = TestNetworks.randomTheta(SPEC, 11);
    /** Five partial sums of one or two blocks of different sizes, so that they differ in magnitude. */
    private static final List<List<Block>> PARTS = List.of(
            List.of(TestNetworks.randomBlock(3, 7, 3, 1)),
            List.of(TestNetworks.randomBlock(3, 16, 3, 2), TestNetworks.randomBlock(3, 3, 3, 3)),
            List.of(TestNetworks.randomBlock(3, 1, 3, 4)),
            List.of(TestNetworks.randomBlock(3, 12, 3, 5), TestNetworks.randomBlock(3, 9, 3, 6)),
            List.of(TestNetworks.randomBlock(3, 5, 3, 7)));
    private static final NetworkEvaluator EVALUATOR = new NetworkEvaluator(SPEC, 16);

    private static BlockAggregator empty(PassKind kind) {
        return new BlockAggregator(EVALUATOR, THETA, kind);
    }

    private static BlockAggregator part(int i, PassKind kind) {
        BlockAggregator a = empty(kind);
        PARTS.get(i).forEach(a::add);
        return a;
    }

    /** Every left fold over every order of the parts, plus three other tree shapes. */
    private static List<BlockAggregator> everyMergeOrder(IntFunction<BlockAggregator> part) {
        List<BlockAggregator> totals = new ArrayList<>();
        for (List<Integer> order : permutations(List.of(0, 1, 2, 3, 4))) {
            BlockAggregator total = part.apply(order.get(0));
            for (int i = 1; i < order.size(); i++) {
                total.merge(part.apply(order.get(i)));
            }
            totals.add(total);
        }
        totals.add(part.apply(0).merge(part.apply(1).merge(part.apply(2).merge(part.apply(3).merge(part.apply(4))))));
        totals.add(part.apply(4).merge(part.apply(1)).merge(part.apply(3).merge(part.apply(0))).merge(part.apply(2)));
        totals.add(part.apply(2).merge(part.apply(0).merge(part.apply(4)).merge(part.apply(3).merge(part.apply(1)))));
        return totals;
    }

    private static List<List<Integer>> permutations(List<Integer> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<Integer> rest = new ArrayList<>(items);
            Integer first = rest.remove(i);
            for (List<Integer> p : permutations(rest)) {
                List<Integer> q = new ArrayList<>();
                q.add(first);
                q.addAll(p);
                out.add(q);
            }
        }
        return out;
    }

    private static void assertBitwiseEqual(NetworkEvaluation expected, NetworkEvaluation actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected.loss()), Double.doubleToRawLongBits(actual.loss()),
                what + ": loss " + expected.loss() + " vs " + actual.loss());
        assertEquals(Double.doubleToRawLongBits(expected.accuracy()), Double.doubleToRawLongBits(actual.accuracy()),
                what + ": accuracy");
        assertEquals(Double.doubleToRawLongBits(expected.weightSum()), Double.doubleToRawLongBits(actual.weightSum()),
                what + ": weight sum");
        assertBitwiseEqual(expected.gradient(), actual.gradient(), what + ": gradient");
    }

    private static void assertBitwiseEqual(double[] expected, double[] actual, String what) {
        if (expected == null || actual == null) {
            assertTrue(expected == actual, what + ": one is null");
            return;
        }
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void everyMergeOrderAndTreeShapeGivesTheSameSumsBitForBit() {
        for (PassKind kind : PassKind.values()) {
            List<BlockAggregator> totals = everyMergeOrder(i -> part(i, kind));
            assertEquals(123, totals.size());
            BlockAggregator first = totals.get(0);
            for (BlockAggregator total : totals) {
                assertBitwiseEqual(first.result(), total.result(), kind.toString());
                assertBitwiseEqual(first.stateNormSquares(), total.stateNormSquares(), kind + ": state norms");
            }
        }
    }

    @Test
    void mergedPartsAgreeWithOneAggregatorOverAllBlocksToRounding() {
        BlockAggregator all = empty(PassKind.GRADIENT);
        PARTS.forEach(blocks -> blocks.forEach(all::add));
        NetworkEvaluation sequential = all.result();
        NetworkEvaluation merged = everyMergeOrder(i -> part(i, PassKind.GRADIENT)).get(0).result();
        assertEquals(sequential.loss(), merged.loss(), 1e-14 * sequential.loss());
        assertEquals(sequential.accuracy(), merged.accuracy(), 1e-14);
        double scale = 0;
        for (double g : sequential.gradient()) {
            scale = Math.max(scale, Math.abs(g));
        }
        for (int i = 0; i < sequential.gradient().length; i++) {
            assertEquals(sequential.gradient()[i], merged.gradient()[i], 1e-13 * scale, "gradient[" + i + "]");
        }
    }

    @Test
    void theEmptyAggregatorIsTheIdentityOnEitherSide() {
        for (PassKind kind : PassKind.values()) {
            NetworkEvaluation alone = part(1, kind).result();
            double[] norms = part(1, kind).stateNormSquares();
            BlockAggregator right = part(1, kind).merge(empty(kind));
            BlockAggregator left = empty(kind).merge(part(1, kind));
            BlockAggregator merged = part(1, kind).merge(part(3, kind));
            NetworkEvaluation mergedAlone = part(1, kind).merge(part(3, kind)).result();
            for (BlockAggregator a : List.of(right, left)) {
                assertBitwiseEqual(alone, a.result(), kind + ": with empty");
                assertBitwiseEqual(norms, a.stateNormSquares(), kind + ": state norms with empty");
            }
            assertBitwiseEqual(mergedAlone, merged.merge(empty(kind)).result(), kind + ": merged, with empty");
            assertBitwiseEqual(mergedAlone, empty(kind).merge(part(1, kind).merge(part(3, kind))).result(),
                    kind + ": empty with merged");
        }
    }

    @Test
    void thePlainMergeOfTwoPartialSumsIsCommutativeAndEqualsTheExactOne() {
        NetworkEvaluation exact = part(0, PassKind.GRADIENT).merge(part(3, PassKind.GRADIENT)).result();
        NetworkEvaluation plain = part(0, PassKind.GRADIENT).withPlainMerge().merge(part(3, PassKind.GRADIENT))
                .result();
        NetworkEvaluation swapped = part(3, PassKind.GRADIENT).withPlainMerge().merge(part(0, PassKind.GRADIENT))
                .result();
        assertBitwiseEqual(exact, plain, "plain vs exact");
        assertBitwiseEqual(plain, swapped, "plain, swapped");
    }

    @Test
    void theHandedOverResultEqualsTheCopiedOne() {
        for (int parts = 1; parts <= 3; parts++) {
            BlockAggregator a = part(0, PassKind.GRADIENT);
            BlockAggregator b = part(0, PassKind.GRADIENT);
            for (int i = 1; i < parts; i++) {
                a.merge(part(i, PassKind.GRADIENT));
                b.merge(part(i, PassKind.GRADIENT));
            }
            NetworkEvaluation copied = a.result();
            assertBitwiseEqual(copied, a.result(), "the copy leaves the sums usable");
            assertBitwiseEqual(copied, b.handOverResult(), parts + " parts handed over");
        }
    }

    @Test
    void aggregatorsOfDifferentQuantitiesOrNetworksDoNotMerge() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> empty(PassKind.GRADIENT).merge(empty(PassKind.FORWARD)));
        assertTrue(e.getMessage().contains("withGradient=true") && e.getMessage().contains("withGradient=false"),
                e.getMessage());
        IllegalArgumentException norms = assertThrows(IllegalArgumentException.class,
                () -> part(0, PassKind.FORWARD).merge(part(0, PassKind.STATE_NORMS)));
        assertTrue(norms.getMessage().contains("normLayers=0") && norms.getMessage().contains("normLayers=5"),
                norms.getMessage());
        NetworkSpec deeper = new NetworkSpec(3, 4, 6, 1.0, ButcherTableau.KUTTA4, Architecture.ODENET,
                Head.SOFTMAX_CROSS_ENTROPY, 3);
        BlockAggregator other = new BlockAggregator(new NetworkEvaluator(deeper, 4),
                TestNetworks.randomTheta(deeper, 1), PassKind.GRADIENT);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> empty(PassKind.GRADIENT).merge(other));
        assertTrue(size.getMessage().contains(SPEC.layout().size() + " parameters")
                && size.getMessage().contains(deeper.layout().size() + " parameters"), size.getMessage());
    }

    @Test
    void aNonFiniteStateInOneBlockSurvivesEveryMergeAndFailsTheResult() {
        double[] bad = THETA.clone();
        bad[SPEC.layout().betaOffset(1)] = Double.NaN;
        NonFiniteStateException direct = assertThrows(NonFiniteStateException.class,
                () -> EVALUATOR.evaluate(bad, PARTS.get(2).get(0), null));
        for (PassKind kind : PassKind.values()) {
            IntFunction<BlockAggregator> part = i -> {
                BlockAggregator a = new BlockAggregator(EVALUATOR, i == 2 ? bad : THETA, kind);
                PARTS.get(i).forEach(a::add);
                return a;
            };
            for (BlockAggregator total : everyMergeOrder(part)) {
                NonFiniteStateException e = assertThrows(NonFiniteStateException.class, total::result);
                assertEquals(direct.getMessage(), e.getMessage());
                assertEquals(direct.layer(), e.layer());
                assertEquals(direct.stage(), e.stage());
                assertThrows(NonFiniteStateException.class, total::stateNormSquares);
            }
        }
    }

    @Test
    void afterAFailureLaterBlocksAreNotEvaluated() {
        double[] theta = THETA.clone();
        BlockAggregator a = new BlockAggregator(EVALUATOR, theta, PassKind.GRADIENT);
        theta[SPEC.layout().betaOffset(1)] = Double.NaN;
        a.add(PARTS.get(0).get(0));
        Block tooLarge = TestNetworks.randomBlock(3, 17, 3, 8);
        a.add(tooLarge); // skipped: it would otherwise be refused for exceeding the evaluator's capacity
        assertThrows(NonFiniteStateException.class, a::result);
        assertThrows(IllegalArgumentException.class, () -> empty(PassKind.GRADIENT).add(tooLarge));
    }
}
