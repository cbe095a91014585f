package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.spark.SparkTestSession;

/** The job configuration files, settings handling and one small end-to-end experiment. */
class JobsTest {
    private static final Path CONF = Path.of("jobs");

    @Test
    void everyJobHasAConfigurationFileWhoseKeysAreAllDocumented() throws IOException {
        for (String[] job : Main.JOBS) {
            Path file = CONF.resolve(job[0] + ".properties");
            assertTrue(Files.isRegularFile(file), file + " exists");
            List<String> lines = Files.readAllLines(file);
            // a comment documents the keys that follow it up to the next blank line
            boolean documented = false;
            for (String line : lines) {
                String t = line.trim();
                if (t.startsWith("#")) {
                    documented = true;
                } else if (t.isEmpty()) {
                    documented = false;
                } else {
                    String key = t.split("=", 2)[0].trim();
                    assertTrue(documented, file + ": key '" + key + "' has no comment above it");
                }
            }
        }
    }

    @Test
    void overridesMustNameKnownKeysAndValuesMustParse(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("job.properties");
        Files.writeString(file, "# a\nlayers = 20\n# b\nnames = a, b ,,c\n");
        JobSettings s = JobSettings.load(file, List.of("layers=7"));
        assertEquals(7, s.getInt("layers"));
        assertEquals(List.of("a", "b", "c"), s.getList("names"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> JobSettings.load(file, List.of("layer=7")));
        assertTrue(unknown.getMessage().contains("unknown key 'layer'") && unknown.getMessage().contains("layers, names"),
                unknown.getMessage());
        assertTrue(JobSettings.isFamilyMember("model.mine", java.util.Set.of("model.mlp64", "models")));
        assertTrue(JobSettings.isFamilyMember("data.mine.train", java.util.Set.of("data.mnist100.train")));
        assertTrue(!JobSettings.isFamilyMember("data.mine.tran", java.util.Set.of("data.mnist100.train")),
                "a misspelt last segment");
        assertTrue(!JobSettings.isFamilyMember("modle.mine", java.util.Set.of("model.mlp64")), "a misspelt family");
        assertTrue(!JobSettings.isFamilyMember("model.", java.util.Set.of("model.mlp64")), "an empty name");
        assertTrue(!JobSettings.isFamilyMember("layers", java.util.Set.of("layers.x")), "one segment");
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> JobSettings.load(file, List.of("layers")));
        assertTrue(malformed.getMessage().contains("not of the form key=value"));
        IllegalArgumentException notInt = assertThrows(IllegalArgumentException.class,
                () -> JobSettings.load(file, List.of("layers=many")).getInt("layers"));
        assertTrue(notInt.getMessage().contains("key 'layers'") && notInt.getMessage().contains("'many'"));
        IllegalArgumentException notInts = assertThrows(IllegalArgumentException.class,
                () -> JobSettings.load(file, List.of("names=1,1e3")).getInts("names"));
        assertTrue(notInts.getMessage().contains("key 'names'") && notInts.getMessage().contains("'1,1e3'"),
                notInts.getMessage());
        assertEquals(2.5, JobSettings.load(file, List.of("names=1,2.5")).getDoubles("names")[1]);
    }

    @Test
    void anotherConfigurationFileMayNotMisspellKeysAndInheritsTheOthers(@TempDir Path tmp) throws IOException {
        Path reference = tmp.resolve("job.properties");
        Files.writeString(reference, "# a\niterations = 20\n# b\nlayers = 3\n# c\nmodel.a = x\n");
        Path mine = tmp.resolve("mine.properties");
        Files.writeString(mine, "iterations = 5\nmodel.b = y\n");
        JobSettings s = JobSettings.load(mine, List.of("layers=4"), reference);
        assertEquals(5, s.getInt("iterations"));
        assertEquals(4, s.getInt("layers"), "a key the file leaves out keeps the job's value, overrides still apply");
        assertEquals("y", s.get("model.b"));
        Files.writeString(mine, "iteratons = 2\n");
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> JobSettings.load(mine, List.of(), reference));
        assertTrue(typo.getMessage().contains("unknown key 'iteratons' in " + mine), typo.getMessage());
        Files.writeString(mine, "Layers = 3\n");
        assertThrows(IllegalArgumentException.class, () -> JobSettings.load(mine, List.of(), reference));
    }

    @Test
    void experimentSettingsThatDoNotParseNameTheirKey(@TempDir Path tmp) {
        for (String[] c : new String[][] {{"iterations=1e3", "key 'iterations'"}, {"partitions=0", "key 'partitions'"},
            {"blockSize=many", "key 'blockSize'"}}) {
            JobSettings s = JobSettings.load(CONF.resolve("smoke.properties"), List.of(c[0], "samples=20",
                    "output=" + tmp.resolve("out"), "figures=false"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ExperimentJob(SparkTestSession.get(), "smoke", s).run());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void dataFormatsComeFromTheExtensionOrAreAnError() {
        assertEquals("libsvm", DataReaders.formatOf("hdfs:///d/train.libsvm"));
        assertEquals("csv", DataReaders.formatOf("s3a://b/train.CSV"));
        assertEquals("parquet", DataReaders.formatOf("file:///out/spiral/train.parquet/"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataReaders.formatOf("/data/train.txt"));
        assertTrue(e.getMessage().contains("'/data/train.txt'") && e.getMessage().contains("*.parquet"), e.getMessage());
    }

    @Test
    void commandLineErrorsExitWithTwoAndSayWhy() {
        java.io.StringWriter err = new java.io.StringWriter();
        assertEquals(2, Main.run(new String[] {"smoke", "no_such_key=1"}, new java.io.PrintWriter(err, true)));
        assertTrue(err.toString().contains("unknown key 'no_such_key'"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, Main.run(new String[] {"smoke", "--config", "/nonexistent.properties"},
                new java.io.PrintWriter(err, true)));
        assertTrue(err.toString().contains("/nonexistent.properties not found"), err.toString());
        assertEquals(0, Main.run(new String[] {"--help"}));
        assertEquals(0, Main.run(new String[] {"architectures", "--help"}));
    }

    @Test
    void aSmallExperimentWritesModelsHistoriesFiguresAndTheReport(@TempDir Path tmp) throws IOException {
        SparkSession spark = SparkTestSession.get();
        List<String> overrides = new ArrayList<>(List.of("iterations=15", "samples=120", "testInterval=5",
                "architectures=net,odenet_simplex", "output=" + tmp.resolve("out"), "checkpoint=true",
                "checkpointInterval=10", "robustness.epsilons=0,0.1,0.3"));
        JobSettings s = JobSettings.load(CONF.resolve("smoke.properties"), overrides);
        Path page = new ExperimentJob(spark, "smoke", s).run();
        Path out = tmp.resolve("out");
        assertEquals(out.resolve("index.html"), page);
        String html = Files.readString(page);
        assertTrue(html.contains("ODENet+simplex") && html.contains("figures/curves.png"), "report lists runs and figures");
        for (String f : List.of("curves.png", "time-steps.png", "decision-net.png", "transformed-odenet-simplex.png",
                "snapshots-odenet-simplex.png", "state-growth.png", "robustness.png")) {
            assertTrue(Files.size(out.resolve("spiral/figures").resolve(f)) > 1000, f);
        }
        List<String> history = Files.readAllLines(out.resolve("spiral/odenet_simplex/history.csv"));
        assertEquals(17, history.size(), "header, the starting point and 15 iterations");
        assertTrue(history.get(6).split(",", -1)[7].length() > 0, "test loss at iteration 5");
        assertTrue(Files.isDirectory(out.resolve("spiral/net/model/metadata")));
        assertTrue(!Files.exists(out.resolve("spiral/net/checkpoints")), "checkpoints of a successful run removed");
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, results.size());
        assertTrue(results.get(2).startsWith("spiral,odenet_simplex,odenet_simplex,euler,0,20,15,"), results.get(2));
        List<String> robustness = Files.readAllLines(out.resolve("robustness.csv"));
        assertEquals(1 + 2 * 3, robustness.size());
        double clean = Double.parseDouble(robustness.get(4).split(",")[3]);
        double attacked = Double.parseDouble(robustness.get(6).split(",")[3]);
        assertTrue(attacked <= clean, "a perturbation along the loss gradient does not help: " + robustness);
        assertTrue(html.contains("FGSM test accuracy"), "the report states the robustness");
        try (Stream<Path> files = Files.list(out)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("settings.properties")));
        }
    }

    @Test
    void severalSeedsRunEachDrawAsASingleRunWouldAndReportTheirSpread(@TempDir Path tmp) throws IOException {
        SparkSession spark = SparkTestSession.get();
        List<String> common = List.of("iterations=12", "samples=80", "testInterval=4", "architectures=net,odenet",
                "checkpoint=false", "figures=true");
        List<String> many = new ArrayList<>(common);
        many.addAll(List.of("seeds=3", "output=" + tmp.resolve("draws")));
        new ExperimentJob(spark, "smoke", JobSettings.load(CONF.resolve("smoke.properties"), many)).run();
        Path draws = tmp.resolve("draws");

        // every draw is saved as a single run with that seed would be, and gives the same metrics
        List<String> runs = Files.readAllLines(draws.resolve("runs.csv"));
        assertEquals(1 + 3 * 2, runs.size(), "a line per draw and network: " + runs);
        assertTrue(runs.get(0).startsWith("seed,dataset,variant,"));
        List<String> single = new ArrayList<>(common);
        single.addAll(List.of("seed=43", "output=" + tmp.resolve("single")));
        new ExperimentJob(spark, "smoke", JobSettings.load(CONF.resolve("smoke.properties"), single)).run();
        List<String> alone = Files.readAllLines(tmp.resolve("single/results.csv"));
        for (int v = 0; v < 2; v++) {
            assertEquals(withoutTime(alone.get(1 + v)), withoutTime(runs.get(3 + v).substring("43,".length())),
                    "draw 2 (seed 43) of the many-seed run equals a run with seed=43");
        }
        assertEquals(Files.readAllLines(tmp.resolve("single/spiral/odenet/history.csv")).stream()
                        .map(JobsTest::historyWithoutTime).toList(),
                Files.readAllLines(draws.resolve("seed-43/spiral/odenet/history.csv")).stream()
                        .map(JobsTest::historyWithoutTime).toList());
        assertTrue(Files.isDirectory(draws.resolve("seed-44/spiral/net/model/metadata")));
        assertTrue(Files.size(draws.resolve("seed-42/spiral/figures/curves.png")) > 1000, "the first draw's figures");
        assertTrue(!Files.exists(draws.resolve("seed-43/spiral/figures")), "only the first draw's figures");
        assertTrue(Files.size(draws.resolve("figures/test-accuracy-spread.png")) > 1000, "the spread figure");

        // per cell: the spread over the three draws, computed here from runs.csv
        List<String> results = Files.readAllLines(draws.resolve("results.csv"));
        assertEquals(3, results.size(), "a line per network: " + results);
        String[] header = results.get(0).split(",");
        for (int v = 0; v < 2; v++) {
            String[] cell = results.get(1 + v).split(",");
            double[] accuracy = new double[3];
            double[] loss = new double[3];
            for (int d = 0; d < 3; d++) {
                String[] run = runs.get(1 + 2 * d + v).split(",");
                assertEquals(cell[1], run[2], "the same network");
                accuracy[d] = Double.parseDouble(run[11]);
                loss[d] = Double.parseDouble(run[8]);
            }
            java.util.Arrays.sort(accuracy);
            java.util.Arrays.sort(loss);
            assertEquals("3", cell[java.util.Arrays.asList(header).indexOf("draws")]);
            assertEquals(accuracy[1], Double.parseDouble(cell[java.util.Arrays.asList(header).indexOf(
                    "testAccuracyMedian")]), 1e-12);
            assertEquals(accuracy[0], Double.parseDouble(cell[java.util.Arrays.asList(header).indexOf(
                    "testAccuracyMin")]), 1e-12);
            assertEquals(accuracy[2], Double.parseDouble(cell[java.util.Arrays.asList(header).indexOf(
                    "testAccuracyMax")]), 1e-12);
            assertEquals((accuracy[0] + accuracy[1]) / 2, Double.parseDouble(cell[java.util.Arrays.asList(header)
                    .indexOf("testAccuracyQ1")]), 1e-4);
            assertEquals(loss[1], Double.parseDouble(cell[java.util.Arrays.asList(header).indexOf(
                    "finalLossMedian")]), 1e-6 * loss[1]);
            assertEquals("42 43 44", cell[header.length - 1]);
        }
        String html = Files.readString(draws.resolve("index.html"));
        assertTrue(html.contains("3 independent draws") && html.contains("median [min–max]"), "the report says so");
        assertTrue(html.contains("figures/test-accuracy-spread.png"));
    }

    @Test
    void seedsMustBePositive(@TempDir Path tmp) {
        JobSettings s = JobSettings.load(CONF.resolve("smoke.properties"), List.of("seeds=0", "output=" + tmp));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentJob(SparkTestSession.get(), "smoke", s));
        assertTrue(e.getMessage().contains("key 'seeds'") && e.getMessage().contains("got 0"), e.getMessage());
    }

    /** A results.csv line without its wall time and count of Spark jobs, which vary between runs. */
    private static String withoutTime(String line) {
        String[] cells = line.split(",", -1);
        cells[17] = "";
        cells[cells.length - 1] = "";
        return String.join(",", cells);
    }

    /** A history.csv line without its wall time. */
    private static String historyWithoutTime(String line) {
        String[] cells = line.split(",", -1);
        cells[6] = "";
        return String.join(",", cells);
    }

    @Test
    void augmentationVariantsTrainWithAndWithoutExtraChannels(@TempDir Path tmp) throws IOException {
        JobSettings s = JobSettings.load(CONF.resolve("augmentation.properties"), List.of("datasets=squares",
                "iterations.squares=10", "samples=100", "architectures=resnet", "augmentations=0,3",
                "output=" + tmp, "testInterval=5"));
        assertEquals(List.of("resnet", "resnet-aug3"), Variant.of(s).stream().map(Variant::id).toList());
        new ExperimentJob(SparkTestSession.get(), "augmentation", s).run();
        List<String> results = Files.readAllLines(tmp.resolve("results.csv"));
        assertTrue(results.get(2).startsWith("squares,resnet-aug3,resnet,euler,3,20,10,"), results.get(2));
        assertTrue(Files.exists(tmp.resolve("squares/figures/decision-resnet-3-ch.png")));
    }
}
