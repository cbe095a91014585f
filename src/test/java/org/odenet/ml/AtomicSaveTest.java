package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.spark.SparkTestSession;

/**
 * Issue 13, items 3 and 4: overwriting a saved model writes the new one aside and swaps it in; a second save
 * to a path while one is in progress fails naming the first; a path whose save was interrupted between its
 * renames loads from the complete sibling. (The SIGKILL loop is {@link SaveKillLoopTest}.)
 */
class AtomicSaveTest {
    private static FileSystem fs;

    @BeforeAll
    static void session() throws IOException {
        SparkSession spark = SparkTestSession.get();
        fs = FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
    }

    @Test
    void overwriteReplacesTheModelAndLeavesNothingBeside(@TempDir Path tmp) throws IOException {
        String path = tmp.resolve("model").toString();
        TinyModels.of(1).write().save(path);
        TinyModels.assertPredictsAs(1, OdeNetClassificationModel.load(path));
        TinyModels.of(2).write().overwrite().save(path);
        OdeNetClassificationModel loaded = OdeNetClassificationModel.load(path);
        assertEquals(2, TinyModels.seedOf(loaded, 2));
        TinyModels.assertPredictsAs(2, loaded);
        assertEquals(List.of("model"), names(tmp));

        IOException exists = assertThrows(IOException.class, () -> TinyModels.of(3).write().save(path));
        assertEquals("Path " + path + " already exists. To overwrite it, please use write.overwrite().save(path) for "
                + "Scala and use write().overwrite().save(path) for Java and Python.", exists.getMessage());
        TinyModels.assertPredictsAs(2, OdeNetClassificationModel.load(path));
        assertEquals(List.of("model"), names(tmp), "the refused save leaves no lock");
    }

    @Test
    void aFailingWriteLeavesTheOldModel(@TempDir Path tmp) throws IOException {
        String path = tmp.resolve("model").toString();
        TinyModels.of(4).write().save(path);
        IOException failed = assertThrows(IOException.class, () -> AtomicSave.save(fs, path, true, dir -> {
            Files.createDirectories(Path.of(dir, "metadata"));
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", failed.getMessage());
        TinyModels.assertPredictsAs(4, OdeNetClassificationModel.load(path));
        assertEquals(List.of("model"), names(tmp), "the staging directory and the lock are gone");
    }

    @Test
    void aSecondSaveWhileOneIsInProgressIsRefused(@TempDir Path tmp) throws Exception {
        String path = tmp.resolve("model").toString();
        TinyModels.of(5).write().save(path);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            OdeNetClassificationModel six = TinyModels.of(6);
            Future<?> first = pool.submit(() -> {
                AtomicSave.save(fs, path, true, dir -> {
                    writing.countDown();
                    try {
                        assertTrue(release.await(60, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new IOException("interrupted", e);
                    }
                    new ModelPersistence.ModelWriter(six).saveImpl(dir);
                });
                return null;
            });
            assertTrue(writing.await(60, TimeUnit.SECONDS), "the first save started writing");
            IOException second = assertThrows(IOException.class, () -> TinyModels.of(7).write().overwrite().save(path));
            String lock = tmp.resolve("_model.saving").toString();
            assertTrue(second.getMessage().startsWith("another save to file:" + path + " is in progress (lock file:"
                    + lock + " held by process " + ProcessHandle.current().pid() + " on host "), second.getMessage());
            assertTrue(second.getMessage().endsWith("); wait for it to finish, or delete the lock if no save is "
                    + "running"), second.getMessage());
            TinyModels.assertPredictsAs(5, OdeNetClassificationModel.load(path));
            release.countDown();
            first.get(60, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        TinyModels.assertPredictsAs(6, OdeNetClassificationModel.load(path));
        assertEquals(List.of("model"), names(tmp));
    }

    @Test
    void concurrentSavesNeverNestOrMixModels(@TempDir Path tmp) throws Exception {
        String path = tmp.resolve("model").toString();
        TinyModels.of(10).write().save(path);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<int[]>> writers = new ArrayList<>();
        try {
            for (int t = 0; t < 2; t++) {
                int base = 100 * (t + 1);
                writers.add(pool.submit(() -> {
                    int saved = 0;
                    int refused = 0;
                    for (int i = 0; i < 6; i++) {
                        try {
                            TinyModels.of(base + i).write().overwrite().save(path);
                            saved++;
                        } catch (IOException e) {
                            assertTrue(e.getMessage().startsWith("another save to "), e.getMessage());
                            refused++;
                        }
                    }
                    return new int[] {saved, refused};
                }));
            }
            int saved = 0;
            for (Future<int[]> w : writers) {
                saved += w.get(120, TimeUnit.SECONDS)[0];
            }
            assertTrue(saved >= 1, "at least one save succeeded");
        } finally {
            pool.shutdownNow();
        }
        OdeNetClassificationModel loaded = OdeNetClassificationModel.load(path);
        int seed = TinyModels.seedOf(loaded, 205);
        assertTrue(seed >= 100, "the path holds one of the saved models, got " + seed);
        TinyModels.assertPredictsAs(seed, loaded);
        assertEquals(List.of("model"), names(tmp));
        try (Stream<Path> inside = Files.list(tmp.resolve("model"))) {
            assertEquals(List.of("data", "metadata"), inside.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList(), "no model nested inside another");
        }
    }

    @Test
    void aPathMissingBetweenTheTwoRenamesLoadsTheCompleteSibling(@TempDir Path tmp) throws IOException {
        String path = tmp.resolve("model").toString();
        TinyModels.of(11).write().save(path);
        TinyModels.of(12).write().save(tmp.resolve("new").toString());
        // the instant between "old -> previous" and "complete -> model"
        Files.move(tmp.resolve("model"), tmp.resolve("_model.previous-1"));
        Files.move(tmp.resolve("new"), tmp.resolve("_model.complete-1"));
        TinyModels.assertPredictsAs(12, OdeNetClassificationModel.load(path));
        assertEquals(List.of("_model.previous-1", "model"), names(tmp));
        TinyModels.of(13).write().overwrite().save(path);
        assertEquals(List.of("model"), names(tmp), "the next save deletes the previous one");

        // only the old one moved aside (the new one lost, e.g. deleted by hand): the old one comes back
        Files.move(tmp.resolve("model"), tmp.resolve("_model.previous-2"));
        TinyModels.assertPredictsAs(13, OdeNetClassificationModel.load(path));
        assertEquals(List.of("model"), names(tmp));
    }

    @Test
    void leftoversOfKilledSavesAreDeletedByTheNextSave(@TempDir Path tmp) throws IOException {
        String path = tmp.resolve("model").toString();
        TinyModels.of(14).write().save(path);
        Files.createDirectories(tmp.resolve("_model.incomplete-9").resolve("metadata"));
        TinyModels.of(15).write().save(tmp.resolve("_model.complete-9").toString());
        TinyModels.of(16).write().save(tmp.resolve("_model.previous-8").toString());
        TinyModels.assertPredictsAs(14, OdeNetClassificationModel.load(path));
        TinyModels.of(17).write().overwrite().save(path);
        TinyModels.assertPredictsAs(17, OdeNetClassificationModel.load(path));
        assertEquals(List.of("model"), names(tmp));
    }

    @Test
    void aStaleLockOfADeadProcessIsBrokenAnyOtherRefuses(@TempDir Path tmp) throws Exception {
        String path = tmp.resolve("model").toString();
        TinyModels.of(18).write().save(path);
        Path lock = tmp.resolve("_model.saving");
        Process dead = new ProcessBuilder("true").start();
        assertTrue(dead.waitFor(30, TimeUnit.SECONDS));
        String host = java.net.InetAddress.getLocalHost().getHostName();
        Files.writeString(lock, "pid=" + dead.pid() + "\nhost=" + host + "\nsince=2026-01-01T00:00:00Z\ntoken=t\n");
        TinyModels.of(19).write().overwrite().save(path);
        TinyModels.assertPredictsAs(19, OdeNetClassificationModel.load(path));
        assertFalse(Files.exists(lock), "the stale lock was broken and the save's own released");

        // a live process elsewhere: refused, the model untouched
        Files.writeString(lock, "pid=" + dead.pid() + "\nhost=other-host\nsince=2026-01-01T00:00:00Z\ntoken=t\n");
        IOException other = assertThrows(IOException.class, () -> TinyModels.of(20).write().overwrite().save(path));
        assertTrue(other.getMessage().contains("held by process " + dead.pid() + " on host other-host since "
                + "2026-01-01T00:00:00Z)"), other.getMessage());
        // a crafted lock naming no process: refused, never a NumberFormatException
        Files.writeString(lock, "pid=99999999999999999999999\n", StandardCharsets.UTF_8);
        IOException crafted = assertThrows(IOException.class, () -> TinyModels.of(20).write().overwrite().save(path));
        assertTrue(crafted.getMessage().contains("held by an unknown process (the lock file names none)"),
                crafted.getMessage());
        TinyModels.assertPredictsAs(19, OdeNetClassificationModel.load(path));
        assertTrue(Files.exists(lock), "a lock this save does not own is left in place");
    }

    @Test
    void anEstimatorOverwriteKeepsItsParams(@TempDir Path tmp) throws IOException {
        String path = tmp.resolve("estimator").toString();
        new OdeNetClassifier().setLayers(3).write().save(path);
        new OdeNetClassifier().setLayers(9).write().overwrite().save(path);
        assertEquals(9, OdeNetClassifier.load(path).getLayers());
        assertEquals(List.of("estimator"), names(tmp));
        IOException exists = assertThrows(IOException.class, () -> new OdeNetClassifier().write().save(path));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    }

    /** The names in {@code dir}, sorted, without Hadoop's checksum files. */
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
        }
    }
}
