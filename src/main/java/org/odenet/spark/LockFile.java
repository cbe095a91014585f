package org.odenet.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A lock file on any Hadoop file system, held by one process at a time: the lock of a checkpoint directory and
 * the lock of a model save. The file names its {@link Holder} (process id, host, start time, a random token that
 * tells this holder's lock from a later one); it is created atomically ({@link NoReplaceFs#createNew}) and
 * deleted by {@link #close} only while it is still this holder's. A lock left by a process of this host that no
 * longer runs (killed with SIGKILL) is broken with a warning: moved aside, checked to be the dead holder's, then
 * deleted, so that a live process taking the lock between the two looks keeps it. Any other lock refuses.
 */
public final class LockFile implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(LockFile.class);
    private static final int ATTEMPTS = 3;
    private static final String HOST = localHostName();

    private final FileSystem fs;
    private final Path path;
    private final Holder mine;
    private final Thread exitHook;

    private LockFile(FileSystem fs, Path path, Holder mine, boolean releaseOnExit) {
        this.fs = fs;
        this.path = path;
        this.mine = mine;
        this.exitHook = releaseOnExit ? new Thread(this::release, "odenet lock " + path) : null;
        if (exitHook != null) {
            Runtime.getRuntime().addShutdownHook(exitHook);
        }
    }

    /** Another live process holds the lock; {@link #holder} is null if the file names none (not ours). */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Holder holder;

        HeldException(Path path, Holder holder) {
            super("the lock " + path + " is held by " + describe(holder));
            this.holder = holder;
        }

        /** Who holds it, or null if the lock file names no holder. */
        public Holder holder() {
            return holder;
        }
    }

    /**
     * Creates the lock file {@code path}, breaking a dead holder's lock of this host.
     *
     * @param releaseOnExit also release it from a shutdown hook, should the JVM exit without {@link #close}
     * @throws HeldException if another process holds it
     * @throws IOException   if the file system fails, or other processes keep taking the lock
     */
    public static LockFile acquire(FileSystem fs, Path path, boolean releaseOnExit) throws IOException {
        Holder mine = new Holder(ProcessHandle.current().pid(), HOST, Instant.now().toString(),
                UUID.randomUUID().toString());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (NoReplaceFs.createNew(fs, path, mine.encode())) {
                return new LockFile(fs, path, mine, releaseOnExit);
            }
            String text = read(fs, path);
            if (text == null) {
                continue; // released between our two looks
            }
            Holder holder = Holder.decode(text);
            if (holder == null || !holder.isDeadHere()) {
                throw new HeldException(path, holder);
            }
            breakStale(fs, path, text, holder);
        }
        throw new IOException("could not take the lock " + path + " in " + ATTEMPTS
                + " attempts: other processes keep taking it");
    }

    /** "process P on host H since T", or a sentence saying the lock names no holder. */
    public static String describe(Holder holder) {
        return holder == null ? "an unknown process (the lock file names none)"
                : "process " + holder.pid() + " on host " + holder.host() + " since " + holder.since();
    }

    /** This host's name, as a lock records it. */
    public static String localHost() {
        return HOST;
    }

    /** Deletes the lock if it is still this holder's; idempotent. */
    @Override
    public void close() {
        if (exitHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs or has run
            }
        }
        release();
    }

    private void release() {
        try {
            String text = read(fs, path);
            if (text != null && mine.equals(Holder.decode(text))) {
                fs.delete(path, false);
            } else if (text != null) {
                LOG.warn("the lock {} is no longer this process's (it holds {}); left in place", path,
                        text.strip().replace('\n', ' '));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not release the lock {}: {}; delete it if no process uses it", path, e.toString());
        }
    }

    /** Moves a dead holder's lock aside and deletes it; puts it back if it turned out to be a live one. */
    private static void breakStale(FileSystem fs, Path path, String text, Holder holder) throws IOException {
        Path broken = new Path(path.getParent(), path.getName() + ".broken-" + UUID.randomUUID());
        if (!NoReplaceFs.rename(fs, path, broken)) {
            return; // another process broke or released it first
        }
        String moved = read(fs, broken);
        if (text.equals(moved)) {
            fs.delete(broken, false);
            LOG.warn("broke the stale lock {}: {} is no longer running", path, describe(holder));
            return;
        }
        // a live process took the lock between our read and our rename: give it back
        Holder live = moved == null ? null : Holder.decode(moved);
        if (moved != null && !NoReplaceFs.createNew(fs, path, moved.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("could not restore the lock {} (held by {})", path, describe(live));
        }
        fs.delete(broken, false);
        throw new HeldException(path, live);
    }

    /** The lock file's text, or null if it does not exist. */
    private static String read(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Objects.requireNonNullElse(System.getenv("HOSTNAME"), "unknown-host");
        }
    }

    /** Who holds a lock: the lock file's content, one key=value a line. */
    public record Holder(long pid, String host, String since, String token) {
        byte[] encode() {
            return ("pid=" + pid + "\nhost=" + host + "\nsince=" + since + "\ntoken=" + token + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        /** The holder a lock file names, or null if it is not one of ours (crafted, truncated). */
        static Holder decode(String text) {
            String pid = null;
            String host = null;
            String since = null;
            String token = null;
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                String key = eq < 0 ? "" : line.substring(0, eq);
                String value = eq < 0 ? "" : line.substring(eq + 1);
                switch (key) {
                    case "pid" -> pid = value;
                    case "host" -> host = value;
                    case "since" -> since = value;
                    case "token" -> token = value;
                    default -> {
                        // not ours: ignored
                    }
                }
            }
            if (pid == null || host == null || since == null || token == null || !pid.matches("[0-9]{1,18}")) {
                return null;
            }
            return new Holder(Long.parseLong(pid), host, since, token);
        }

        /** A process of this host, other than this one, that has ended. */
        boolean isDeadHere() {
            return HOST.equals(host) && pid != ProcessHandle.current().pid()
                    && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
    }
}
