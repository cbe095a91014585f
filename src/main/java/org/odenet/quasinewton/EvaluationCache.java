package org.odenet.quasinewton;

import java.util.ArrayDeque;
import java.util.Deque;
import org.odenet.optim.ObjectiveValue;

/**
 * The last few evaluations of an objective by point, so that a point Breeze asks for again (the start of every
 * line search, the accepted step after it) costs no second pass. Points match when equal coordinate by
 * coordinate ({@code ==}, so 0.0 and -0.0 are the same point, as for Breeze's own cache).
 */
final class EvaluationCache<E extends ObjectiveValue> {
    private record Entry<E>(double[] point, E value) {
    }

    private final int capacity;
    private final Deque<Entry<E>> entries = new ArrayDeque<>();

    EvaluationCache(int capacity) {
        this.capacity = capacity;
    }

    /** The value at {@code point}, or null if it is not among the last evaluations. */
    E get(double[] point) {
        for (Entry<E> e : entries) {
            if (samePoint(e.point, point)) {
                return e.value;
            }
        }
        return null;
    }

    /** Remembers the value at {@code point} (which the cache keeps: the caller must not modify it). */
    void put(double[] point, E value) {
        entries.addFirst(new Entry<>(point, value));
        while (entries.size() > capacity) {
            entries.removeLast();
        }
    }

    static boolean samePoint(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }
}
