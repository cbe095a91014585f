package org.odenet.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeadTest {

    @Test
    void extremeLogitsStayFinite() {
        double[] grad = new double[3];
        for (double z : new double[] {-800, 800}) {
            for (Head h : new Head[] {Head.LOGISTIC_SQUARED_ERROR, Head.LOGISTIC_CROSS_ENTROPY}) {
                for (int label = 0; label < 2; label++) {
                    double l = h.lossAndGradient(new double[] {z}, 0, 1, label, grad, 0);
                    assertTrue(Double.isFinite(l) && Double.isFinite(grad[0]), h + " z=" + z + " label " + label);
                }
            }
            double l = Head.SOFTMAX_CROSS_ENTROPY.lossAndGradient(new double[] {z, 0, -z}, 0, 3, 1, grad, 0);
            assertTrue(Double.isFinite(l), "softmax loss at " + z);
            assertEquals(Math.abs(z), l, 1e-9);
        }
    }

    @Test
    void probabilitiesSumToOneAndAgreeWithPrediction() {
        double[] out = new double[3];
        Head.SOFTMAX_CROSS_ENTROPY.probability(new double[] {0.2, 1.5, -0.7}, 0, 3, out);
        assertEquals(1.0, out[0] + out[1] + out[2], 1e-15);
        assertEquals(1, Head.SOFTMAX_CROSS_ENTROPY.predict(new double[] {0.2, 1.5, -0.7}, 0, 3));
        double[] two = new double[2];
        Head.LOGISTIC_SQUARED_ERROR.probability(new double[] {0.3}, 0, 1, two);
        assertEquals(1 / (1 + Math.exp(-0.3)), two[1], 1e-15);
        assertEquals(1.0, two[0] + two[1], 1e-15);
        assertEquals(1, Head.LOGISTIC_CROSS_ENTROPY.predict(new double[] {0.3}, 0, 1));
        assertEquals(0, Head.LOGISTIC_CROSS_ENTROPY.predict(new double[] {0.0}, 0, 1), "ŷ = 1/2 is not > 1/2");
    }

    @Test
    void crossEntropyMatchesItsDefinition() {
        double[] grad = new double[1];
        double z = 0.8;
        double p = 1 / (1 + Math.exp(-z));
        assertEquals(-Math.log(p), Head.LOGISTIC_CROSS_ENTROPY.lossAndGradient(new double[] {z}, 0, 1, 1, grad, 0), 1e-15);
        assertEquals(p - 1, grad[0], 1e-15);
        assertEquals(-Math.log(1 - p), Head.LOGISTIC_CROSS_ENTROPY.lossAndGradient(new double[] {z}, 0, 1, 0, grad, 0), 1e-15);
    }
}
