package org.odenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.spark.SparkTestSession;

/**
 * Issue 13, item 3: {@code write().overwrite().save()} killed with SIGKILL at random moments never loses the
 * model. Each of 20 rounds starts a JVM ({@link SaveLoopChild}) that overwrites one path in a loop, kills it a
 * random time into a save (seeded; spread over the duration of a save, measured in the first round), and
 * checks that the path loads the last model saved or the one being saved — bit for bit its predictions.
 */
class SaveKillLoopTest {
    private static final int ROUNDS = 20;
    private static final long START_TIMEOUT_S = 90;

    @Test
    void killedOverwriteSavesLoseNoModel(@TempDir Path tmp) throws Exception {
        SparkTestSession.get();
        String path = tmp.resolve("model").toString();
        TinyModels.of(0).write().save(path);
        Random random = new Random(13);
        int expected = 0; // the seed of the model the path must hold, unless a save was in flight
        long coldSaveMs = -1;
        int duringSave = 0;
        int restored = 0;
        int lockLeft = 0;
        int stagingLeft = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int first = 1000 * (round + 1);
            Child child = Child.start(tmp, path, first, round);
            try {
                String begin = child.awaitLine("begin ");
                assertEquals("begin " + first, begin);
                if (coldSaveMs < 0) {
                    // first round: let one save finish to measure it, then kill in the next
                    String saved = child.awaitLine("saved ");
                    coldSaveMs = Long.parseLong(saved.split(" ")[2]);
                    System.out.println("SaveKillLoopTest: a save in a fresh child JVM takes " + coldSaveMs + " ms");
                }
                Thread.sleep((long) (random.nextDouble() * 1.2 * coldSaveMs));
            } finally {
                child.kill();
            }
            List<String> lines = child.allLines();
            int lastSaved = expected;
            int inFlight = -1;
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f[0].equals("begin")) {
                    inFlight = Integer.parseInt(f[1]);
                } else if (f[0].equals("saved")) {
                    lastSaved = Integer.parseInt(f[1]);
                    inFlight = -1;
                }
            }
            duringSave += inFlight >= 0 ? 1 : 0;
            List<String> left = siblings(tmp);
            lockLeft += left.contains("_model.saving") ? 1 : 0;
            stagingLeft += left.stream().anyMatch(n -> n.startsWith("_model.incomplete-")
                    || n.startsWith("_model.complete-") || n.startsWith("_model.previous-")) ? 1 : 0;
            restored += Files.exists(tmp.resolve("model")) ? 0 : 1;
            OdeNetClassificationModel loaded = OdeNetClassificationModel.load(path);
            int seed = TinyModels.seedOf(loaded, Math.max(lastSaved, inFlight));
            assertTrue(seed == lastSaved || (inFlight >= 0 && seed == inFlight), "round " + round + ": the path holds "
                    + (seed < 0 ? "no saved model" : "model " + seed) + ", expected " + lastSaved
                    + (inFlight >= 0 ? " or " + inFlight : "") + "; left beside it: " + left);
            TinyModels.assertPredictsAs(seed, loaded);
            expected = seed;
        }
        System.out.printf("SaveKillLoopTest: %d rounds, %d kills during a save (the rest between two saves); "
                        + "left behind: a lock %d times, staging or swap directories %d times, no model at the "
                        + "path (restored by load) %d times; models lost: 0%n",
                ROUNDS, duringSave, lockLeft, stagingLeft, restored);
        assertTrue(duringSave >= ROUNDS / 2, "only " + duringSave + " of " + ROUNDS + " kills landed during a save");

        TinyModels.of(7).write().overwrite().save(path);
        TinyModels.assertPredictsAs(7, OdeNetClassificationModel.load(path));
        assertEquals(List.of(), siblings(tmp), "the next save deletes what killed saves left");
    }

    /** Names beside the model that saves create ({@code _model.*}). */
    private static List<String> siblings(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_model.")).sorted().toList();
        }
    }

    /** A {@link SaveLoopChild} JVM and its stdout, line by line. */
    private record Child(Process process, BlockingQueue<String> queue, List<String> lines, Thread reader, Path log) {
        static Child start(Path tmp, String path, int firstSeed, int round) throws IOException {
            Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
            List<String> command = new ArrayList<>();
            command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
            command.add("-Xmx512m");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            command.add("-Djava.io.tmpdir=" + childTmp);
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.startsWith("--add-") || arg.startsWith("-XX:+IgnoreUnrecognized") || arg.startsWith("-Dio.netty")) {
                    command.add(arg);
                }
            }
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(SaveLoopChild.class.getName());
            command.add(path);
            command.add(Integer.toString(firstSeed));
            Path log = tmp.resolve("child-" + round + ".log");
            Process process = new ProcessBuilder(command).directory(childTmp.toFile())
                    .redirectError(log.toFile()).start();
            BlockingQueue<String> queue = new LinkedBlockingQueue<>();
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                        queue.add(line);
                    }
                } catch (IOException e) {
                    // the child was killed: what was read is what it printed
                }
            }, "save-loop-child-stdout");
            reader.setDaemon(true);
            reader.start();
            return new Child(process, queue, lines, reader, log);
        }

        /** The next line starting with {@code prefix}; fails with the child's log if it does not come. */
        String awaitLine(String prefix) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
            while (System.nanoTime() < deadline) {
                String line = queue.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive() && queue.isEmpty()) {
                    break;
                }
            }
            String log = Files.exists(log()) ? Files.readString(log()) : "";
            throw new AssertionError("the child printed no '" + prefix + "' line; its log ends with:\n"
                    + log.substring(Math.max(0, log.length() - 4000)));
        }

        /** SIGKILL (destroyForcibly on Linux), then wait for it and its stdout. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            reader.join(10_000);
            assertFalse(reader.isAlive(), "the child's stdout did not end");
        }

        List<String> allLines() {
            assertNotNull(lines);
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }
}
