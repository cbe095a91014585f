package org.odenet.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.odenet.numerics.BlasGemm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * The entry point of every job ({@code submit.sh} starts it through spark-submit): {@code odenet <job>
 * [--config FILE] [key=value ...]}. A job reads its settings from {@code jobs/<job>.properties}, where
 * every key is documented; {@code key=value} arguments override them.
 */
@Command(name = "odenet", mixinStandardHelpOptions = true, version = "odenet-spark",
        description = "Runs a job of odenet-spark. Settings: jobs/<job>.properties, overridden by key=value.")
public final class Main implements Callable<Integer> {
    /** Exit code of a job that ran out of driver heap; Spark's own code for a JVM out of memory. */
    static final int EXIT_OUT_OF_MEMORY = 52;
    /** How long the standalone master gets to accept a connection before the job is refused. */
    private static final int MASTER_CONNECT_TIMEOUT_MILLIS = 5000;
    /** How long the standalone master gets to register the application (Spark alone waits 3 × 20 s). */
    private static final int MASTER_REGISTRATION_PATIENCE_MILLIS = 15000;
    private static final Logger LOG = LogManager.getLogger(Main.class);

    /** The jobs, name and one line each. */
    static final String[][] JOBS = {
        {"smoke", "quick end-to-end check: the four nets on the spiral data, figures and report (< 2 min)"},
        {"architectures", "paper 5.2: Net, ResNet, ODENet, ODENet+simplex on the four toy data sets"},
        {"tableaux", "paper 5.3: Euler, Improved Euler, Kutta3, Kutta4 on the four toy data sets"},
        {"mnist", "paper 5.4: the four nets on MNIST100 (digits 0 and 8)"},
        {"robustness", "accuracy of the four nets under FGSM perturbations, toy data sets and MNIST100"},
        {"augmentation", "the four nets with and without extra zero channels on donut2d and squares"},
        {"compare", "time to accuracy: our recommended networks vs MLlib's MLP and LogisticRegression on MNIST"},
        {"generate-data", "writes the toy data sets (train and test) as libsvm, csv or parquet"},
        {"benchmark", "performance: kernel vs dgemm, vs Spark MLlib's MLP, toy-size overhead, scaling"},
    };

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns the exit code (0 success, 1 failure, 2 bad usage or settings, 52 out of
     * driver heap).
     */
    static int run(String[] args) {
        return run(args, new java.io.PrintWriter(System.err, true));
    }

    /** As {@link #run(String[])}, writing errors to {@code err}. */
    static int run(String[] args, java.io.PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(err);
        for (String[] job : JOBS) {
            JobCommand command = new JobCommand(job[0]);
            CommandLine sub = new CommandLine(command);
            sub.setErr(err);
            sub.getCommandSpec().usageMessage().description(job[1]);
            cli.addSubcommand(job[0], sub);
        }
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            OutOfMemoryError oom = outOfMemory(e);
            if (oom != null) {
                return reportOutOfMemory(oom, commandLine.getErr());
            }
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                commandLine.getErr().println("odenet: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("odenet: the job failed: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return reportOutOfMemory(e, err);
        }
    }

    /** The OutOfMemoryError among {@code e} and its causes, or null. */
    private static OutOfMemoryError outOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /** One line naming the heap and the settings that raise it, without a stack trace. */
    private static int reportOutOfMemory(OutOfMemoryError e, java.io.PrintWriter err) {
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        long suggestGiB = Math.max(1, (2 * heapMiB + 1023) / 1024);
        err.println("odenet: the driver ran out of memory (" + e.getMessage() + ", driver heap " + heapMiB
                + " MiB); raise it with ./submit.sh ... --driver-memory " + suggestGiB + "g (or --conf spark.driver.memory="
                + suggestGiB + "g)");
        err.flush();
        return EXIT_OUT_OF_MEMORY;
    }

    /** One job: its configuration file and overrides. */
    @Command(mixinStandardHelpOptions = true)
    static final class JobCommand implements Callable<Integer> {
        private final String job;

        @Option(names = "--config", paramLabel = "FILE",
                description = "the job's configuration (default: jobs/<job>.properties)")
        Path config;

        @Parameters(paramLabel = "key=value", description = "overrides of keys of the configuration file")
        List<String> overrides = new ArrayList<>();

        JobCommand(String job) {
            this.job = job;
        }

        @Override
        public Integer call() throws Exception {
            LOG.info("odenet: {} on {}, driver heap {} MiB", job, new SparkConf().get("spark.master", "local[*]"),
                    Runtime.getRuntime().maxMemory() >> 20);
            LOG.info("odenet: BLAS: {}", BlasGemm.description());
            Path file = config != null ? config : Path.of("jobs", job + ".properties");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("configuration file " + file.toAbsolutePath()
                        + " not found; run from the project directory or pass --config FILE");
            }
            Path documented = Path.of("jobs", job + ".properties");
            boolean other = config != null && Files.isRegularFile(documented)
                    && !Files.isSameFile(documented, config);
            JobSettings settings = JobSettings.load(file, overrides, other ? documented : null);
            SparkSession spark = session(job);
            try {
                if (job.equals("generate-data")) {
                    GenerateDataJob.run(spark, settings);
                } else if (job.equals("compare")) {
                    new CompareJob(spark, settings).run();
                } else if (job.equals("benchmark")) {
                    BenchmarkJob benchmark = new BenchmarkJob(spark, settings);
                    benchmark.run();
                    spark = benchmark.session();
                } else {
                    Path page = new ExperimentJob(spark, job, settings).run();
                    System.out.println("odenet: report " + page);
                }
            } finally {
                spark.stop();
            }
            return 0;
        }
    }

    /**
     * The session spark-submit configured (named "odenet &lt;job&gt;" unless spark-submit's --name said otherwise),
     * or a local one using every core when no master is set. A standalone
     * master must accept a connection within 5 s and register the application within 15 s.
     *
     * @throws IllegalStateException naming the master URL when it cannot be reached or does not register the
     *     application
     */
    static SparkSession session(String job) {
        SparkConf conf = new SparkConf();
        // spark-submit names the application after its main class unless --name gives another name
        String name = conf.get("spark.app.name", Main.class.getName());
        SparkSession.Builder builder = SparkSession.builder()
                .appName(name.equals(Main.class.getName()) ? "odenet " + job : name);
        if (!conf.contains("spark.master")) {
            builder.master("local[*]");
        }
        String master = conf.get("spark.master", "local[*]");
        if (!StandaloneMaster.isStandalone(master)) {
            return builder.getOrCreate();
        }
        return new StandaloneMaster(master).createSession(builder, MASTER_CONNECT_TIMEOUT_MILLIS,
                MASTER_REGISTRATION_PATIENCE_MILLIS);
    }
}
