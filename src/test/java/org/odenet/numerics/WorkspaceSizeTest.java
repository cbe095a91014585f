package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The work arrays an evaluator would allocate, counted without allocating, equal what it does allocate. */
class WorkspaceSizeTest {

    @Test
    void countedDoublesEqualTheAllocatedOnesForEveryArchitectureStrideAndWidth() {
        int checked = 0;
        for (int stateWidth : new int[] {0, 2, 6}) {
            for (NetworkSpec base : TestNetworks.allSpecs(4, 7)) {
                NetworkSpec spec = base.withStateWidth(stateWidth);
                for (int stride : new int[] {1, 2, 3, 7, 10}) {
                    for (int capacity : new int[] {1, 13}) {
                        long allocated = new NetworkEvaluator(spec, capacity, new NetworkEvaluator.Options(true, stride))
                                .workspaceBytes();
                        long counted = 8 * (LayerSweep.workspaceDoubles(spec, capacity, stride)
                                + 2L * spec.outputs() * capacity);
                        assertEquals(allocated, counted, spec + ", stride " + stride + ", capacity " + capacity);
                        checked++;
                    }
                }
            }
        }
        assertEquals(true, checked > 100, "checked " + checked + " configurations");
    }

    @Test
    void estimatedBytesAddArrayOverheadsToTheDoubles() {
        NetworkSpec spec = new NetworkSpec(2, 5, 1.0, ButcherTableau.KUTTA4, Architecture.ODENET,
                Head.LOGISTIC_SQUARED_ERROR, 2);
        long doubles = new NetworkEvaluator(spec, 10).workspaceBytes();
        long estimate = NetworkEvaluator.workspaceBytes(spec, 10, NetworkEvaluator.Options.DEFAULT);
        // arrays: 5 states, 5 × (stage inputs + outputs), scratch M, 2 adjoints, scratch G, logits and their
        // gradient (21); table slots: 6 states, 2 × 5 stage sets, 1 window (17): 38 of 24 bytes
        assertEquals(doubles + 38 * 24, estimate);
    }

    @Test
    void aMillionLayersAreCountedWithoutAllocating() {
        NetworkSpec spec = new NetworkSpec(2, 1_000_000, 1.0, ButcherTableau.KUTTA4, Architecture.RESNET,
                Head.LOGISTIC_SQUARED_ERROR, 2);
        // per layer: a state of 2×40 and stages 3×80 + 4×80 doubles
        long perLayer = 8 * (80 + 7 * 80);
        long bytes = NetworkEvaluator.workspaceBytes(spec, 40, NetworkEvaluator.Options.DEFAULT);
        assertEquals(true, bytes > 1_000_000 * perLayer && bytes < 1_000_000 * (perLayer + 200), "bytes " + bytes);
    }

    @Test
    void aThetaBeyondOneArrayIsRefusedNamingLayersAndStateWidth() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(2, 5000, 100, 1.0, ButcherTableau.EULER, Architecture.RESNET,
                        Head.LOGISTIC_SQUARED_ERROR, 2));
        assertEquals("too many parameters (2500505101) for stateWidth = 5000, features = 2 and layers = 100: θ is one "
                + "Java array of at most 2147483639 values; lower layers or stateWidth", e.getMessage());
    }
}
