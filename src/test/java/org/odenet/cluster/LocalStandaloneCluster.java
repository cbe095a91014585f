package org.odenet.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on 127.0.0.1 made of the project's own dependency jars: a Master and workers
 * (one core, 1 GiB each), started as child processes with {@code SPARK_HOME} pointing at a directory whose
 * {@code jars/} links every runtime jar. Every process is tracked by PID and stopped by {@link #close()},
 * executors included.
 */
final class LocalStandaloneCluster implements AutoCloseable {
    private final Path home;
    private final Path logs;
    private final List<Process> daemons = new ArrayList<>();
    private final int masterPort;

    private LocalStandaloneCluster(Path home, Path logs, int masterPort) {
        this.home = home;
        this.logs = logs;
        this.masterPort = masterPort;
    }

    /** Starts a Master and {@code workers} workers and waits until they have registered. */
    static LocalStandaloneCluster start(Path projectDir, Path workDir, int workers) throws IOException,
            InterruptedException {
        Path home = workDir.resolve("spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        for (String entry : Files.readString(projectDir.resolve("target/classpath.txt")).trim().split(":")) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        // Spark's launcher (which the workers use to start executors) takes SPARK_HOME/jars as the class path
        // of a released distribution, which it recognises by a RELEASE file.
        Files.writeString(home.resolve("RELEASE"), "Spark from the Maven jars of odenet-spark, for tests\n");
        Path logs = workDir.resolve("logs");
        Files.createDirectories(logs);
        LocalStandaloneCluster cluster = new LocalStandaloneCluster(home, logs, freePort());
        try {
            cluster.daemon(projectDir, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(freePort()));
            waitForPort(cluster.masterPort, Duration.ofSeconds(60));
            for (int w = 0; w < workers; w++) {
                Path workerDir = workDir.resolve("worker-" + w);
                Files.createDirectories(workerDir);
                cluster.daemon(projectDir, "worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", "1g", "--webui-port", String.valueOf(freePort()), "--work-dir",
                        workerDir.toString(), cluster.masterUrl());
            }
            cluster.waitForLog("master", "Registering worker", workers, Duration.ofSeconds(90));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    Path home() {
        return home;
    }

    private void daemon(Path projectDir, String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m",
                "@" + projectDir.resolve("conf/java-options"), "-cp", home.resolve("jars") + "/*", mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_HOSTNAME", "localhost");
        env.put("OPENBLAS_NUM_THREADS", "1");
        daemons.add(pb.start());
    }

    /** Waits until {@code name}'s log holds {@code text} at least {@code count} times. */
    void waitForLog(String name, String text, int count, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Path log = logs.resolve(name + ".log");
        while (System.nanoTime() < end) {
            if (Files.exists(log)) {
                String content = Files.readString(log);
                if (content.split(java.util.regex.Pattern.quote(text), -1).length - 1 >= count) {
                    return;
                }
            }
            for (Process p : daemons) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster daemon exited early; see " + logs);
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out waiting for '" + text + "' in " + log);
    }

    /** PIDs of the executors the workers run for applications (children of the worker processes). */
    List<ProcessHandle> executors() {
        return daemons.stream().flatMap(Process::descendants)
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    @Override
    public void close() {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : daemons) {
            try {
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port + " after " + timeout);
    }
}
