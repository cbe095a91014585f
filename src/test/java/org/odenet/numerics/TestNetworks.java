package org.odenet.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random problems for the numerical tests. */
public final class TestNetworks {
    private TestNetworks() {
    }

    /** A user tableau with a zero weight (b₂ = 0): the explicit midpoint rule written with three stages. */
    public static final ButcherTableau ZERO_WEIGHT = new ButcherTableau("midpoint_with_zero_weight",
            new double[][] {{0, 0, 0}, {0.5, 0, 0}, {0.25, 0.25, 0}}, new double[] {0.5, 0, 0.5},
            new double[] {0, 0.5, 0.5});

    /** The four built-in tableaux and {@link #ZERO_WEIGHT}. */
    public static List<ButcherTableau> tableaux() {
        return List.of(ButcherTableau.EULER, ButcherTableau.IMPROVED_EULER, ButcherTableau.KUTTA3,
                ButcherTableau.KUTTA4, ZERO_WEIGHT);
    }

    /** A block of m samples with features ~ N(0, 1), random labels below numClasses and weights in [0.5, 1.5). */
    public static Block randomBlock(int features, int m, int numClasses, long seed) {
        Random r = new Random(seed);
        double[] x = new double[features * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        int[] labels = new int[m];
        double[] weights = new double[m];
        for (int c = 0; c < m; c++) {
            labels[c] = c < numClasses ? c : r.nextInt(numClasses);
            weights[c] = 0.5 + r.nextDouble();
        }
        return new Block(features, x, labels, weights);
    }

    /**
     * Controls in a regime where every coordinate matters: K, β, W, μ ~ N(0, 0.6²) and steps
     * spread around T/N (negative ones too for ODENet, a zero one for the simplex variant).
     */
    public static double[] randomTheta(NetworkSpec spec, long seed) {
        Random r = new Random(seed);
        double[] theta = new double[spec.layout().size()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.6 * r.nextGaussian();
        }
        ParameterLayout layout = spec.layout();
        if (layout.hasSteps()) {
            for (int j = 0; j < spec.layers(); j++) {
                theta[layout.stepOffset(j)] = spec.uniformStep() * (0.5 + r.nextDouble());
            }
            if (spec.architecture() == Architecture.ODENET && spec.layers() > 1) {
                theta[layout.stepOffset(1)] = -0.3 * spec.uniformStep();
            }
            if (spec.architecture() == Architecture.ODENET_SIMPLEX) {
                theta[layout.stepOffset(0)] = 0;
            }
        }
        return theta;
    }

    /** Every (architecture, tableau, head) combination; NET appears once per head as it ignores the tableau. */
    public static List<NetworkSpec> allSpecs(int features, int layers) {
        List<NetworkSpec> specs = new ArrayList<>();
        for (Head head : Head.values()) {
            int classes = head == Head.SOFTMAX_CROSS_ENTROPY ? 3 : 2;
            specs.add(new NetworkSpec(features, layers, 1.0, ButcherTableau.EULER, Architecture.NET, head, classes));
            for (Architecture a : List.of(Architecture.RESNET, Architecture.ODENET, Architecture.ODENET_SIMPLEX)) {
                for (ButcherTableau t : tableaux()) {
                    specs.add(new NetworkSpec(features, layers, 1.0, t, a, head, classes));
                }
            }
        }
        return specs;
    }

    /** Σ w ℓ of the block at θ. */
    public static double lossSum(NetworkEvaluator evaluator, double[] theta, Block block) {
        return evaluator.evaluate(theta, block, null).lossSum();
    }
}
