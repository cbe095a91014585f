package org.odenet.numerics;


/**
 * How a layer maps its state Y to the next one (paper §4 and §5.2).
 *
 * <table>
 *   <caption>Architectures</caption>
 *   <tr><th>constant</th><th>layer</th><th>steps h<sub>j</sub></th></tr>
 *   <tr><td>{@link #NET}</td><td>Y⁺ = σ(K Y + β) (paper eq. 4)</td><td>none</td></tr>
 *   <tr><td>{@link #RESNET}</td><td>one Runge–Kutta step of Ẏ = σ(K Y + β)</td><td>fixed T/N</td></tr>
 *   <tr><td>{@link #ODENET}</td><td>Runge–Kutta step</td><td>learned, unconstrained (may turn negative)</td></tr>
 *   <tr><td>{@link #ODENET_SIMPLEX}</td><td>Runge–Kutta step</td><td>learned, projected onto
 *       {h ≥ 0, Σh = T}</td></tr>
 * </table>
 */
public enum Architecture {
    NET(false, false),
    RESNET(true, false),
    ODENET(true, true),
    ODENET_SIMPLEX(true, true);

    private final boolean rungeKutta;
    private final boolean learnsSteps;

    Architecture(boolean rungeKutta, boolean learnsSteps) {
        this.rungeKutta = rungeKutta;
        this.learnsSteps = learnsSteps;
    }

    /** Whether a layer is a Runge–Kutta step (all but {@link #NET}). */
    public boolean isRungeKutta() {
        return rungeKutta;
    }

    /** Whether the steps h<sub>j</sub> are controls, i.e. part of the parameter vector. */
    public boolean learnsSteps() {
        return learnsSteps;
    }

    /** Whether the steps are projected onto the simplex {h ≥ 0, Σh = T} after every update. */
    public boolean projectsSteps() {
        return this == ODENET_SIMPLEX;
    }

    /** Lower-case name used in configuration: {@code net}, {@code resnet}, {@code odenet}, {@code odenet_simplex}. */
    public String configName() {
        return ConfigNames.of(this);
    }

    /** Parses a configuration name case-insensitively; the error lists the valid names. */
    public static Architecture fromName(String name) {
        return ConfigNames.parse(values(), name, "architecture");
    }
}
