package org.odenet.jobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A quick check of a local text data file (or directory of part files) in the driver before Spark reads it, so
 * that a bad file is an error naming the file and line rather than a failed Spark task: the rules are those of
 * Spark's readers (LIBSVM: "label index:value ..." with 1-based ascending indices, blank and '#' lines skipped;
 * CSV: a header row with a {@code label} column, then numbers in every cell).
 */
final class LocalDataScan {
    private LocalDataScan() {
    }

    /**
     * What a scan found.
     *
     * @param rows  the data rows
     * @param width the features: the largest LIBSVM index (or the given width), the CSV columns but the label
     * @param where where the width comes from, e.g. "index 785 at train.libsvm line 12"
     */
    record Result(long rows, int width, String where) {
    }

    /**
     * The data files of {@code path}: the file itself, or a directory's files whose names start with neither '_'
     * nor '.' (as Spark reads them), sorted.
     *
     * @throws IllegalArgumentException for a directory without data files
     */
    static List<Path> dataFiles(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith("_") && !n.startsWith(".");
            }).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("data directory " + path + " holds no data files");
            }
            return files;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list data directory " + path + " (" + e + ")", e);
        }
    }

    /**
     * Checks LIBSVM data.
     *
     * @param numFeatures the width the job gives, or ≤ 0 to take the largest index
     * @throws IllegalArgumentException naming the file and line of a malformed row, an index below 1, out of
     *         order or beyond {@code numFeatures}, or the path when it holds no rows
     */
    static Result libsvm(Path path, int numFeatures) {
        long rows = 0;
        int largest = 0;
        String where = "no index";
        for (Path file : dataFiles(path)) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long number = 0;
                while ((line = r.readLine()) != null) {
                    number++;
                    String t = line.trim();
                    if (t.isEmpty() || t.startsWith("#")) {
                        continue;
                    }
                    rows++;
                    String at = file + " line " + number;
                    String[] items = t.split(" ");
                    number(items[0], at, "label");
                    int previous = 0;
                    for (int i = 1; i < items.length; i++) {
                        if (items[i].isEmpty()) {
                            continue;
                        }
                        String[] iv = items[i].split(":", -1);
                        if (iv.length != 2) {
                            throw new IllegalArgumentException(at + ": '" + items[i] + "' is not index:value");
                        }
                        int index;
                        try {
                            index = Integer.parseInt(iv[0]);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(at + ": feature index '" + iv[0] + "' is not an integer");
                        }
                        if (index < 1) {
                            throw new IllegalArgumentException(at + ": feature index " + index
                                    + "; LIBSVM indices start at 1");
                        }
                        if (index <= previous) {
                            throw new IllegalArgumentException(at + ": feature index " + index + " after " + previous
                                    + "; LIBSVM indices must be in ascending order");
                        }
                        if (numFeatures > 0 && index > numFeatures) {
                            throw new IllegalArgumentException(at + ": feature index " + index + " exceeds the "
                                    + numFeatures + " features the job sets (numFeatures)");
                        }
                        number(iv[1], at, "value of feature " + index);
                        previous = index;
                        if (index > largest) {
                            largest = index;
                            where = "index " + index + " at " + at;
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read data file " + file + " (" + e + ")", e);
            }
        }
        requireRows(path, rows);
        return numFeatures > 0 ? new Result(rows, numFeatures, "numFeatures = " + numFeatures)
                : new Result(rows, largest, where);
    }

    /**
     * Checks CSV data: in every file a header row (the same in all) with a {@code label} column, then rows with a
     * number in every cell.
     *
     * @throws IllegalArgumentException naming the file and line of a row with an empty cell, a cell that is no
     *         number or another count of cells, a header without {@code label}, or the path when it holds no rows
     */
    static Result csv(Path path) {
        long rows = 0;
        String[] header = null;
        Path headerFile = null;
        for (Path file : dataFiles(path)) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long number = 0;
                String[] names = null;
                while ((line = r.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] cells = Arrays.stream(line.split(",", -1)).map(LocalDataScan::unquote)
                            .toArray(String[]::new);
                    if (names == null) {
                        names = cells;
                        if (!Arrays.asList(names).contains("label")) {
                            throw new IllegalArgumentException("CSV file " + file + " has no 'label' column (header: "
                                    + line + ")");
                        }
                        if (header != null && !Arrays.equals(header, names)) {
                            throw new IllegalArgumentException("CSV file " + file + " has the header '" + line
                                    + "', other than " + headerFile + "'s '" + String.join(",", header) + "'");
                        }
                        header = names;
                        headerFile = file;
                        continue;
                    }
                    rows++;
                    String at = file + " line " + number;
                    if (cells.length != names.length) {
                        throw new IllegalArgumentException(at + " has " + cells.length + " cells, the header "
                                + names.length);
                    }
                    for (int c = 0; c < cells.length; c++) {
                        if (cells[c].isEmpty()) {
                            throw new IllegalArgumentException(at + ": column '" + names[c] + "' is empty");
                        }
                        number(cells[c], at, "column '" + names[c] + "'");
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read data file " + file + " (" + e + ")", e);
            }
        }
        requireRows(path, rows);
        return new Result(rows, header.length - 1, "the columns of " + headerFile + " but the label");
    }

    private static String unquote(String cell) {
        String t = cell.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).trim() : t;
    }

    private static void number(String s, String at, String what) {
        try {
            Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": " + what + " '" + s + "' is not a number");
        }
    }

    private static void requireRows(Path path, long rows) {
        if (rows == 0) {
            throw new IllegalArgumentException("data " + path + " holds no rows");
        }
    }
}
