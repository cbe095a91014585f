package org.odenet.ml;

import org.apache.spark.ml.util.Identifiable;

/**
 * Hands a uid to a Java {@code Params} subclass while its Scala super-constructor runs. Spark's inherited
 * params call {@code uid()} from that constructor, before any Java field is assigned, so a Java class
 * cannot simply keep the uid in a field set by its own constructor. The class's constructor instead
 * evaluates {@link #offer} in the argument list of {@code this(...)} (which runs before the
 * super-constructor) and its {@code uid()} takes the offered value on first call.
 */
final class PendingUid {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private PendingUid() {
    }

    /** Offers {@code uid} to the next {@link #take} on this thread; returns it for chaining. */
    static String offer(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("uid must be non-empty, got " + uid);
        }
        PENDING.set(uid);
        return uid;
    }

    /** The offered uid (consumed), or a fresh random one with {@code prefix}. */
    static String take(String prefix) {
        String uid = PENDING.get();
        PENDING.remove();
        return uid != null ? uid : Identifiable.randomUID(prefix);
    }
}
