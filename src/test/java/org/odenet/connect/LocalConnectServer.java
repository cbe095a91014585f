package org.odenet.connect;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Spark's own Connect server ({@code SparkConnectServer}, from Maven's spark-connect jar) in a child JVM on
 * 127.0.0.1, Spark in {@code local[2]} inside it, with the project's packaged jar on its class path — the jar
 * must be on the server's class path, as {@code start-connect-server.sh --jars} or {@code spark.jars} put it.
 * Stopped by PID (with its descendants) by {@link #close()}; its log and temporary files stay in {@code workDir}.
 */
final class LocalConnectServer implements AutoCloseable {
    static final String MAIN_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer";

    private final Process process;
    private final int port;
    private final Path log;

    private LocalConnectServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the server and waits until it accepts connections. */
    static LocalConnectServer start(Path projectDir, Path workDir) throws IOException, InterruptedException {
        Path jar = projectDir.resolve("target/odenet-spark.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests after package (mvn verify)");
        }
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "@" + projectDir.resolve("conf/java-options"),
                "-Djava.io.tmpdir=" + tmp,
                "-Dspark.master=local[2]",
                "-Dspark.app.name=odenet-connect-it",
                "-Dspark.ui.enabled=false",
                "-Dspark.driver.host=127.0.0.1",
                "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.local.dir=" + tmp,
                "-Dspark.sql.shuffle.partitions=2",
                "-Dspark.connect.grpc.binding.address=127.0.0.1",
                "-Dspark.connect.grpc.binding.port=" + port,
                "-cp", serverClassPath(jar), MAIN_CLASS));
        Path log = workDir.resolve("connect-server.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.remove("SPARK_HOME");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("OPENBLAS_NUM_THREADS", "1");
        LocalConnectServer server = new LocalConnectServer(pb.start(), port, log);
        try {
            server.awaitPort(Duration.ofSeconds(300));
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * The jars of this JVM's class path (Spark, spark-connect and what it needs; test tools do no harm) with the
     * project's classes replaced by its packaged jar.
     */
    private static String serverClassPath(Path jar) {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith(".jar") && Files.isRegularFile(Path.of(e)))
                .filter(e -> !Path.of(e).getFileName().toString().startsWith("odenet-spark"))
                .collect(Collectors.toCollection(ArrayList::new));
        if (entries.stream().noneMatch(e -> e.contains("spark-connect_"))) {
            throw new IllegalStateException("spark-connect is not on the test class path: " + entries);
        }
        entries.add(0, jar.toString());
        return String.join(File.pathSeparator, entries);
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    private void awaitPort(Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Connect server exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Connect server does not listen on 127.0.0.1:" + port + " after "
                + timeout + "; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
