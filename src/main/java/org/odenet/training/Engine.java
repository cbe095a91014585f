package org.odenet.training;

import org.odenet.numerics.ConfigNames;

/**
 * Where the forward and adjoint passes run.
 * <ul>
 *   <li>{@link #SPARK}: on the executors, one Spark job per pass (broadcast, treeAggregate) — scales with the
 *       data and the cluster.</li>
 *   <li>{@link #DRIVER}: the blocks are collected once and every pass runs in the driver JVM with a thread
 *       per core — no per-pass scheduling cost, for data that fits the driver.</li>
 *   <li>{@link #AUTO}: {@code DRIVER} when the training and validation blocks together hold at most
 *       {@code driverEngineMaxBytes} of feature values (n × m × 8 bytes), {@code SPARK} otherwise.</li>
 * </ul>
 * Both engines run the same kernels and merge partial sums the same way; their loss trajectories agree to
 * rounding.
 */
public enum Engine {
    SPARK, DRIVER, AUTO;

    public String configName() {
        return ConfigNames.of(this);
    }

    public static Engine fromName(String name) {
        return ConfigNames.parse(values(), name, "engine");
    }
}
