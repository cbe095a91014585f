package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.spark.SparkTestSession;

/** Issue 13, item 2: a job's output directory is claimed before any work; no earlier run is silently replaced. */
class OutputDirectoryTest {

    private static JobSettings settings(Path out, String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("output", out.toString());
        m.put("iterations", "100");
        m.put("title", "a run");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return JobSettings.of(m);
    }

    private static IllegalArgumentException refused(Path out, String job, JobSettings s) {
        return assertThrows(IllegalArgumentException.class, () -> OutputDirectory.claim(out.toString(), job, s));
    }

    @Test
    void aNewDirectoryIsCreatedWithTheSortedSettingsWithoutOverwrite(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("a/b");
        assertEquals(out, OutputDirectory.claim(out.toString(), "smoke", settings(out, "overwrite", "true")));
        assertEquals(List.of("# settings of this run of job 'smoke'", "iterations = 100", "output = " + out,
                "title = a run"), Files.readAllLines(out.resolve("settings.properties")));
    }

    @Test
    void aRerunWithTheSameSettingsIsAllowedAndKeepsTheEarlierFiles(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        OutputDirectory.claim(out.toString(), "smoke", settings(out));
        Files.writeString(out.resolve("results.csv"), "first run");
        OutputDirectory.claim(out.toString(), "smoke", settings(out, "overwrite", "false"));
        assertEquals("first run", Files.readString(out.resolve("results.csv")));
    }

    @Test
    void otherSettingsAreRefusedNamingTheDirectoryAndTheKeysThatDiffer(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        OutputDirectory.claim(out.toString(), "smoke", settings(out));
        Files.writeString(out.resolve("results.csv"), "first run");
        IllegalArgumentException e = refused(out, "smoke", settings(out, "iterations", "200", "layers", "3"));
        assertEquals("output " + out + " holds a run with other settings (iterations: 100 → 200, layers: (unset) → 3); "
                + "use another output, or overwrite=true to replace it", e.getMessage());
        assertEquals("first run", Files.readString(out.resolve("results.csv")));
        IllegalArgumentException job = refused(out, "architectures", settings(out));
        assertTrue(job.getMessage().contains("(job: smoke → architectures)"), job.getMessage());
    }

    @Test
    void overwriteReplacesAnEarlierRunWithOtherSettings(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        OutputDirectory.claim(out.toString(), "smoke", settings(out));
        Files.createDirectories(out.resolve("spiral/net/model"));
        Files.writeString(out.resolve("spiral/net/model/part"), "old model");
        Files.writeString(out.resolve("results.csv"), "first run");
        OutputDirectory.claim(out.toString(), "smoke", settings(out, "iterations", "200", "overwrite", "true"));
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(out.resolve("settings.properties")), left.toList(), "the earlier run's files are gone");
        }
        assertTrue(Files.readAllLines(out.resolve("settings.properties")).contains("iterations = 200"));
        Files.writeString(out.resolve("results.csv"), "second run");
        refused(out, "smoke", settings(out));
    }

    @Test
    void aNonEmptyDirectoryOfNoRunIsNeverReplaced(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("home");
        Files.createDirectories(out);
        Files.writeString(out.resolve("thesis.tex"), "precious");
        for (String overwrite : List.of("false", "true")) {
            IllegalArgumentException e = refused(out, "smoke", settings(out, "overwrite", overwrite));
            assertEquals("output " + out + " is not empty and holds no settings.properties of an odenet run; choose a "
                    + "new or empty directory (overwrite=true replaces only earlier odenet runs)", e.getMessage());
        }
        Files.writeString(out.resolve("settings.properties"), "iterations = 100\n");
        refused(out, "smoke", settings(out, "overwrite", "true"));
        assertEquals("precious", Files.readString(out.resolve("thesis.tex")));
    }

    @Test
    void aRunThatWroteNothingButItsSettingsDoesNotBlockTheNextOne(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        OutputDirectory.claim(out.toString(), "smoke", settings(out, "iterations", "1e3"));
        OutputDirectory.claim(out.toString(), "smoke", settings(out, "iterations", "1000"));
        assertTrue(Files.readAllLines(out.resolve("settings.properties")).contains("iterations = 1000"));
    }

    @Test
    void valuesWithSpecialCharactersReadBackAsTheSameSettings(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        JobSettings s = settings(out, "title", "C:\\runs #1 = ok: !yes", "model.a b", "x=y\ty");
        OutputDirectory.claim(out.toString(), "compare", s);
        Files.writeString(out.resolve("results.csv"), "first run");
        OutputDirectory.claim(out.toString(), "compare", s);
        refused(out, "compare", settings(out, "title", "C:\\runs #1 = ok: !yes", "model.a b", "x=y y"));
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsRefused(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("out"), "x");
        IllegalArgumentException e = refused(file, "smoke", settings(file));
        assertEquals("output " + file + " is a file, not a directory; choose another output", e.getMessage());
        Path below = file.resolve("sub");
        IllegalArgumentException c = refused(below, "smoke", settings(below));
        assertTrue(c.getMessage().startsWith("output directory " + below + " cannot be created"), c.getMessage());
    }

    @Test
    void aReadOnlyOutputIsRefusedBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path out;
        if ("root".equals(System.getProperty("user.name"))) {
            out = Path.of("/proc"); // root writes into read-only directories; /proc refuses new files even to root
            assumeTrue(Files.isDirectory(out), "Linux /proc");
        } else {
            out = Files.createDirectories(tmp.resolve("ro"));
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        IllegalArgumentException e = refused(out, "smoke", settings(out));
        assertTrue(e.getMessage().startsWith("output directory " + out + " is not writable"), e.getMessage());
    }

    @Test
    void anExperimentIntoTheDirectoryOfAnotherRunStopsBeforeTrainingAndLosesNothing(@TempDir Path tmp)
            throws IOException {
        Path out = tmp.resolve("out");
        List<String> common = List.of("samples=20", "layers=2", "architectures=net", "figures=false", "testInterval=1",
                "output=" + out);
        JobSettings first = JobSettings.load(Path.of("jobs/smoke.properties"), append(common, "iterations=2"));
        new ExperimentJob(SparkTestSession.get(), "smoke", first).run();
        String results = Files.readString(out.resolve("results.csv"));
        JobSettings second = JobSettings.load(Path.of("jobs/smoke.properties"), append(common, "iterations=3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentJob(SparkTestSession.get(), "smoke", second).run());
        assertTrue(e.getMessage().contains("(iterations: 2 → 3)"), e.getMessage());
        assertEquals(results, Files.readString(out.resolve("results.csv")), "the first run's results are kept");
        JobSettings replace = JobSettings.load(Path.of("jobs/smoke.properties"),
                append(common, "iterations=3", "overwrite=true"));
        new ExperimentJob(SparkTestSession.get(), "smoke", replace).run();
        assertTrue(Files.readAllLines(out.resolve("results.csv")).get(1).startsWith("spiral,net,net,euler,0,2,3,"));
        assertFalse(Files.readString(out.resolve("settings.properties")).contains("overwrite"));
    }

    @Test
    void everyJobWithAnOutputDefinesOverwriteAsFalse() throws IOException {
        for (String[] job : Main.JOBS) {
            JobSettings s = JobSettings.load(Path.of("jobs", job[0] + ".properties"), List.of());
            assertEquals(s.has("output"), s.has("overwrite"), job[0]);
            if (s.has("overwrite")) {
                assertFalse(s.getBoolean("overwrite"), job[0]);
            }
        }
    }

    private static List<String> append(List<String> list, String... more) {
        return Stream.concat(list.stream(), Stream.of(more)).toList();
    }
}
