package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.ButcherTableau;
import org.odenet.numerics.Head;
import org.odenet.numerics.NetworkSpec;

/** Small models built from raw controls (no training), one per seed, all different; for persistence tests. */
final class TinyModels {
    /** A few points to compare predictions on. */
    static final Vector[] POINTS = {Vectors.dense(0.3, -0.7), Vectors.dense(-1.2, 0.4), Vectors.dense(2.0, 1.5)};

    private TinyModels() {
    }

    /** An ODENet with Kutta3, 3 layers, 2 features, 2 classes, θ drawn from {@code seed}. */
    static OdeNetClassificationModel of(int seed) {
        NetworkSpec spec = new NetworkSpec(2, 3, 1.0, ButcherTableau.KUTTA3, Architecture.ODENET,
                Head.LOGISTIC_SQUARED_ERROR, 2);
        double[] theta = new double[spec.layout().size()];
        Random random = new Random(seed);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.5 * random.nextGaussian();
        }
        return new OdeNetClassificationModel("odenet_tiny_" + seed, spec, theta, null);
    }

    /** The seed of the model {@code model} is (its θ equals {@link #of}'s exactly), or -1. */
    static int seedOf(OdeNetClassificationModel model, int maxSeed) {
        for (int seed = 0; seed <= maxSeed; seed++) {
            if (java.util.Arrays.equals(of(seed).parameters(), model.parameters())) {
                return seed;
            }
        }
        return -1;
    }

    /** Asserts that {@code model} predicts bit for bit what the model of {@code seed} predicts. */
    static void assertPredictsAs(int seed, OdeNetClassificationModel model) {
        OdeNetClassificationModel expected = of(seed);
        for (Vector x : POINTS) {
            assertArrayEquals(expected.predictRaw(x).toArray(), model.predictRaw(x).toArray(), 0.0, x.toString());
        }
    }
}
