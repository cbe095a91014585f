package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odenet.spark.SparkTestSession;

/**
 * Experiment jobs on a data set named only on the command line: they train on it, the report describes it, and
 * the checkpoints of a successful run are removed unless kept, while a failed run keeps them and resumes.
 */
class CustomDataSetJobTest {

    /**
     * Writes a LIBSVM file of {@code rows[k]} rows of class k, three features; returns its path. The classes are
     * separable along the first feature.
     */
    private static Path libsvm(Path file, int[] rows, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < rows.length; k++) {
            for (int r = 0; r < rows[k]; r++) {
                lines.add(String.format(Locale.ROOT, "%d 1:%.4f 2:%.4f 3:%.4f", k, k + 0.3 * random.nextGaussian(),
                        random.nextDouble(), random.nextDouble()));
            }
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, lines);
    }

    private static List<String> common(Path out) {
        return new ArrayList<>(List.of("output=" + out, "figures=false", "progressInterval=100"));
    }

    @Test
    void theMnistJobTrainsOnOtherFilesAndItsReportDescribesThemNotMnist(@TempDir Path tmp) throws IOException {
        Path train = libsvm(tmp.resolve("mine/train.libsvm"), new int[] {12, 9, 7}, 1);
        Path test = libsvm(tmp.resolve("mine/test.libsvm"), new int[] {5, 6, 4}, 2);
        Path out = tmp.resolve("out");
        List<String> o = common(out);
        o.addAll(List.of("datasets=mine", "data.mine.train=" + train, "data.mine.test=" + test,
                "data.mine.numFeatures=3", "iterations.mine=4", "architectures=resnet", "checkpointInterval=2",
                "head=softmax_cross_entropy"));
        Path page = new ExperimentJob(SparkTestSession.get(), "mnist", JobSettings.load(Path.of("jobs/mnist.properties"),
                o)).run();
        String html = Files.readString(page);
        assertTrue(html.contains("Data set mine: read from " + train + " (training) and " + test + " (test); 28 "
                + "training rows (class 0: 12, class 1: 9, class 2: 7), 15 test rows (class 0: 5, class 1: 6, class 2: "
                + "4), 3 features, 3 classes."), html);
        assertFalse(html.contains("zeros") || html.contains("eights") || html.contains("MNIST100"),
                "nothing about the documented data: " + html);
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(results.get(1).startsWith("mine,resnet,resnet,euler,0,20,4,"), results.get(1));
        assertTrue(Files.isDirectory(out.resolve("mine/resnet/model/metadata")));
        assertFalse(Files.exists(out.resolve("mine/resnet/checkpoints")), "checkpoints of a finished run removed");
    }

    @Test
    void theTableauxJobTrainsOnANewNameBesideAToySetAndKeepsCheckpointsWhenAsked(@TempDir Path tmp) throws IOException {
        Path train = libsvm(tmp.resolve("two/train.libsvm"), new int[] {10, 10}, 3);
        Path test = libsvm(tmp.resolve("two/test.libsvm"), new int[] {5, 5}, 4);
        Path out = tmp.resolve("out");
        List<String> o = common(out);
        o.addAll(List.of("datasets=spiral,two", "samples=40", "iterations=3", "iterations.two=5", "tableaux=kutta4",
                "data.two.train=" + train, "data.two.test=" + test, "keepCheckpoints=true", "checkpointInterval=2"));
        Path page = new ExperimentJob(SparkTestSession.get(), "tableaux",
                JobSettings.load(Path.of("jobs/tableaux.properties"), o)).run();
        String html = Files.readString(page);
        assertTrue(html.contains("toy set spiral (section 5.1), generated: 40 training samples (seed 42)"), html);
        assertTrue(html.contains("Data set two: read from " + train), html);
        assertTrue(html.contains("20 training rows (class 0: 10, class 1: 10), 10 test rows (class 0: 5, class 1: 5)"),
                html);
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(results.get(1).startsWith("spiral,kutta4,resnet,kutta4,0,15,3,"), results.get(1));
        assertTrue(results.get(2).startsWith("two,kutta4,resnet,kutta4,0,15,5,"), results.get(2));
        assertTrue(Files.isDirectory(out.resolve("two/kutta4/checkpoints")), "keepCheckpoints=true keeps them");
        assertTrue(Files.isDirectory(out.resolve("spiral/kutta4/checkpoints")), "keepCheckpoints=true keeps them");
    }

    @Test
    void aFailedRunKeepsItsCheckpointsAndItsRerunResumesThenRemovesThem(@TempDir Path tmp) throws IOException {
        Path train = libsvm(tmp.resolve("a/train.libsvm"), new int[] {10, 10}, 5);
        Path test = libsvm(tmp.resolve("a/test.libsvm"), new int[] {5, 5}, 6);
        Path late = tmp.resolve("late/train.libsvm");
        Path out = tmp.resolve("out");
        List<String> o = common(out);
        o.addAll(List.of("datasets=a,late", "iterations=4", "architectures=odenet", "augmentations=0", "data.a.train=" + train,
                "data.a.test=" + test, "data.late.train=" + late, "data.late.test=" + test, "checkpoint=true",
                "checkpointInterval=2"));
        JobSettings settings = JobSettings.load(Path.of("jobs/augmentation.properties"), o);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new ExperimentJob(SparkTestSession.get(), "augmentation", settings).run());
        assertTrue(missing.getMessage().contains(late.toString()), missing.getMessage());
        Path checkpoints = out.resolve("a/odenet/checkpoints");
        assertTrue(Files.isDirectory(checkpoints), "a failed run keeps the checkpoints of the networks it finished");
        List<String> firstHistory = Files.readAllLines(out.resolve("a/odenet/history.csv"));

        libsvm(late, new int[] {8, 8}, 7);
        new ExperimentJob(SparkTestSession.get(), "augmentation", settings).run();
        assertEquals(firstHistory, Files.readAllLines(out.resolve("a/odenet/history.csv")),
                "the finished network resumed from its last checkpoint (same history, wall times included)");
        List<String> results = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(results.get(2).startsWith("late,odenet,"), results.get(2));
        assertFalse(Files.exists(checkpoints), "the successful rerun removed the checkpoints");
        assertFalse(Files.exists(out.resolve("late/odenet/checkpoints")));
    }
}
