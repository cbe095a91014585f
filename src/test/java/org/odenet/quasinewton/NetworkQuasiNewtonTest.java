package org.odenet.quasinewton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import breeze.linalg.DenseVector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.odenet.data.LabeledSamples;
import org.odenet.data.ToyDataSet;
import org.odenet.numerics.Architecture;
import org.odenet.numerics.Initialization;
import org.odenet.numerics.NetworkShape;
import org.odenet.numerics.NetworkSpec;
import org.odenet.optim.NetworkEvaluation;
import org.odenet.optim.NetworkProjections;
import org.odenet.optim.OptimizationResult;
import org.odenet.training.EngineObjective;
import org.odenet.training.LocalObjective;
import org.odenet.training.Regularization;
import org.odenet.training.RegularizationTerms;
import org.odenet.training.RegularizedObjective;
import scala.Tuple2;

/** The quasi-Newton solvers on a real network objective (the in-process engine, tiny data). */
class NetworkQuasiNewtonTest {
    private static final LabeledSamples DATA = ToyDataSet.DONUT2D.generate(120, 11);

    private static NetworkSpec spec(Architecture a) {
        return NetworkShape.DEFAULT.withLayers(4).withArchitecture(a).specFor(2, 2);
    }

    private static EngineObjective objective(NetworkSpec spec, Regularization r) {
        return RegularizedObjective.wrap(new LocalObjective(spec, DATA.toBlocks(32)), r, spec);
    }

    @Test
    void everyAcceptedIterateOfOdenetSimplexHasItsStepsOnTheSimplex() {
        NetworkSpec spec = spec(Architecture.ODENET_SIMPLEX);
        var qn = new BreezeQuasiNewton<>(objective(spec, Regularization.DEFAULT), NetworkProjections.forSpec(spec), null);
        assertEquals(BreezeQuasiNewton.Method.PROJECTED_QUASI_NEWTON, qn.method());
        List<double[]> iterates = new ArrayList<>();
        var start = qn.start(Initialization.PAPER.initialize(spec, 3));
        OptimizationResult<NetworkEvaluation> r = qn.minimize(start, 25, 0, rec -> iterates.add(rec.state().theta()));
        assertTrue(iterates.size() >= 10, r.stopReason() + ": " + r.message());
        assertTrue(r.state().value().loss() < start.value().loss(), "progress");
        int off = spec.layout().stepsOffset();
        boolean someStepMoved = false;
        for (double[] t : iterates) {
            double sum = 0;
            for (int j = 0; j < spec.layers(); j++) {
                assertTrue(t[off + j] >= 0, "step " + j + " is " + t[off + j]);
                sum += t[off + j];
                someStepMoved |= Math.abs(t[off + j] - spec.finalTime() / spec.layers()) > 1e-6;
            }
            assertEquals(spec.finalTime(), sum, 1e-12);
        }
        assertTrue(someStepMoved, "the steps are trained, not frozen");
    }

    @Test
    void owlqnZeroesPenalisedWeightsExactlyAndNeverTheUnpenalisedCoordinates() {
        NetworkSpec spec = spec(Architecture.ODENET);
        Regularization l1 = new Regularization(0.02, 1.0, 0);
        EngineObjective objective = objective(spec, l1);
        RegularizationTerms terms = ((RegularizedObjective) objective).terms();
        var qn = new BreezeQuasiNewton<>(objective, NetworkProjections.forSpec(spec), terms::l1Weight);
        assertEquals(BreezeQuasiNewton.Method.OWLQN, qn.method());
        var start = qn.start(Initialization.SCALED.initialize(spec, 5));
        double[] theta = qn.minimize(start, 60, 0, null).state().theta();
        int zeroWeights = 0;
        int weights = 0;
        for (int i = 0; i < theta.length; i++) {
            if (terms.isWeight(i)) {
                weights++;
                zeroWeights += theta[i] == 0.0 ? 1 : 0;
            } else {
                assertEquals(0, terms.l1Weight(i));
                assertTrue(theta[i] != 0.0, "unpenalised coordinate " + i + " (a bias, step or mu) set to 0");
            }
        }
        assertTrue(zeroWeights > weights / 4, zeroWeights + " of " + weights + " weights exactly 0");
        // without the L1 part (same smooth problem), L-BFGS leaves no weight at exactly 0
        var plain = new BreezeQuasiNewton<>(objective(spec, Regularization.DEFAULT), NetworkProjections.forSpec(spec), null);
        double[] dense = plain.minimize(plain.start(Initialization.SCALED.initialize(spec, 5)), 60, 0, null).state().theta();
        for (double v : dense) {
            assertTrue(v != 0.0);
        }
    }

    @Test
    void theFunctionBreezeSeesIsTheRegularisedSmoothLossWithItsGradient() {
        NetworkSpec spec = spec(Architecture.ODENET);
        Regularization r = new Regularization(0.05, 0.3, 0.2);
        EngineObjective objective = objective(spec, r);
        var qn = new BreezeQuasiNewton<>(objective, null, ((RegularizedObjective) objective).terms()::l1Weight);
        var f = qn.function();
        double[] theta = Initialization.SCALED.initialize(spec, 9);
        Tuple2<Object, DenseVector<Object>> at = f.calculate(BreezeQuasiNewton.vector(theta.clone()));
        NetworkEvaluation e = objective.evaluate(theta);
        assertEquals(e.smoothLoss(), (Double) at._1(), 0.0, "J + R_smooth, the L1 part left to OWL-QN");
        assertTrue(e.loss() > e.smoothLoss(), "the L1 part is in the reported loss");
        double[] g = BreezeQuasiNewton.toArray(at._2());
        double h = 1e-6;
        int checked = 0;
        for (int i = 0; i < theta.length; i += Math.max(1, theta.length / 25)) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = ((Double) f.calculate(BreezeQuasiNewton.vector(plus))._1()
                    - (Double) f.calculate(BreezeQuasiNewton.vector(minus))._1()) / (2 * h);
            assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), "coordinate " + i);
            checked++;
        }
        assertTrue(checked >= 20);
        long before = qn.evaluations();
        f.calculate(BreezeQuasiNewton.vector(theta.clone()));
        assertEquals(before + 1, qn.evaluations(), "a point is evaluated once while it is among the last few");
        f.calculate(BreezeQuasiNewton.vector(theta.clone()));
        assertEquals(before + 1, qn.evaluations(), "a repeated point comes from the cache");
    }
}
