package org.odenet.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lock of a checkpoint directory, the {@link LockFile} {@value #NAME} in it, held by one training run at a
 * time; should the JVM exit without {@link #close}, a shutdown hook releases it. A lock of a process that no
 * longer runs on this host (a driver killed with SIGKILL) is broken with a warning; any other refuses the run.
 */
final class CheckpointLock implements AutoCloseable {
    /** The lock's file name (Hadoop's input formats skip names starting with '_'). */
    static final String NAME = "_odenet.lock";

    private final LockFile lock;

    private CheckpointLock(LockFile lock) {
        this.lock = lock;
    }

    /**
     * Takes the lock of directory {@code dir}, which must exist.
     *
     * @throws IllegalStateException naming the lock and its holder if another run holds it
     */
    static CheckpointLock acquire(FileSystem fs, Path dir) {
        Path path = new Path(dir, NAME);
        try {
            return new CheckpointLock(LockFile.acquire(fs, path, true));
        } catch (LockFile.HeldException e) {
            throw new IllegalStateException("checkpointDir " + dir + " is in use by another training run: the lock "
                    + path + " is held by " + LockFile.describe(e.holder()) + ". Wait for it to end, or delete "
                    + path + " if that process is gone.", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock checkpointDir " + dir + " (" + path + ")", e);
        }
    }

    /** Releases the lock if it is still this run's; idempotent. */
    @Override
    public void close() {
        lock.close();
    }

    /** This host's name, as a lock records it. */
    static String localHost() {
        return LockFile.localHost();
    }
}
