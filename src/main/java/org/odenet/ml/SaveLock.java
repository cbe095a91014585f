package org.odenet.ml;

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
import org.odenet.spark.NoReplaceFs;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The lock {@code _<name>.saving} beside a save target {@code <name>}: one save at a time per path. The lock
 * file names its holder (process id, host, start time, a token); it is created atomically
 * ({@link NoReplaceFs#createNew}) and deleted on {@link #close()}. A lock left by a killed process on this
 * host (its process id is no longer running) is broken with a warning; any other lock refuses the save.
 */
final class SaveLock implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(SaveLock.class);
    private static final String HOST = localHost();
    private static final int ATTEMPTS = 3;

    private final FileSystem fs;
    private final Path lock;
    private final Holder mine;

    private SaveLock(FileSystem fs, Path lock, Holder mine) {
        this.fs = fs;
        this.lock = lock;
        this.mine = mine;
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
    static SaveLock acquire(FileSystem fs, Path target) throws IOException {
        Path lock = lockPath(target);
        Holder mine = new Holder(ProcessHandle.current().pid(), HOST, Instant.now().toString(),
                UUID.randomUUID().toString());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (NoReplaceFs.createNew(fs, lock, mine.encode())) {
                return new SaveLock(fs, lock, mine);
            }
            String text = read(fs, lock);
            if (text == null) {
                continue; // released between our two looks
            }
            Holder holder = Holder.decode(text);
            if (holder == null || !holder.isDeadHere()) {
                throw inProgress(target, lock, holder);
            }
            breakStale(fs, target, lock, text, holder);
        }
        throw new IOException("could not take the save lock " + lock + " of " + target + " in " + ATTEMPTS
                + " attempts: other saves keep taking it");
    }

    /** Deletes the lock if it is still ours. */
    @Override
    public void close() throws IOException {
        String text = read(fs, lock);
        if (text != null && mine.equals(Holder.decode(text))) {
            fs.delete(lock, false);
        } else {
            LOG.warn("the save lock {} is no longer this save's (it holds {}); left in place", lock,
                    text == null ? "nothing" : text.strip().replace('\n', ' '));
        }
    }

    /** Moves a dead holder's lock aside and deletes it; puts it back if it turned out to be a live one. */
    private static void breakStale(FileSystem fs, Path target, Path lock, String text, Holder holder)
            throws IOException {
        Path broken = new Path(lock.getParent(), lock.getName() + ".broken-" + UUID.randomUUID());
        if (!NoReplaceFs.rename(fs, lock, broken)) {
            return; // another save broke or released it first
        }
        String moved = read(fs, broken);
        if (text.equals(moved)) {
            fs.delete(broken, false);
            LOG.warn("broke the stale save lock {} of {}: {} is no longer running", lock, target, holder.describe());
            return;
        }
        // a live save took the lock between our read and our rename: give it back
        Holder live = moved == null ? null : Holder.decode(moved);
        if (moved != null && !NoReplaceFs.createNew(fs, lock, moved.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("could not restore the save lock {} (held by {})", lock, live == null ? "?" : live.describe());
        }
        fs.delete(broken, false);
        throw inProgress(target, lock, live);
    }

    private static IOException inProgress(Path target, Path lock, Holder holder) {
        return new IOException("another save to " + target + " is in progress (lock " + lock + " held by "
                + (holder == null ? "an unknown process: the lock file names none" : holder.describe())
                + "); wait for it to finish, or delete the lock if no save is running");
    }

    /** The lock file's text, or null if it does not exist. */
    private static String read(FileSystem fs, Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Objects.requireNonNullElse(System.getenv("HOSTNAME"), "unknown-host");
        }
    }

    /** Who holds a lock: the content of the lock file, one key=value a line. */
    record Holder(long pid, String host, String since, String token) {
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

        /** A process of this host that has ended. */
        boolean isDeadHere() {
            return HOST.equals(host) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }

        String describe() {
            return "process " + pid + " on host " + host + " since " + since;
        }
    }
}
