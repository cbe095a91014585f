package org.odenet.ml;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.odenet.spark.LockFile;

/**
 * The lock {@code _<name>.saving} beside a save target {@code <name>}: one save at a time per path, a
 * {@link LockFile} (a dead holder's lock of this host is broken; any other refuses the save).
 */
final class SaveLock {
    private SaveLock() {
    }

    /** {@code _<name>.saving} beside {@code target}. */
    static Path lockPath(Path target) {
        return new Path(target.getParent(), "_" + target.getName() + ".saving");
    }

    /**
     * Takes the lock of {@code target}, breaking a stale one.
     *
     * @throws IOException if another save to {@code target} holds it (the message names the holder)
     */
    static LockFile acquire(FileSystem fs, Path target) throws IOException {
        Path lock = lockPath(target);
        try {
            return LockFile.acquire(fs, lock, false);
        } catch (LockFile.HeldException e) {
            throw new IOException("another save to " + target + " is in progress (lock " + lock + " held by "
                    + LockFile.describe(e.holder()) + "); wait for it to finish, or delete the lock if no save is "
                    + "running", e);
        }
    }
}
