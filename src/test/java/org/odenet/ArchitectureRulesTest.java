package org.odenet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package direction graph (DESIGN §8.3): numerics ← optim ← training ← spark ← ml ← jobs, with data and
 * report beside them, Spark-free. Every reference from one package of ours to another, in code (comments
 * aside), must be an edge of {@link #ALLOWED}; a new package must be added to the table.
 */
class ArchitectureRulesTest {
    private static final Path MAIN = Path.of("src/main/java/org/odenet");

    /** Package → the packages of ours it may use. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "numerics", Set.of(),
            "optim", Set.of("numerics"),
            "training", Set.of("numerics", "optim"),
            "data", Set.of("numerics"),
            "report", Set.of("numerics", "optim", "training", "data"),
            "quasinewton", Set.of("numerics", "optim", "training"),
            "spark", Set.of("numerics", "optim", "training", "quasinewton", "data"),
            "ml", Set.of("numerics", "optim", "training", "quasinewton", "spark", "data"),
            "jobs", Set.of("numerics", "optim", "training", "quasinewton", "spark", "ml", "data", "report"));

    /** Packages that compile without Spark and Scala. */
    static final Set<String> SPARK_FREE = Set.of("numerics", "optim", "training", "data", "report");
    /** Packages that use Scala (Breeze) but neither Spark nor Hadoop: the quasi-Newton adapter. */
    static final Set<String> SCALA_ONLY = Set.of("quasinewton");
    /** Packages that do not even use Hadoop: the numerical core, the optimiser and the training algebra. */
    static final Set<String> HADOOP_FREE = Set.of("numerics", "optim", "training");

    private static final Pattern OUR_REFERENCE = Pattern.compile("\\borg\\.odenet\\.([a-z]+)\\.");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String pkg = dir.getFileName().toString();
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                        problems.addAll(violations(pkg, f.toString(), Files.readString(f)));
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                assertTrue(Files.isRegularFile(dir.resolve("package-info.java")), dir + " has no package-info.java");
            }
        }
    }

    @Test
    void theRulesCatchAnUpwardImport() {
        String optimUsingSpark = "package org.odenet.optim;\nimport org.odenet.spark.OdeNetTrainer;\nclass X {}\n";
        assertEquals(1, violations("optim", "X.java", optimUsingSpark).size());
        String numericsUsingOptimInline = "package org.odenet.numerics;\nclass X { org.odenet.optim.StopReason r; }\n";
        assertEquals(1, violations("numerics", "X.java", numericsUsingOptimInline).size());
        String trainingUsingSpark = "package org.odenet.training;\nimport org.apache.spark.rdd.RDD;\nclass X {}\n";
        assertEquals(1, violations("training", "X.java", trainingUsingSpark).size());
        String optimUsingHadoop = "package org.odenet.optim;\nimport org.apache.hadoop.fs.Path;\nclass X {}\n";
        assertEquals(1, violations("optim", "X.java", optimUsingHadoop).size());
        assertEquals(1, violations("newpackage", "X.java", "package org.odenet.newpackage;\n").size());
        String adapterUsingSpark = "package org.odenet.quasinewton;\nimport org.apache.spark.rdd.RDD;\nclass X {}\n";
        assertEquals(1, violations("quasinewton", "X.java", adapterUsingSpark).size());
        String commentOnly = "package org.odenet.optim;\n/** Unlike org.odenet.spark.OdeNetTrainer, ... */\nclass X {}\n";
        assertEquals(List.of(), violations("optim", "X.java", commentOnly));
    }

    @Test
    void theAllowedGraphHasNoCycle() {
        for (String start : ALLOWED.keySet()) {
            Set<String> reached = new TreeSet<>();
            List<String> frontier = new ArrayList<>(ALLOWED.get(start));
            while (!frontier.isEmpty()) {
                String p = frontier.remove(frontier.size() - 1);
                assertTrue(!p.equals(start), "cycle through " + start);
                if (reached.add(p)) {
                    frontier.addAll(ALLOWED.get(p));
                }
            }
        }
    }

    /** What is wrong with the source {@code text} of file {@code name} in package {@code pkg}. */
    static List<String> violations(String pkg, String name, String text) {
        List<String> problems = new ArrayList<>();
        Set<String> allowed = ALLOWED.get(pkg);
        if (allowed == null) {
            problems.add(name + ": package " + pkg + " is not in ArchitectureRulesTest.ALLOWED");
            return problems;
        }
        String code = COMMENT.matcher(text).replaceAll(" ");
        Set<String> used = new TreeSet<>();
        Matcher m = OUR_REFERENCE.matcher(code);
        while (m.find()) {
            used.add(m.group(1));
        }
        for (String other : used) {
            if (!other.equals(pkg) && !allowed.contains(other)) {
                problems.add(name + ": " + pkg + " must not use " + other);
            }
        }
        if (SPARK_FREE.contains(pkg) && (code.contains("org.apache.spark") || code.contains("scala."))) {
            problems.add(name + ": " + pkg + " must not depend on Spark or Scala");
        }
        if (SCALA_ONLY.contains(pkg) && (code.contains("org.apache.spark") || code.contains("org.apache.hadoop"))) {
            problems.add(name + ": " + pkg + " must not depend on Spark or Hadoop");
        }
        if (HADOOP_FREE.contains(pkg) && code.contains("org.apache.hadoop")) {
            problems.add(name + ": " + pkg + " must not depend on Hadoop");
        }
        return problems;
    }
}
