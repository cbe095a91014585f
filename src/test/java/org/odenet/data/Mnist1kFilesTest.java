package org.odenet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the committed MNIST1K extract (data/mnist1k, built by data/mnist1k/rebuild.sh) in plain Java:
 * the part-file layout Spark's libsvm reader loads, sizes, class balance, row order, LIBSVM syntax as Spark
 * expects it (numFeatures = 784), pixel values, that no image is in both the training and the test set, and
 * that every part file has the sha256 its README records.
 */
class Mnist1kFilesTest {

    private static final Path DIR = Path.of("data/mnist1k");
    private static final int PIXELS = 784;
    private static final int DIGITS = 10;
    private static final int MAX_ROWS_PER_PART = 1000;
    /** The repository refuses tracked files over 5 MiB. */
    private static final long MAX_PART_BYTES = 5L * 1024 * 1024;
    private static final Pattern PART_NAME = Pattern.compile("part-[0-9]{5}");
    private static final Pattern LABEL = Pattern.compile("[0-9]\\.0");
    /** A README table row: | `train.libsvm/part-00000` | ... | `<sha256>` | */
    private static final Pattern README_PART =
            Pattern.compile("^\\| `((?:train|test)\\.libsvm/part-[0-9]{5})` \\|.*\\| `([0-9a-f]{64})` \\|$",
                    Pattern.MULTILINE);

    /** One parsed row: label, 1-based indices, values. */
    private record Row(double label, int[] indices, double[] values) {

        /** The image as text that is equal for two rows iff they have the same pixels (as doubles). */
        String pixelKey() {
            StringBuilder key = new StringBuilder();
            for (int k = 0; k < indices.length; k++) {
                key.append(indices[k]).append(':').append(Double.doubleToLongBits(values[k])).append(' ');
            }
            return key.toString();
        }
    }

    @Test
    void trainingSetHas100ImagesOfEachDigit() throws IOException {
        List<Row> train = read("train.libsvm");
        assertEquals(1000, train.size());
        for (int d = 0; d < DIGITS; d++) {
            assertEquals(100, count(train, d), "label " + d + ".0");
        }
        assertOrderedByDigit(train, "train.libsvm");
    }

    @Test
    void testSetHas263ImagesOfEachDigit() throws IOException {
        List<Row> test = read("test.libsvm");
        assertEquals(2630, test.size());
        for (int d = 0; d < DIGITS; d++) {
            assertEquals(263, count(test, d), "label " + d + ".0");
        }
        assertOrderedByDigit(test, "test.libsvm");
    }

    @Test
    void noImageIsInBothSets() throws IOException {
        Set<String> trainImages = new HashSet<>();
        for (Row row : read("train.libsvm")) {
            assertTrue(trainImages.add(row.pixelKey()), "duplicate image within the training set");
        }
        Set<String> testImages = new HashSet<>();
        for (Row row : read("test.libsvm")) {
            assertTrue(testImages.add(row.pixelKey()), "duplicate image within the test set");
            assertFalse(trainImages.contains(row.pixelKey()), "a test image is also in the training set");
        }
    }

    @Test
    void everyPartFileHasTheSha256TheReadmeRecords() throws IOException, NoSuchAlgorithmException {
        String readme = Files.readString(DIR.resolve("README.md"), StandardCharsets.UTF_8);
        Map<String, String> recorded = new TreeMap<>();
        Matcher m = README_PART.matcher(readme);
        while (m.find()) {
            assertEquals(null, recorded.put(m.group(1), m.group(2)), m.group(1) + " is listed twice in README.md");
        }
        Map<String, String> actual = new TreeMap<>();
        for (String set : List.of("train.libsvm", "test.libsvm")) {
            for (Path part : parts(set)) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(part));
                actual.put(set + "/" + part.getFileName(), HexFormat.of().formatHex(digest));
            }
        }
        assertEquals(recorded, actual, "part files and their sha256 as listed in data/mnist1k/README.md");
    }

    /**
     * The part files of one set, in name order: the directory holds nothing else (Spark would read any other
     * file as data), the parts are numbered from 00000 without gaps, and each stays under the size limit.
     */
    private static List<Path> parts(String set) throws IOException {
        Path dir = DIR.resolve(set);
        assertTrue(Files.isDirectory(dir), dir.toAbsolutePath() + " is missing; run data/mnist1k/rebuild.sh");
        List<Path> parts;
        try (Stream<Path> entries = Files.list(dir)) {
            parts = entries.sorted().toList();
        }
        assertFalse(parts.isEmpty(), set + " has no part files");
        for (int p = 0; p < parts.size(); p++) {
            Path part = parts.get(p);
            String name = part.getFileName().toString();
            assertTrue(PART_NAME.matcher(name).matches() && Files.isRegularFile(part),
                    set + "/" + name + " is not a part-NNNNN file");
            assertEquals(String.format("part-%05d", p), name, set + ": part files are numbered without gaps");
            assertTrue(Files.size(part) <= MAX_PART_BYTES, set + "/" + name + " is larger than 5 MiB");
        }
        return parts;
    }

    /** Reads all part files of one set in name order, checking every row's syntax, indices and values. */
    private static List<Row> read(String set) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path part : parts(set)) {
            String name = set + "/" + part.getFileName();
            String text = Files.readString(part, StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\n"), name + " ends with a newline");
            assertFalse(text.contains("\r"), name + " uses \\n line ends only");
            String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
            assertTrue(lines.length <= MAX_ROWS_PER_PART, name + " has more than " + MAX_ROWS_PER_PART + " rows");
            for (int r = 0; r < lines.length; r++) {
                rows.add(parse(lines[r], name + " line " + (r + 1)));
            }
        }
        return rows;
    }

    private static Row parse(String line, String where) {
        // single spaces only: no empty fields, so no leading, trailing or doubled spaces
        String[] fields = line.split(" ", -1);
        if (!LABEL.matcher(fields[0]).matches()) {
            fail(where + ": label " + fields[0] + " is not one of 0.0 .. 9.0");
        }
        double label = Double.parseDouble(fields[0]);
        assertTrue(fields.length > 1, where + ": an image with no non-zero pixel");
        int[] indices = new int[fields.length - 1];
        double[] values = new double[fields.length - 1];
        for (int k = 1; k < fields.length; k++) {
            String field = fields[k];
            int colon = field.indexOf(':');
            assertTrue(colon > 0 && colon == field.lastIndexOf(':'), where + ": '" + field + "' is not index:value");
            int index = Integer.parseInt(field.substring(0, colon));
            double value = Double.parseDouble(field.substring(colon + 1));
            assertTrue(index >= 1 && index <= PIXELS, where + ": index " + index + " outside 1.." + PIXELS);
            if (k > 1) {
                assertTrue(index > indices[k - 2], where + ": index " + index + " does not increase");
            }
            assertTrue(value > 0.0 && value <= 1.0, where + ": value " + value + " outside (0, 1]");
            indices[k - 1] = index;
            values[k - 1] = value;
        }
        return new Row(label, indices, values);
    }

    /** Rows come digit by digit: all zeros first, all nines last. */
    private static void assertOrderedByDigit(List<Row> rows, String set) {
        for (int r = 1; r < rows.size(); r++) {
            assertTrue(rows.get(r).label() >= rows.get(r - 1).label(), set + ": row " + (r + 1) + " is out of order");
        }
    }

    private static long count(List<Row> rows, int digit) {
        return rows.stream().filter(row -> row.label() == digit).count();
    }
}
