package org.odenet.report;

import org.odenet.numerics.NetworkSpec;

/** The time steps of a network and the times they add up to. */
public final class TimeSteps {
    private TimeSteps() {
    }

    /**
     * The steps h<sub>0</sub>, …, h<sub>N−1</sub> under θ: learned ones for the ODENets, T/N for ResNet
     * ({@link NetworkSpec#timeSteps}).
     *
     * @throws IllegalArgumentException for {@link org.odenet.numerics.Architecture#NET}, which has no steps
     */
    public static double[] of(NetworkSpec spec, double[] theta) {
        if (!spec.architecture().isRungeKutta()) {
            throw new IllegalArgumentException("architecture " + spec.architecture().configName()
                    + " is not a Runge–Kutta network and has no time steps");
        }
        return spec.timeSteps(theta);
    }

    /** The times t<sub>j</sub> = h<sub>0</sub> + … + h<sub>j−1</sub> of the states, j = 0..N (t<sub>0</sub> = 0). */
    public static double[] times(double[] steps) {
        double[] t = new double[steps.length + 1];
        for (int j = 0; j < steps.length; j++) {
            t[j + 1] = t[j] + steps[j];
        }
        return t;
    }
}
