package org.odenet.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Renames and file creations that never replace what is already there, on any Hadoop file system.
 *
 * <p>Hadoop's own {@code rename} does not promise that: onto an existing directory it moves the source
 * <em>into</em> it (HDFS), and on the local file system it falls back to copying. Here the local file system
 * renames directories with {@code rename(2)} (atomic; it refuses a non-empty directory) and files with
 * {@code link(2)} (atomic; it refuses any existing name) through java.nio; other file systems check first and
 * then rename, which is atomic on HDFS but relies on the model writer's save lock to exclude other writers.
 * {@link #createNew} makes the lock files of saves and of checkpoint directories ({@link CheckpointLock}).
 */
public final class NoReplaceFs {
    private NoReplaceFs() {
    }

    /**
     * Renames {@code src} to {@code dst} unless {@code dst} exists.
     *
     * @return false if {@code dst} exists or {@code src} does not
     */
    public static boolean rename(FileSystem fs, Path src, Path dst) throws IOException {
        File localSrc = localFile(fs, src);
        if (localSrc != null) {
            java.nio.file.Path s = localSrc.toPath();
            java.nio.file.Path d = localFile(fs, dst).toPath();
            if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            try {
                if (Files.isDirectory(s, LinkOption.NOFOLLOW_LINKS)) {
                    // rename(2): refuses a non-empty directory or a file as the destination
                    Files.move(s, d, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    // rename(2) would replace a file: link(2) refuses it, then drop the old name
                    Files.createLink(d, s);
                    Files.delete(s);
                }
                return true;
            } catch (IOException e) {
                if (Files.exists(d, LinkOption.NOFOLLOW_LINKS) || !Files.exists(s, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                throw e;
            }
        }
        if (fs.exists(dst) || !fs.exists(src)) {
            return false;
        }
        return fs.rename(src, dst);
    }

    /**
     * Creates the file {@code path} holding {@code content}, atomically: no reader ever sees it empty or
     * half written on the local file system (written aside, then hard-linked into place).
     *
     * @return false if {@code path} exists
     */
    public static boolean createNew(FileSystem fs, Path path, byte[] content) throws IOException {
        File local = localFile(fs, path);
        if (local == null) {
            try (FSDataOutputStream out = fs.create(path, false)) {
                out.write(content);
            } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
                return false;
            }
            return true;
        }
        java.nio.file.Path aside = local.toPath().resolveSibling(local.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.write(aside, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.createLink(local.toPath(), aside);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            try {
                Files.write(local.toPath(), content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    /** The java.io file of {@code path} on a local file system, else null. */
    private static File localFile(FileSystem fs, Path path) {
        if (fs instanceof LocalFileSystem local) {
            return local.pathToFile(path);
        }
        if (fs instanceof RawLocalFileSystem raw) {
            return raw.pathToFile(path);
        }
        return null;
    }
}
