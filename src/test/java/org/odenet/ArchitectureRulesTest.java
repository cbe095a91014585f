package org.odenet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The numerical core and the optimiser compile without Spark (DESIGN §8.3). */
class ArchitectureRulesTest {

    @Test
    void numericsAndOptimisationDoNotImportSpark() throws IOException {
        for (String pkg : List.of("numerics", "optim", "data", "report")) {
            Path dir = Path.of("src/main/java/org/odenet", pkg);
            assertTrue(Files.isDirectory(dir), dir + " exists");
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    assertTrue(!text.contains("org.apache.spark") && !text.contains("scala."),
                            f + " must not depend on Spark or Scala");
                }
            }
        }
    }
}
