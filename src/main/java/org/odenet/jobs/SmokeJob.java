package org.odenet.jobs;

import java.util.List;
import java.util.Locale;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.Block;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.BacktrackingGradientDescent;
import org.odenet.optim.LineSearchParameters;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.optim.NetworkObjective;
import org.odenet.optim.NetworkProjections;
import org.odenet.optim.OptimizationResult;

/**
 * A quick in-process training run: ResNet (forward Euler, 20 layers) on the paper's spiral data with the
 * paper's protocol, printing the loss curve and the final train and test accuracy.
 */
public final class SmokeJob {
    private SmokeJob() {
    }

    public static void main(String[] args) {
        int iterations = 2000;
        long seed = 42;
        ToyDataSet data = ToyDataSet.SPIRAL;
        LabeledSamples train = data.generate(data.paperSize(), seed);
        LabeledSamples test = data.generate(data.paperSize(), ToyDataSet.testSeed(seed));
        NetworkSpec spec = NetworkSpec.binary(2, 20, ButcherTableau.EULER, Architecture.RESNET);
        List<Block> trainBlocks = train.toBlocks(1024);
        NetworkObjective objective = new NetworkObjective(spec, trainBlocks);
        NetworkObjective testObjective = new NetworkObjective(spec, test.toBlocks(1024));
        var optimizer = new BacktrackingGradientDescent<>(objective, NetworkProjections.forSpec(spec),
                LineSearchParameters.DEFAULT);
        System.out.printf(Locale.ROOT, "%s on %s: %d train / %d test samples, %d iterations%n", spec,
                data.configName(), train.size(), test.size(), iterations);
        System.out.println("iteration        loss   accuracy          L");
        long start = System.nanoTime();
        OptimizationResult<NetworkEvaluation> result = optimizer.minimize(
                optimizer.start(Initialization.PAPER.initialize(spec, seed)), iterations, 0, record -> {
                    if (record.iteration() % 200 == 0 || record.iteration() == 1) {
                        System.out.printf(Locale.ROOT, "%9d  %.4e  %9.4f  %9.3e%n", record.iteration(), record.loss(),
                                record.state().value().accuracy(), record.state().lipschitz());
                    }
                    return true;
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        NetworkEvaluation testEval = testObjective.evaluate(result.state().theta(), false);
        System.out.printf(Locale.ROOT, "stopped: %s (%s) after %.1f s%n", result.stopReason(), result.message(), seconds);
        System.out.printf(Locale.ROOT, "train loss %.4e accuracy %.4f | test loss %.4e accuracy %.4f%n",
                result.state().value().loss(), result.state().value().accuracy(), testEval.loss(), testEval.accuracy());
    }
}
