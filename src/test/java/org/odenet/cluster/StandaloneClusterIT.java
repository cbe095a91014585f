package org.odenet.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.odenet.ml.OdeNetClassificationModel;
import org.odenet.spark.SparkTestSession;

/**
 * The training job on a real Spark standalone cluster (a Master and two one-core workers on 127.0.0.1, from
 * the project's own jars), submitted with {@code submit.sh --master spark://...}: it gives the same result
 * as local mode, survives the loss of an executor, and a killed driver resumes from its checkpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final Logger LOG = LogManager.getLogger(StandaloneClusterIT.class);
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final int ITERATIONS = 300;
    private static Path work;
    private static LocalStandaloneCluster cluster;
    private static double localLoss;
    private static double clusterLoss;
    private static Path clusterOutput;

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createTempDirectory(PROJECT.resolve("target"), "cluster-it-");
        long t0 = System.nanoTime();
        cluster = LocalStandaloneCluster.start(PROJECT, work, 2);
        LOG.info(String.format(Locale.ROOT, "cluster: master and 2 workers ready in %.1f s", (System.nanoTime() - t0) / 1e9));
        Path local = work.resolve("local");
        Process p = submit("local[2]", local, false, "local.log");
        assertEquals(0, finish(p, "local.log"), "the local run succeeds");
        localLoss = finalLoss(local);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Starts {@code ./submit.sh smoke} with a small spiral run on the Spark engine. */
    private static Process submit(String master, Path output, boolean checkpoint, String log) throws IOException {
        return submit(master, output, checkpoint, log, null);
    }

    private static Process submit(String master, Path output, boolean checkpoint, String log, Path logConfig)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of("./submit.sh", "smoke", "--master", master,
                "--conf", "spark.executor.memory=512m", "--conf", "spark.cores.max=2",
                "datasets=spiral", "architectures=odenet_simplex", "engine=spark", "samples=300", "partitions=2",
                "iterations=" + ITERATIONS, "figures=false", "progressInterval=10", "testInterval=50",
                "checkpoint=" + checkpoint, "checkpointInterval=20", "output=" + output));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(log).toFile()));
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("ODENET_DRIVER_MEMORY", "1g");
        if (logConfig != null) {
            pb.environment().put("ODENET_LOG_CONFIG", logConfig.toString());
        }
        return pb.start();
    }

    private static int finish(Process p, String log) throws InterruptedException, IOException {
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException("the job did not finish in 240 s; see " + work.resolve(log));
        }
        if (p.exitValue() != 0) {
            LOG.warn(Files.readString(work.resolve(log)));
        }
        return p.exitValue();
    }

    /** Waits until the job's log shows training at iteration {@code k} or later. */
    private static void awaitIteration(String log, int k) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        java.util.regex.Pattern progress = java.util.regex.Pattern.compile("iteration (\\d+)/" + ITERATIONS);
        while (System.nanoTime() < end) {
            Path f = work.resolve(log);
            if (Files.exists(f)) {
                java.util.regex.Matcher m = progress.matcher(Files.readString(f));
                int last = -1;
                while (m.find()) {
                    last = Integer.parseInt(m.group(1));
                }
                if (last >= k) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("training never reached iteration " + k + "; see " + work.resolve(log));
    }

    private static double finalLoss(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output.resolve("spiral/odenet_simplex/history.csv"));
        String[] last = lines.get(lines.size() - 1).split(",");
        assertEquals(String.valueOf(ITERATIONS), last[0], "the run did all its iterations");
        return Double.parseDouble(last[1]);
    }

    private static double[] controls(Path output) {
        SparkTestSession.get();
        return OdeNetClassificationModel.load(output.resolve("spiral/odenet_simplex/model").toString()).parameters();
    }

    @Test
    @Order(1)
    void aRunOnTheClusterEqualsTheLocalRun() throws Exception {
        clusterOutput = work.resolve("cluster");
        long t0 = System.nanoTime();
        assertEquals(0, finish(submit(cluster.masterUrl(), clusterOutput, false, "cluster.log"), "cluster.log"));
        LOG.info(String.format(Locale.ROOT, "cluster run: %.1f s", (System.nanoTime() - t0) / 1e9));
        clusterLoss = finalLoss(clusterOutput);
        assertEquals(localLoss, clusterLoss, 1e-9 * localLoss, "final loss, cluster vs local[2]");
        String log = Files.readString(work.resolve("cluster.log"));
        assertTrue(log.contains("spark engine"), "the passes ran on the executors");
    }

    @Test
    @Order(2)
    void losingAnExecutorMidTrainingChangesNothing() throws Exception {
        Path out = work.resolve("executor-loss");
        Process p = submit(cluster.masterUrl(), out, false, "executor-loss.log",
                PROJECT.resolve("src/test/resources/log4j2-scheduler.properties"));
        awaitIteration("executor-loss.log", 60);
        List<ProcessHandle> executors = cluster.executors();
        assertEquals(2, executors.size(), "two executors run the job");
        long victim = executors.get(0).pid();
        executors.get(0).destroyForcibly();
        LOG.info(String.format(Locale.ROOT, "killed executor pid %d with SIGKILL", victim));
        assertEquals(0, finish(p, "executor-loss.log"), "the job survives the executor's loss");
        // what Spark did about it, for the record
        try (Stream<String> lines = Files.lines(work.resolve("executor-loss.log"))) {
            lines.filter(l -> l.contains("Lost executor") || l.contains("Resubmitt") || l.contains("Executor lost")
                    || l.contains("removed: Command exited") || l.contains("No more replicas")
                    || l.contains("its executor exited") || l.contains(" 1.1 in stage"))
                    .limit(30).forEach(l -> LOG.info("executor loss: " + l));
        }
        assertEquals(clusterLoss, finalLoss(out), 1e-9 * clusterLoss, "final loss with an executor killed");
        assertTrue(cluster.executors().stream().noneMatch(h -> h.pid() == victim));
    }

    @Test
    @Order(3)
    void aKilledDriverResumesFromItsCheckpointToTheSameControls() throws Exception {
        assertNotNull(clusterOutput, "needs the uninterrupted run of aRunOnTheClusterEqualsTheLocalRun");
        Path out = work.resolve("driver-loss");
        Process p = submit(cluster.masterUrl(), out, true, "driver-loss.log");
        awaitIteration("driver-loss.log", 110);
        // submit.sh (bash) runs one java process, the driver; its command line is too long for /proc to report
        List<ProcessHandle> drivers = p.descendants()
                .filter(h -> h.info().command().orElse("").endsWith("/java")).toList();
        assertEquals(1, drivers.size(), "one driver JVM under submit.sh");
        drivers.get(0).destroyForcibly();
        p.waitFor(60, TimeUnit.SECONDS);
        assertNotEquals(0, p.exitValue(), "submit.sh reports the killed driver");
        Path checkpoints = out.resolve("spiral/odenet_simplex/checkpoints");
        List<Path> files;
        try (Stream<Path> s = Files.list(checkpoints)) {
            files = s.filter(f -> f.getFileName().toString().matches("checkpoint-\\d+\\.odenet")).toList();
        }
        assertTrue(!files.isEmpty(), "the killed run left checkpoints");
        for (Path f : files) {
            assertWhole(f);
        }
        assertEquals(0, finish(submit(cluster.masterUrl(), out, true, "driver-loss.log"), "driver-loss.log"));
        assertTrue(Files.readString(work.resolve("driver-loss.log")).contains("resuming from checkpoint"));
        // the uninterrupted run is the first test's, without checkpoints: writing them changes nothing either
        assertArrayEquals(controls(clusterOutput), controls(out), 0.0,
                "controls after resume vs the uninterrupted run without checkpoints, bit for bit");
    }

    /** A checkpoint file is whole: magic bytes and a CRC-32 of everything before the last 8 bytes. */
    private static void assertWhole(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        assertTrue(b.length > 16, f + " is not empty");
        assertArrayEquals("ODENETCK".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Arrays.copyOf(b, 8), f + " header");
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        assertEquals(ByteBuffer.wrap(b, b.length - 8, 8).getLong(), crc.getValue(), f + " CRC");
    }
}
