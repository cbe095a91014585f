package org.odenet.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.odenet.optim.HistoryCodec;
import org.odenet.optim.IterationMetrics;
import org.odenet.training.BestValidation;
import org.odenet.training.Checkpoint;

/**
 * Checkpoints in a directory of any Hadoop file system (file://, hdfs://, s3a://, ...), one file per
 * checkpoint, {@code checkpoint-<iteration>.odenet}. A file is written under a temporary name and renamed
 * when complete, so a reader never sees half a checkpoint; the newest two are kept. A training run holds the
 * directory's {@link CheckpointLock} while it uses it; other files in it are skipped with a warning.
 *
 * <p>Format (no Java serialization): the magic bytes {@code ODENETCK}, a format version, the identity as a
 * length-prefixed JSON object, then θ, L, the iteration and the history (rows as {@link HistoryCodec} writes
 * them) as big-endian binary, and last a CRC-32 of everything before it. Version 1 ends after the history;
 * version 2, written only with early stopping on, then holds its state: the best θ, its validation loss, its
 * iteration and the validation passes since. Version 3, written only by a solver with memory (lbfgs), then holds
 * a flag for the early-stopping state, that state if present, and the solver memory: the number of vectors and
 * each vector (length-prefixed doubles). All three versions are read.
 */
final class CheckpointStore {
    private static final byte[] MAGIC = "ODENETCK".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int VERSION_WITH_BEST = 2;
    private static final int VERSION_WITH_MEMORY = 3;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.odenet");
    private static final int KEEP = 2;

    private static final Logger LOG = LogManager.getLogger(CheckpointStore.class);

    private final Path dir;
    private final FileSystem fs;
    private final Set<String> skipped = new HashSet<>();

    CheckpointStore(String dir, Configuration hadoopConf) {
        this.dir = new Path(dir);
        try {
            this.fs = this.dir.getFileSystem(hadoopConf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of checkpointDir " + dir, e);
        }
    }

    /** The location of the checkpoint of {@code iteration}. */
    Path pathOf(int iteration) {
        return new Path(dir, "checkpoint-" + iteration + ".odenet");
    }

    /**
     * Creates the directory if missing and takes its lock; call before any work, close the lock when done.
     *
     * @throws IllegalArgumentException if the directory is an existing file or cannot be created
     * @throws IllegalStateException    if another training run holds the lock ({@link CheckpointLock#acquire})
     */
    CheckpointLock lock() {
        try {
            if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
                throw new IllegalArgumentException("checkpointDir " + dir + " is a file, not a directory: give a "
                        + "directory (it is created if missing), or move the file away");
            }
            if (!fs.mkdirs(dir)) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpointDir " + dir + " cannot be created: " + e.getMessage(), e);
        }
        return CheckpointLock.acquire(fs, dir);
    }

    /**
     * Removes temporary files left by a writer that was killed mid-write (one training run writes a
     * directory at a time, so any temporary file found before it starts is such a leftover).
     */
    void removeLeftovers() {
        try {
            if (!fs.exists(dir)) {
                return;
            }
            for (FileStatus s : fs.listStatus(dir)) {
                String name = s.getPath().getName();
                if (name.startsWith("_checkpoint-") && name.endsWith(".tmp")) {
                    fs.delete(s.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up checkpointDir " + dir, e);
        }
    }

    /** Writes atomically (temporary file, then rename) and removes all but the newest two. */
    void write(Checkpoint checkpoint) {
        Path target = pathOf(checkpoint.iteration());
        Path tmp = new Path(dir, "_" + target.getName() + "." + UUID.randomUUID() + ".tmp");
        byte[] bytes = encode(checkpoint);
        try {
            fs.mkdirs(dir);
            try (FSDataOutputStream out = fs.create(tmp, false)) {
                out.write(bytes);
                out.hsync();
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                fs.delete(tmp, false);
                throw new IOException("rename of " + tmp + " to " + target + " failed");
            }
            TreeMap<Integer, Path> all = list();
            while (all.size() > KEEP) {
                fs.delete(all.pollFirstEntry().getValue(), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    /**
     * The newest checkpoint, if any.
     *
     * @throws IllegalStateException if that file is truncated or corrupt (never falls back silently)
     */
    Optional<Checkpoint> latest() {
        try {
            if (!fs.exists(dir)) {
                return Optional.empty();
            }
            TreeMap<Integer, Path> all = list();
            if (all.isEmpty()) {
                return Optional.empty();
            }
            Path newest = all.lastEntry().getValue();
            long length = fs.getFileStatus(newest).getLen();
            long limit = Math.min(Integer.MAX_VALUE - 16L, Runtime.getRuntime().maxMemory() / 2);
            if (length > limit) {
                throw new IllegalStateException("checkpoint " + newest + " is " + length + " bytes, more than this "
                        + "driver reads (half its heap, at most 2 GiB: " + limit + " bytes); it is not a checkpoint of "
                        + "this build or the driver needs more memory. Delete it to resume from the previous checkpoint, "
                        + "or delete the directory to start over.");
            }
            byte[] bytes;
            try (InputStream in = fs.open(newest)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("checkpoint " + newest + " is corrupt or unreadable (" + e.getMessage()
                        + "). Delete it to resume from the previous checkpoint, or delete the directory to start over.", e);
            }
            return Optional.of(decode(bytes, newest.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoints in " + dir, e);
        }
    }

    private TreeMap<Integer, Path> list() throws IOException {
        TreeMap<Integer, Path> all = new TreeMap<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            Integer iteration = iterationOf(name);
            if (iteration != null) {
                all.put(iteration, s.getPath());
            } else if (name.startsWith("checkpoint-") && skipped.add(name)) {
                LOG.warn("odenet: skipping {} in checkpointDir {}: not a name this build writes (checkpoint-<iteration>"
                        + ".odenet, the iteration at most {})", name, dir, Integer.MAX_VALUE);
            }
        }
        return all;
    }

    /** The iteration in a checkpoint's file name, or null if {@code name} is not one. */
    private static Integer iterationOf(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return null;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static byte[] encode(Checkpoint c) {
        try {
            BestValidation best = c.bestValidation();
            boolean memory = !c.solverMemory().isEmpty();
            int thetas = (best == null ? 1 : 2) + c.solverMemory().size();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(
                    64 + 8 * thetas * c.theta().length + 64 * c.history().size());
            DataOutputStream out = new DataOutputStream(buffer);
            out.write(MAGIC);
            out.writeInt(memory ? VERSION_WITH_MEMORY : best == null ? VERSION : VERSION_WITH_BEST);
            byte[] json = new ObjectMapper().writeValueAsBytes(new TreeMap<>(c.identity()));
            out.writeInt(json.length);
            out.write(json);
            writeDoubles(out, c.theta());
            out.writeDouble(c.lipschitz());
            out.writeInt(c.iteration());
            out.writeInt(c.history().size());
            for (IterationMetrics m : c.history()) {
                HistoryCodec.VALIDATION.write(out, m);
            }
            if (memory) {
                out.writeBoolean(best != null);
            }
            if (best != null) {
                writeDoubles(out, best.theta());
                out.writeDouble(best.loss());
                out.writeInt(best.iteration());
                out.writeInt(best.passesWithoutImprovement());
            }
            if (memory) {
                out.writeInt(c.solverMemory().size());
                for (double[] v : c.solverMemory()) {
                    writeDoubles(out, v);
                }
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(buffer.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Checkpoint decode(byte[] bytes, String location) {
        String hint = ". Delete it to resume from the previous checkpoint, or delete the directory to start over.";
        if (bytes.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalStateException("checkpoint " + location + " is not an odenet checkpoint (bad header)" + hint);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (crc.getValue() != stored) {
            throw new IllegalStateException("checkpoint " + location + " is corrupt or truncated (CRC mismatch)" + hint);
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, MAGIC.length,
                bytes.length - MAGIC.length - 8))) {
            int version = in.readInt();
            if (version != VERSION && version != VERSION_WITH_BEST && version != VERSION_WITH_MEMORY) {
                throw new IllegalStateException("checkpoint " + location + " has format version " + version
                        + ", this build reads versions " + VERSION + " to " + VERSION_WITH_MEMORY);
            }
            int jsonLength = in.readInt();
            if (jsonLength < 0 || jsonLength > bytes.length) {
                throw new IllegalStateException("checkpoint " + location + " declares an identity of " + jsonLength
                        + " bytes, more than the file's " + bytes.length + hint);
            }
            byte[] json = new byte[jsonLength];
            in.readFully(json);
            Map<String, String> identity = new ObjectMapper().readValue(json, new TypeReference<Map<String, String>>() { });
            double[] theta = readDoubles(in, bytes.length, location, hint);
            double lipschitz = in.readDouble();
            int iteration = in.readInt();
            int rows = in.readInt();
            if (rows < 0 || rows > bytes.length / 60) {
                throw new IllegalStateException("checkpoint " + location + " declares " + rows
                        + " history rows, more than the file holds" + hint);
            }
            List<IterationMetrics> history = new ArrayList<>(rows);
            for (int r = 0; r < rows; r++) {
                history.add(HistoryCodec.VALIDATION.read(in));
            }
            BestValidation best = null;
            boolean hasBest = version == VERSION_WITH_BEST || (version == VERSION_WITH_MEMORY && in.readBoolean());
            if (hasBest) {
                best = new BestValidation(readDoubles(in, bytes.length, location, hint), in.readDouble(), in.readInt(),
                        in.readInt());
            }
            List<double[]> memory = new ArrayList<>();
            if (version == VERSION_WITH_MEMORY) {
                int vectors = in.readInt();
                if (vectors < 0 || vectors > bytes.length / 8) {
                    throw new IllegalStateException("checkpoint " + location + " declares " + vectors
                            + " solver memory vectors, more than the file holds" + hint);
                }
                for (int v = 0; v < vectors; v++) {
                    memory.add(readDoubles(in, bytes.length, location, hint));
                }
            }
            return new Checkpoint(identity, theta, lipschitz, iteration, history, best, memory);
        } catch (EOFException e) {
            throw new IllegalStateException("checkpoint " + location + " is truncated" + hint, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("checkpoint " + location + " cannot be parsed: " + e.getMessage() + hint, e);
        }
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputStream in, int fileLength, String location, String hint)
            throws IOException {
        int length = in.readInt();
        if (length < 0 || length > fileLength / 8) {
            throw new IllegalStateException("checkpoint " + location + " declares " + length
                    + " parameters, more than the file holds" + hint);
        }
        double[] values = new double[length];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
