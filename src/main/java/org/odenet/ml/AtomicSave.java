package org.odenet.ml;

import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.odenet.spark.LockFile;
import org.odenet.spark.NoReplaceFs;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Saves a directory so that its path always holds a complete old or a complete new one, also when the
 * saving process is killed at any instant, and refuses a second concurrent save to the same path.
 *
 * <p>Under the lock {@code _<name>.saving} ({@link SaveLock}) a save of {@code <name>} writes the new
 * directory aside as {@code _<name>.incomplete-<id>}, renames it {@code _<name>.complete-<id>} once fully
 * written, renames the old one (if any) to {@code _<name>.previous-<id>}, renames the complete one to
 * {@code <name>} and deletes the previous one. Only between the last two renames is {@code <name>} missing;
 * a complete sibling is then there, and {@link #restoreIfMissing} (called by every load and save) renames it
 * back, newest {@code complete} first, else {@code previous}. A save also deletes what killed saves left:
 * staging directories, siblings of an existing {@code <name>}, lock leftovers.
 */
final class AtomicSave {
    private static final Logger LOG = LogManager.getLogger(AtomicSave.class);
    /** Temporary lock files younger than this may belong to a save taking the lock right now. */
    private static final long LOCK_LEFTOVER_AGE_MS = 60_000;

    /** Writes a complete new directory at the path it is given. */
    @FunctionalInterface
    interface DirectoryWriter {
        void writeTo(String dir) throws IOException;
    }

    private AtomicSave() {
    }

    /**
     * Saves with {@code writer} to {@code path}.
     *
     * @throws IOException if {@code path} exists and {@code overwrite} is false (Spark's message), if another
     *                     save to it is in progress (naming the lock and its holder), or if writing fails
     *                     (then {@code path} still holds what it held)
     */
    static void save(FileSystem fs, String path, boolean overwrite, DirectoryWriter writer) throws IOException {
        Path target = fs.makeQualified(new Path(path));
        if (target.getParent() == null) {
            throw new IOException("cannot save to " + path + ": a save needs a parent directory for its staging");
        }
        fs.mkdirs(target.getParent());
        try (LockFile lock = SaveLock.acquire(fs, target)) {
            restoreIfMissing(fs, target);
            boolean replacing = fs.exists(target);
            if (replacing && !overwrite) {
                throw new IOException("Path " + path + " already exists. To overwrite it, please use "
                        + "write.overwrite().save(path) for Scala and use write().overwrite().save(path) for Java "
                        + "and Python.");
            }
            deleteLeftovers(fs, target);
            String id = UUID.randomUUID().toString();
            Path incomplete = sibling(target, "incomplete-" + id);
            Path complete = sibling(target, "complete-" + id);
            Path previous = sibling(target, "previous-" + id);
            try {
                writer.writeTo(incomplete.toString());
                requireRenamed(fs, incomplete, complete);
            } catch (IOException | RuntimeException | Error e) {
                deleteQuietly(fs, incomplete);
                throw e;
            }
            if (replacing && !NoReplaceFs.rename(fs, target, previous)) {
                deleteQuietly(fs, complete);
                throw new IOException("could not move the old " + target + " aside to " + previous
                        + "; it is unchanged");
            }
            if (!NoReplaceFs.rename(fs, complete, target) && !(fs.exists(target) && !fs.exists(complete))) {
                if (replacing) {
                    NoReplaceFs.rename(fs, previous, target);
                }
                throw new IOException("could not rename " + complete + " to " + target + " (the new, complete save)");
            }
            if (replacing && !fs.delete(previous, true)) {
                LOG.warn("could not delete {}, the replaced save of {}; the next save deletes it", previous, target);
            }
        }
    }

    /**
     * If {@code target} is missing but a complete sibling a killed save left is there, renames it back
     * (newest {@code complete} first, else newest {@code previous}) with a warning.
     */
    static void restoreIfMissing(FileSystem fs, Path target) throws IOException {
        Path qualified = fs.makeQualified(target);
        if (qualified.getParent() == null || fs.exists(qualified) || !fs.exists(qualified.getParent())) {
            return;
        }
        for (String kind : List.of("complete-", "previous-")) {
            for (FileStatus sibling : siblings(fs, qualified, kind)) {
                if (NoReplaceFs.rename(fs, sibling.getPath(), qualified)) {
                    LOG.warn("{} was missing: restored it from {}, left by a save interrupted between its renames",
                            qualified, sibling.getPath().getName());
                    return;
                }
                if (fs.exists(qualified)) {
                    return; // another load or save restored it first
                }
            }
        }
    }

    /** What killed saves left: staging and complete siblings of an existing target, stale lock files. */
    private static void deleteLeftovers(FileSystem fs, Path target) throws IOException {
        for (String kind : List.of("incomplete-", "complete-", "previous-")) {
            for (FileStatus leftover : siblings(fs, target, kind)) {
                LOG.warn("deleting {}, left by an interrupted save of {}", leftover.getPath().getName(), target);
                deleteQuietly(fs, leftover.getPath());
            }
        }
        String lockName = SaveLock.lockPath(target).getName();
        FileStatus[] lockFiles = fs.listStatus(target.getParent(),
                p -> p.getName().startsWith(lockName + ".") && !p.getName().equals(lockName));
        long now = System.currentTimeMillis();
        for (FileStatus leftover : lockFiles) {
            if (now - leftover.getModificationTime() > LOCK_LEFTOVER_AGE_MS) {
                deleteQuietly(fs, leftover.getPath());
            }
        }
    }

    /** {@code _<name>.<kind>*} beside {@code target}, newest first. */
    private static List<FileStatus> siblings(FileSystem fs, Path target, String kind) throws IOException {
        String prefix = "_" + target.getName() + "." + kind;
        FileStatus[] found = fs.listStatus(target.getParent(), p -> p.getName().startsWith(prefix));
        return Arrays.stream(found).sorted(Comparator.comparingLong(FileStatus::getModificationTime).reversed())
                .toList();
    }

    private static Path sibling(Path target, String kind) {
        return new Path(target.getParent(), "_" + target.getName() + "." + kind);
    }

    private static void requireRenamed(FileSystem fs, Path from, Path to) throws IOException {
        if (!NoReplaceFs.rename(fs, from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path p) {
        try {
            fs.delete(p, true);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", p, e.toString());
        }
    }
}
