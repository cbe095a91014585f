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
