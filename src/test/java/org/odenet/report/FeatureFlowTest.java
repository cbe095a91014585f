package org.odenet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkSpec;
import org.odenet.numerics.TestNetworks;

/** The report's forward pass uses the evaluator's head: the same logits, bit for bit. */
class FeatureFlowTest {

    @Test
    void theHeadOnTheFinalStatesGivesExactlyTheNetworksProbabilities() {
        List<NetworkSpec> specs = List.of(
                NetworkSpec.binary(2, 4, ButcherTableau.KUTTA3, Architecture.ODENET),
                new NetworkSpec(2, 5, 4, 1.0, ButcherTableau.EULER, Architecture.RESNET,
                        Head.LOGISTIC_CROSS_ENTROPY, 2),
                new NetworkSpec(3, 3, 1.0, ButcherTableau.IMPROVED_EULER, Architecture.NET,
                        Head.SOFTMAX_CROSS_ENTROPY, 3),
                // wide enough for the evaluator to use BLAS
                new NetworkSpec(20, 3, 1.0, ButcherTableau.KUTTA4, Architecture.ODENET_SIMPLEX,
                        Head.SOFTMAX_CROSS_ENTROPY, 4));
        for (NetworkSpec spec : specs) {
            double[] theta = TestNetworks.randomTheta(spec, 7);
            double[] x = inputs(spec.inputWidth(), 57);
            double[] whole = FeatureFlow.classOneProbability(spec, theta, x);
            double[] split = FeatureFlow.classifierProbability(spec, theta, FeatureFlow.finalState(spec, theta, x));
            assertArrayEquals(whole, split, 0.0, spec.toString());
        }
    }

    private static double[] inputs(int width, int m) {
        Random random = new Random(width);
        double[] x = new double[width * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }
}
