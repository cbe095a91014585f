package org.odenet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the committed MNIST100 extract (data/mnist100, built by data/mnist100/rebuild.sh) in plain Java:
 * sizes, class balance, LIBSVM syntax as Spark's libsvm reader expects it (numFeatures = 784), pixel values
 * and that no image is in both the training and the test set.
 */
class Mnist100FilesTest {

    private static final Path DIR = Path.of("data/mnist100");
    private static final int PIXELS = 784;

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
    void trainingSetHas50ImagesOfEachDigit() throws IOException {
        List<Row> train = read("train.libsvm");
        assertEquals(100, train.size());
        assertEquals(50, count(train, 0.0), "label 0.0 (digit 0)");
        assertEquals(50, count(train, 1.0), "label 1.0 (digit 8)");
    }

    @Test
    void testSetHas250ImagesOfEachDigit() throws IOException {
        List<Row> test = read("test.libsvm");
        assertEquals(500, test.size());
        assertEquals(250, count(test, 0.0), "label 0.0 (digit 0)");
        assertEquals(250, count(test, 1.0), "label 1.0 (digit 8)");
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

    /** Reads one file, checking every row's syntax, indices and values on the way. */
    private static List<Row> read(String name) throws IOException {
        Path file = DIR.resolve(name);
        assertTrue(Files.isRegularFile(file), file.toAbsolutePath() + " is missing; run data/mnist100/rebuild.sh");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), name + " ends with a newline");
        assertFalse(text.contains("\r"), name + " uses \\n line ends only");
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        List<Row> rows = new ArrayList<>(lines.length);
        for (int r = 0; r < lines.length; r++) {
            rows.add(parse(lines[r], name + " line " + (r + 1)));
        }
        return rows;
    }

    private static Row parse(String line, String where) {
        // single spaces only: no empty fields, so no leading, trailing or doubled spaces
        String[] fields = line.split(" ", -1);
        double label = Double.parseDouble(fields[0]);
        if (label != 0.0 && label != 1.0) {
            fail(where + ": label " + fields[0] + " is neither 0.0 nor 1.0");
        }
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

    private static long count(List<Row> rows, double label) {
        return rows.stream().filter(row -> row.label() == label).count();
    }
}
