package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit.sh} end to end, without SPARK_HOME: the driver's heap options, an unreachable master and a driver
 * out of heap. The script runs from a copy of the project's scripts and settings whose {@code target/} holds the
 * test classpath, so it never builds.
 */
class SubmitScriptTest {
    private static final Pattern HEAP = Pattern.compile("driver heap (\\d+) MiB");

    @TempDir
    static Path project;

    /** What one run of submit.sh did. */
    private record Run(int exitCode, String output, double seconds) {
        long heapMiB() {
            Matcher m = HEAP.matcher(output);
            assertTrue(m.find(), "the job logs its driver heap:\n" + output);
            return Long.parseLong(m.group(1));
        }
    }

    @BeforeAll
    static void copyScriptsAndPointTargetAtTheTestClasspath() throws IOException {
        Files.copy(Path.of("submit.sh"), project.resolve("submit.sh"));
        for (String dir : new String[] {"conf", "jobs"}) {
            Files.createDirectories(project.resolve(dir));
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, project.resolve(dir).resolve(f.getFileName()));
                }
            }
        }
        Path target = Files.createDirectories(project.resolve("target"));
        // the jobs' classes come from the classpath; the application jar spark-submit wants may be empty
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream out = Files.newOutputStream(target.resolve("odenet-spark.jar"));
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Files.writeString(target.resolve("classpath.txt"), classpath);
    }

    private static Run submit(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", project.resolve("submit.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().remove("SPARK_HOME");
        pb.environment().remove("ODENET_DRIVER_MEMORY");
        pb.environment().remove("ODENET_LOG_CONFIG");
        long start = System.nanoTime();
        Process p = pb.start();
        byte[] out;
        try {
            out = p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "submit.sh ends");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), (System.nanoTime() - start) / 1e9);
    }

    @Test
    void driverMemoryOptionAndSparkConfBecomeTheDriversHeap() throws Exception {
        // an unknown key stops the job right after it logged its heap, before Spark starts
        Run option = submit("generate-data", "--driver-memory", "1g", "no_such_key=1");
        assertEquals(2, option.exitCode(), option.output());
        assertTrue(option.output().contains("unknown key 'no_such_key'"), option.output());
        long heap = option.heapMiB();
        assertTrue(heap > 0.85 * 1024 && heap <= 1024, "--driver-memory 1g gives a 1 GiB heap, got " + heap + " MiB");

        Run conf = submit("generate-data", "--conf", "spark.driver.memory=700m", "no_such_key=1");
        assertEquals(2, conf.exitCode(), conf.output());
        heap = conf.heapMiB();
        assertTrue(heap > 0.85 * 700 && heap <= 700, "spark.driver.memory=700m gives 700 MiB, got " + heap + " MiB");

        Run bad = submit("generate-data", "--driver-memory", "lots");
        assertEquals(2, bad.exitCode(), bad.output());
        assertTrue(bad.output().startsWith("submit.sh: --driver-memory must be a size such as 8g or 512m, got 'lots'"),
                bad.output());
    }

    @Test
    void withSparkHomeTheDriverMemoryGoesToSparkSubmitOnce() throws Exception {
        // a stand-in spark-submit that prints its arguments one per line
        Path sparkHome = project.resolve("fake-spark");
        Path bin = Files.createDirectories(sparkHome.resolve("bin"));
        Path script = Files.writeString(bin.resolve("spark-submit"), "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        assertTrue(script.toFile().setExecutable(true));
        Files.createDirectories(project.resolve("target/app-lib"));
        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("submit.sh").toString(), "generate-data",
                "--conf", "spark.driver.memory=3g", "--conf", "spark.ui.enabled=false")
                .directory(project.toFile()).redirectErrorStream(true);
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().remove("ODENET_DRIVER_MEMORY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> args = out.lines().toList();
        int at = args.indexOf("--driver-memory");
        assertTrue(at >= 0 && args.get(at + 1).equals("3g"), out);
        assertFalse(out.contains("spark.driver.memory"), "given once, as --driver-memory:\n" + out);
        assertTrue(out.contains("spark.ui.enabled=false"), "other settings pass through:\n" + out);
    }

    @Test
    void anUnreachableMasterFailsWithin30SecondsNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "spark://127.0.0.1:" + port;
        Run run = submit("generate-data", "--master", url, "datasets=spiral", "samples=10",
                "output=" + project.resolve("unreached"));
        assertEquals(2, run.exitCode(), run.output());
        // submit.sh probes before it starts a JVM (the job probes again when started by other means)
        assertTrue(run.output().startsWith("submit.sh: cannot reach the Spark master " + url + " (127.0.0.1:" + port
                + ": Connection refused)"), run.output());
        assertFalse(run.output().contains("stopped SparkContext"), run.output());
        assertTrue(run.seconds() < 30, "failed after " + run.seconds() + " s");
    }

    @Test
    void aDriverOutOfHeapSaysWhichSettingToRaiseWithoutAStackTrace() throws Exception {
        // 10^8 samples need 1.6 GB of doubles on the driver: more than its 600 MiB
        Run run = submit("generate-data", "--conf", "spark.driver.memory=600m", "--conf", "spark.ui.enabled=false",
                "datasets=spiral", "samples=100000000", "output=" + project.resolve("oom"));
        assertEquals(Main.EXIT_OUT_OF_MEMORY, run.exitCode(), run.output());
        assertTrue(run.output().contains("odenet: the driver ran out of memory (Java heap space, driver heap "
                + run.heapMiB() + " MiB); raise it with ./submit.sh ... --driver-memory 2g"), run.output());
        assertTrue(run.output().contains("submit.sh: exit code 52 means a JVM ran out of heap; the driver had 600m "
                + "(--conf spark.driver.memory)"), run.output());
        assertFalse(run.output().contains("\tat "), "no stack trace:\n" + run.output());
    }
}
