package org.odenet.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The lock of a checkpoint directory, the file {@value #NAME} in it, held by one training run at a time: it says
 * which process on which host holds it since when, and a random token that tells this holder's lock from a later
 * one. It is created atomically (create-if-absent), released by {@link #close} and, should the JVM exit without
 * that, by a shutdown hook. A lock of a process that no longer runs on this host (a driver killed with SIGKILL) is
 * broken with a warning; any other lock refuses the run.
 */
final class CheckpointLock implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(CheckpointLock.class);

    /** The lock's file name (Hadoop's input formats skip names starting with '_'). */
    static final String NAME = "_odenet.lock";

    private static volatile String host;

    private final FileSystem fs;
    private final Path path;
    private final String token;
    private final Thread hook;

    private CheckpointLock(FileSystem fs, Path path, String token) {
        this.fs = fs;
        this.path = path;
        this.token = token;
        this.hook = new Thread(this::release, "odenet checkpoint lock " + path);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Takes the lock of directory {@code dir}, which must exist.
     *
     * @throws IllegalStateException naming the lock and its holder if another run holds it
     */
    static CheckpointLock acquire(FileSystem fs, Path dir) {
        Path path = new Path(dir, NAME);
        String token = UUID.randomUUID().toString();
        Properties mine = new Properties();
        mine.setProperty("host", localHost());
        mine.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        mine.setProperty("since", Instant.now().toString());
        mine.setProperty("token", token);
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                if (NoReplaceFs.createNew(fs, path, encode(mine))
                        && token.equals(read(fs, path).getProperty("token"))) {
                    return new CheckpointLock(fs, path, token);
                }
                Properties holder = read(fs, path);
                if (!isStale(holder)) {
                    throw new IllegalStateException(heldMessage(dir, path, holder));
                }
                LOG.warn("odenet: breaking the lock {} of process {} on this host ({}), which no longer runs",
                        path, holder.getProperty("pid"), holder.getProperty("host"));
                fs.delete(path, false);
            }
            throw new IllegalStateException(heldMessage(dir, path, read(fs, path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock checkpointDir " + dir + " (" + path + ")", e);
        }
    }

    /** Releases the lock if it is still this holder's; idempotent. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run
        }
        release();
    }

    private void release() {
        try {
            if (fs.exists(path) && token.equals(read(fs, path).getProperty("token"))) {
                fs.delete(path, false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("odenet: could not release the lock {}: {}; delete it if no training run uses it", path, e);
        }
    }

    /** The lock's content; empty if the lock is gone or unreadable. */
    private static Properties read(FileSystem fs, Path path) {
        Properties p = new Properties();
        try (InputStream in = fs.open(path)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            p.clear();
        }
        return p;
    }

    /** Whether the holder is a process of this host that has ended. */
    private static boolean isStale(Properties holder) {
        long pid;
        try {
            pid = Long.parseLong(holder.getProperty("pid", ""));
        } catch (NumberFormatException e) {
            return false;
        }
        return localHost().equals(holder.getProperty("host")) && pid != ProcessHandle.current().pid()
                && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    private static String heldMessage(Path dir, Path path, Properties holder) {
        String who = holder.containsKey("pid")
                ? "process " + holder.getProperty("pid") + " on host " + holder.getProperty("host") + " since "
                + holder.getProperty("since")
                : "an unknown process (the lock does not say which)";
        return "checkpointDir " + dir + " is in use by another training run: the lock " + path + " is held by " + who
                + ". Wait for it to end, or delete " + path + " if that process is gone.";
    }

    private static byte[] encode(Properties p) {
        StringBuilder s = new StringBuilder();
        for (String key : new String[] {"host", "pid", "since", "token"}) {
            s.append(key).append('=').append(p.getProperty(key)).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** This host's name, as a lock records it. */
    static String localHost() {
        String h = host;
        if (h == null) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                String env = System.getenv("HOSTNAME");
                h = env == null ? "unknown" : env;
            }
            host = h;
        }
        return h;
    }
}
