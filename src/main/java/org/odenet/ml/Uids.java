package org.odenet.ml;

import org.apache.spark.ml.util.Identifiable;

/**
 * The uids of {@link OdeNetClassifier} and {@link OdeNetClassificationModel}: their prefix, and how a Java
 * {@code Params} subclass gets its uid while its Scala super-constructor runs. Spark's inherited params call
 * {@code uid()} from that constructor, before any Java field is assigned, so a Java class cannot simply keep
 * the uid in a field set by its own constructor. The class's constructor instead evaluates {@link #offer}
 * (or {@link #offerRandom}) in the argument list of {@code this(...)}, which runs before the
 * super-constructor; its {@code uid()} takes the offered value on first call with {@link #take}, and the
 * constructor body confirms the hand-over with {@link #requireTaken}.
 */
final class Uids {
    /** The prefix of random uids, as Spark's own estimators have theirs ("logreg", "mlpc", ...). */
    static final String PREFIX = "odenet";

    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private Uids() {
    }

    /** Offers {@code uid} to the next {@link #take} on this thread; returns it for chaining. */
    static String offer(String uid) {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("uid must be non-empty, got " + uid);
        }
        PENDING.set(uid);
        return uid;
    }

    /** Offers a fresh random uid with {@link #PREFIX}; returns it. */
    static String offerRandom() {
        return offer(Identifiable.randomUID(PREFIX));
    }

    /** The offered uid (consumed), or a fresh random one with {@link #PREFIX}. */
    static String take() {
        String uid = PENDING.get();
        PENDING.remove();
        return uid != null ? uid : Identifiable.randomUID(PREFIX);
    }

    /** @throws IllegalStateException if the object's uid is not the one its constructor offered */
    static void requireTaken(String uid, String offered) {
        if (!uid.equals(offered)) {
            throw new IllegalStateException("uid mismatch: " + uid + " vs " + offered);
        }
    }
}
