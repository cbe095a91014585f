package org.odenet.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.BacktrackingGradientDescent;
import org.odenet.optim.LineSearchParameters;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.optim.NetworkProjections;
import org.odenet.optim.OptimizationResult;

/** Algorithm 2 on a real network: it learns, keeps the simplex, and is deterministic. */
class NetworkTrainingTest {

    private static OptimizationResult<NetworkEvaluation> train(NetworkSpec spec, LabeledSamples data, int blockSize,
                                                               int iterations, List<double[]> thetas) {
        LocalObjective objective = new LocalObjective(spec, data.toBlocks(blockSize));
        var gd = new BacktrackingGradientDescent<>(objective, NetworkProjections.forSpec(spec), LineSearchParameters.DEFAULT);
        return gd.minimize(gd.start(Initialization.PAPER.initialize(spec, 5)), iterations, 0, r -> {
            thetas.add(r.state().theta());
            return true;
        });
    }

    @Test
    void simplexNetworkLearnsAndStaysFeasible() {
        LabeledSamples data = ToyDataSet.SPIRAL.generate(200, 1);
        NetworkSpec spec = NetworkSpec.binary(2, 10, ButcherTableau.IMPROVED_EULER, Architecture.ODENET_SIMPLEX);
        List<double[]> thetas = new ArrayList<>();
        var result = train(spec, data, 64, 300, thetas);
        double initialLoss = new LocalObjective(spec, data.toBlocks(64))
                .evaluate(Initialization.PAPER.initialize(spec, 5)).loss();
        assertTrue(result.state().value().loss() < 0.5 * initialLoss,
                "loss " + result.state().value().loss() + " vs initial " + initialLoss);
        int off = spec.layout().stepsOffset();
        for (double[] t : thetas) {
            double sum = 0;
            for (int j = 0; j < spec.layers(); j++) {
                assertTrue(t[off + j] >= 0);
                sum += t[off + j];
            }
            assertEquals(1.0, sum, 1e-12);
        }
    }

    @Test
    void sameSeedSameModelAndBlockingDoesNotMatter() {
        LabeledSamples data = ToyDataSet.DONUT2D.generate(150, 2);
        NetworkSpec spec = NetworkSpec.binary(2, 6, ButcherTableau.KUTTA4, Architecture.ODENET);
        var a = train(spec, data, 50, 40, new ArrayList<>());
        var b = train(spec, data, 50, 40, new ArrayList<>());
        assertArrayEquals(a.state().theta(), b.state().theta(), 0.0);
        var c = train(spec, data, 7, 40, new ArrayList<>());
        assertArrayEquals(a.state().theta(), c.state().theta(), 1e-10);
    }
}
