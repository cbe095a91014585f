package org.odenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.data.LabeledSamples;
import org.odenet.numerics.Architecture;
import org.odenet.optim.IterationMetrics;
import org.odenet.training.Checkpoint;
import org.odenet.training.Engine;
import org.odenet.training.TrainingConfig;
import org.odenet.training.TrainingFailedException;
import org.odenet.training.TrainingResult;

/**
 * The checkpoint directory: one training run at a time (a lock naming its holder; a dead holder's lock on this host
 * is broken), a file in its place refused at start, stray and crafted files clear errors, never a
 * NumberFormatException or an OutOfMemoryError.
 */
class CheckpointDirectoryTest {
    private static final String LOCK = "_odenet.lock";
    private static Dataset<Row> data;

    @BeforeAll
    static void data() {
        Random r = new Random(5);
        int m = 40;
        double[] x = new double[3 * m];
        int[] labels = new int[m];
        for (int c = 0; c < m; c++) {
            x[3 * c] = r.nextGaussian();
            x[3 * c + 1] = r.nextGaussian();
            x[3 * c + 2] = r.nextGaussian();
            labels[c] = x[3 * c] + x[3 * c + 1] > 0 ? 1 : 0;
        }
        data = SampleFrames.of(SparkTestSession.get(), new LabeledSamples(3, x, labels), 2);
    }

    private static TrainingConfig config(Path dir, int maxIter) {
        return TrainingConfig.builder().shape(s -> s.withLayers(2).withArchitecture(Architecture.RESNET))
                .engineSettings(e -> e.withEngine(Engine.DRIVER))
                .run(r -> r.withMaxIter(maxIter).withTol(0).withCheckpointDir(dir.toUri().toString())
                        .withCheckpointInterval(5).withProgressInterval(1000)).build();
    }

    private static CheckpointStore store(Path dir) {
        return new CheckpointStore(dir.toUri().toString(), new Configuration());
    }

    private static void writeLock(Path dir, String host, long pid) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(LOCK), "host=" + host + "\npid=" + pid + "\nsince=2026-01-02T03:04:05Z\n"
                + "token=crafted\n");
    }

    /** The PID of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(p.toHandle().isAlive());
        return p.pid();
    }

    @Test
    void aSecondRunOnTheSameDirectoryIsRefusedNamingTheHolder(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("c");
        try (CheckpointLock held = store(dir).lock()) {
            String lock = Files.readString(dir.resolve(LOCK));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new OdeNetTrainer(config(dir, 5)).fit(data));
            String path = new org.apache.hadoop.fs.Path(dir.toUri().toString(), LOCK).toString();
            long pid = ProcessHandle.current().pid();
            assertTrue(e.getMessage().startsWith("checkpointDir "), e.getMessage());
            assertTrue(e.getMessage().contains(" is in use by another training run: the lock " + path
                    + " is held by process " + pid + " on host " + CheckpointLock.localHost() + " since "), e.getMessage());
            assertTrue(e.getMessage().endsWith(". Wait for it to end, or delete " + path + " if that process is gone."),
                    e.getMessage());
            assertEquals(lock, Files.readString(dir.resolve(LOCK)), "the holder's lock is untouched");
            assertFalse(Files.exists(dir.resolve("checkpoint-5.odenet")), "the refused run did not train");
        }
        assertFalse(Files.exists(dir.resolve(LOCK)), "released");
    }

    @Test
    void aLockOfAnotherLiveProcessIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("c");
        Process holder = new ProcessBuilder("sleep", "120").start();
        try {
            writeLock(dir, CheckpointLock.localHost(), holder.pid());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new OdeNetTrainer(config(dir, 5)).fit(data));
            assertTrue(e.getMessage().contains("is held by process " + holder.pid() + " on host "
                    + CheckpointLock.localHost() + " since 2026-01-02T03:04:05Z"), e.getMessage());
            assertTrue(Files.readString(dir.resolve(LOCK)).contains("token=crafted"));
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        writeLock(dir, "another-host.example", deadPid());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir, 5)).fit(data));
        assertTrue(e.getMessage().contains("on host another-host.example since"), "another host's process cannot be "
                + "checked, so its lock holds: " + e.getMessage());
    }

    @Test
    void theLockOfADeadProcessIsBrokenAndEveryRunReleasesItsLock(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("c");
        writeLock(dir, CheckpointLock.localHost(), deadPid());
        TrainingResult result = new OdeNetTrainer(config(dir, 5)).fit(data);
        assertEquals(5, result.iterations());
        assertTrue(Files.exists(dir.resolve("checkpoint-5.odenet")));
        assertFalse(Files.exists(dir.resolve(LOCK)), "released after a run");
        assertThrows(TrainingFailedException.class, () -> new OdeNetTrainer(config(dir, 10)).fit(data, null,
                (IterationMetrics m) -> {
                    throw new IllegalStateException("simulated failure");
                }));
        assertFalse(Files.exists(dir.resolve(LOCK)), "released after a failed run");
        assertThrows(IllegalArgumentException.class, () -> new OdeNetTrainer(config(dir, 3)).fit(data));
        assertFalse(Files.exists(dir.resolve(LOCK)), "released after a refused resume");
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsRefusedBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("notADirectory");
        Files.writeString(file, "precious");
        Dataset<Row> invalid = data.limit(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OdeNetTrainer(config(file, 5)).fit(invalid));
        assertEquals("checkpointDir " + new org.apache.hadoop.fs.Path(file.toUri().toString()) + " is a file, not a "
                + "directory: give a directory (it is created if missing), or move the file away", e.getMessage(),
                "refused before the data pass, which would refuse a single class");
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void strayNamesAreSkippedNotParsed(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("c");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("checkpoint-99999999999999999999.odenet"), "stray");
        Files.writeString(dir.resolve("checkpoint-x.odenet"), "stray");
        TrainingResult fresh = new OdeNetTrainer(config(dir, 5)).fit(data);
        assertEquals(-1, fresh.resumedFrom(), "no checkpoint among the stray files");
        TrainingResult resumed = new OdeNetTrainer(config(dir, 10)).fit(data);
        assertEquals(5, resumed.resumedFrom());
        assertTrue(Files.exists(dir.resolve("checkpoint-99999999999999999999.odenet")), "stray files are left alone");
    }

    /** {@code bytes} with the int at {@code offset} replaced and the CRC-32 recomputed: a well-formed lie. */
    private static byte[] withInt(byte[] bytes, int offset, int value) {
        byte[] crafted = bytes.clone();
        ByteBuffer.wrap(crafted).putInt(offset, value);
        CRC32 crc = new CRC32();
        crc.update(crafted, 0, crafted.length - 8);
        ByteBuffer.wrap(crafted).putLong(crafted.length - 8, crc.getValue());
        return crafted;
    }

    @Test
    void craftedLengthFieldsAreClearErrors(@TempDir Path tmp) throws IOException {
        byte[] good = CheckpointStore.encode(new Checkpoint(java.util.Map.of("layers", "2"), new double[] {1, 2, 3},
                0.5, 7, List.of()));
        int jsonLengthAt = "ODENETCK".length() + 4;
        int jsonLength = ByteBuffer.wrap(good).getInt(jsonLengthAt);
        assertEquals("{\"layers\":\"2\"}", new String(good, jsonLengthAt + 4, jsonLength, StandardCharsets.UTF_8),
                "the layout this test crafts against");
        for (int huge : new int[] {Integer.MAX_VALUE, -1}) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> CheckpointStore.decode(withInt(good, jsonLengthAt, huge), "crafted.odenet"));
            assertTrue(e.getMessage().startsWith("checkpoint crafted.odenet declares an identity of " + huge
                    + " bytes, more than the file's " + good.length), e.getMessage());
        }
        int thetaLengthAt = jsonLengthAt + 4 + jsonLength;
        assertEquals(3, ByteBuffer.wrap(good).getInt(thetaLengthAt));
        Path dir = tmp.resolve("c");
        new OdeNetTrainer(config(dir, 5)).fit(data);
        Files.write(dir.resolve("checkpoint-50.odenet"), withInt(good, thetaLengthAt, Integer.MAX_VALUE));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir, 60)).fit(data));
        assertTrue(e.getMessage().contains("checkpoint-50.odenet declares " + Integer.MAX_VALUE
                + " parameters, more than the file holds"), e.getMessage());
        assertFalse(Files.exists(dir.resolve(LOCK)), "released after the refusal");
    }

    @Test
    void aFileLargerThanTheDriverReadsIsAClearError(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("c");
        Files.createDirectories(dir);
        long length = 3L << 30;
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("checkpoint-9.odenet").toFile(), "rw")) {
            f.setLength(length); // sparse: no disk blocks
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new OdeNetTrainer(config(dir, 20)).fit(data));
        assertTrue(e.getMessage().contains("checkpoint-9.odenet is " + length + " bytes, more than this driver reads"),
                e.getMessage());
    }
}
