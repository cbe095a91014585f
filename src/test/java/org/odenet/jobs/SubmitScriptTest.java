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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit.sh} end to end: without SPARK_HOME the driver's heap options, an unreachable master and a driver
 * out of heap; with SPARK_HOME a Spark distribution assembled from the Maven jars. The script runs from a copy of
 * the project's scripts and settings whose {@code target/} holds the test classpath, so it never builds.
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
        // the application jar: the main classes, as the build packs them (without SPARK_HOME they also come
        // from the classpath; a distribution's spark-submit takes them from here)
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        Path classes = Path.of("target/classes");
        try (OutputStream out = Files.newOutputStream(target.resolve("odenet-spark.jar"));
                JarOutputStream jar = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
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

    /**
     * A Spark distribution made of the project's dependency jars: {@code jars/} (the test classpath's jars),
     * {@code conf/spark-defaults.conf}, {@code RELEASE}, and a {@code bin/spark-submit} that does what Spark's
     * (through {@code bin/spark-class}) does: {@code org.apache.spark.launcher.Main}, from the spark-launcher jar,
     * prints the driver's java command (heap, class path, java options from the options and the properties
     * files), which it then runs.
     */
    private static Path sparkDistribution(String defaults) throws IOException {
        Path home = Files.createTempDirectory(project, "spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(jar) && !Files.exists(jars.resolve(jar.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        Files.writeString(home.resolve("RELEASE"), "Spark assembled from Maven jars for SubmitScriptTest\n");
        Files.writeString(Files.createDirectories(home.resolve("conf")).resolve("spark-defaults.conf"), defaults);
        // the launcher prints "\\0\\n", then the command's words, each ended by \\0; SPARK_SCALA_VERSION as
        // bin/load-spark-env.sh sets it
        Path submit = Files.writeString(Files.createDirectories(home.resolve("bin")).resolve("spark-submit"), """
                #!/usr/bin/env bash
                set -euo pipefail
                export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}"
                launch="$(mktemp)"
                java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \\
                  org.apache.spark.deploy.SparkSubmit "$@" > "$launch" || { rm -f "$launch"; exit 1; }
                mapfile -d '' words < "$launch"
                rm -f "$launch"
                command=("${words[@]:1}")
                command[0]="${command[0]#$'\\n'}"
                exec "${command[@]}"
                """);
        assertTrue(submit.toFile().setExecutable(true));
        return home;
    }

    @Test
    void withADistributionItsDefaultsApplyTheDriverBindsToLoopbackAndSparkSubmitOptionsPassThrough() throws Exception {
        Path events = Files.createDirectories(project.resolve("events"));
        Path sparkHome = sparkDistribution(String.join("\n",
                "spark.odenet.marker            from-the-distribution",
                "spark.odenet.overridden        by-the-distribution",
                "spark.sql.shuffle.partitions   3",
                "spark.eventLog.enabled         true",
                "spark.eventLog.compress        false",
                "spark.eventLog.dir             " + events.toUri(),
                "spark.ui.enabled               false", ""));
        Path output = project.resolve("with-distribution");
        Path shipped = Files.writeString(project.resolve("shipped-with-the-job.txt"), "a file for --files\n");
        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("submit.sh").toString(), "smoke",
                "--driver-memory", "700m", "--files", shipped.toString(), "--name", "odenet-distribution-test",
                "--conf", "spark.odenet.overridden=by-the-command-line", "architectures=resnet", "iterations=3",
                "figures=false", "output=" + output).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        for (String name : new String[] {"SPARK_CONF_DIR", "SPARK_LOCAL_IP", "ODENET_DRIVER_MEMORY", "ODENET_LOG_CONFIG"}) {
            pb.environment().remove(name);
        }
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "submit.sh ends");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        Run run = new Run(p.exitValue(), out, 0);
        assertEquals(0, run.exitCode(), out);
        assertTrue(Files.readString(output.resolve("results.csv")).contains("resnet"), "the job's results");
        long heap = run.heapMiB();
        assertTrue(heap > 0.85 * 700 && heap <= 700, "--driver-memory 700m reaches the driver JVM, got " + heap + " MiB");
        assertTrue(out.contains("odenet: BLAS: dev.ludovic.netlib.blas."), "the BLAS in use is logged:\n" + out);

        List<Path> logs;
        try (Stream<Path> files = Files.walk(events)) {
            logs = files.filter(f -> f.getFileName().toString().startsWith("events_")).toList();
        }
        assertEquals(1, logs.size(), "one event log: " + logs);
        String environment = Files.readAllLines(logs.get(0)).stream()
                .filter(l -> l.contains("\"Event\":\"SparkListenerEnvironmentUpdate\"")).findFirst().orElseThrow();
        for (String setting : new String[] {
            "\"spark.odenet.marker\":\"from-the-distribution\"", // the distribution's defaults apply
            "\"spark.sql.shuffle.partitions\":\"3\"",            // over the project's (8)
            "\"spark.broadcast.compress\":\"false\"",            // the project's where the distribution is silent
            "\"spark.odenet.overridden\":\"by-the-command-line\"", // --conf over both
            "\"spark.app.name\":\"odenet-distribution-test\"",    // spark-submit's options pass through
            "shipped-with-the-job.txt",                           // (spark.files)
            "\"spark.driver.host\":\"127.0.0.1\"",                // a local master binds to loopback
            "\"spark.driver.bindAddress\":\"127.0.0.1\""}) {
            assertTrue(environment.contains(setting), setting + " in the job's environment:\n" + environment);
        }
    }

    @Test
    void unknownOptionsAreRefusedNamingThem() throws Exception {
        Run run = submit("generate-data", "--executor-memroy", "2g");
        assertEquals(2, run.exitCode(), run.output());
        assertTrue(run.output().startsWith("submit.sh: unknown option '--executor-memroy'"), run.output());
        Run properties = submit("generate-data", "--properties-file", "my.conf");
        assertEquals(2, properties.exitCode(), properties.output());
        assertTrue(properties.output().startsWith("submit.sh: --properties-file: "), properties.output());
    }
}
