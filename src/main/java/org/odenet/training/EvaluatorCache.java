package org.odenet.training;

import java.lang.ref.SoftReference;
import org.odenet.numerics.NetworkEvaluator;
import org.odenet.numerics.NetworkSpec;

/**
 * One {@link NetworkEvaluator} per executor thread, kept between tasks and passes so that its work arrays
 * are allocated once per thread rather than once per task. Softly referenced: the JVM may reclaim it
 * under memory pressure, and a later task then allocates a new one.
 */
final class EvaluatorCache {
    private static final ThreadLocal<SoftReference<NetworkEvaluator>> CACHE = new ThreadLocal<>();
    private static final ThreadLocal<SoftReference<double[]>> GRADIENT = new ThreadLocal<>();

    private EvaluatorCache() {
    }

    /** An evaluator for {@code spec} that takes blocks of up to {@code capacity} samples. */
    static NetworkEvaluator get(NetworkSpec spec, int capacity, NetworkEvaluator.Options options) {
        SoftReference<NetworkEvaluator> ref = CACHE.get();
        NetworkEvaluator cached = ref == null ? null : ref.get();
        if (cached != null && cached.capacity() >= capacity && cached.spec().equals(spec)
                && cached.options().equals(options)) {
            return cached;
        }
        NetworkEvaluator fresh = new NetworkEvaluator(spec, capacity, options);
        CACHE.set(new SoftReference<>(fresh));
        return fresh;
    }

    /**
     * A gradient buffer of this length for the current task to sum into. Safe to reuse from task to task on
     * one thread: Spark serialises a task's result in the task's own thread before that thread runs another
     * task.
     */
    static double[] gradientBuffer(int length) {
        SoftReference<double[]> ref = GRADIENT.get();
        double[] cached = ref == null ? null : ref.get();
        if (cached != null && cached.length == length) {
            return cached;
        }
        double[] fresh = new double[length];
        GRADIENT.set(new SoftReference<>(fresh));
        return fresh;
    }
}
