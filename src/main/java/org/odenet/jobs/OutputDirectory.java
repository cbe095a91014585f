package org.odenet.jobs;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The output directory of a job run, claimed before any work so that no run silently replaces another's
 * results. {@link #claim} accepts a missing or empty directory and one holding a run with the same settings (a
 * rerun, which resumes from checkpoints), and refuses one holding a run with other settings unless
 * {@code overwrite = true}, and any other non-empty directory always: it never deletes what no run of ours wrote.
 * A claimed directory holds {@value #SETTINGS}: the run's job and settings (sorted, without {@value #OVERWRITE}).
 */
final class OutputDirectory {
    /** The file that marks a directory as an odenet run's and records its settings. */
    static final String SETTINGS = "settings.properties";
    /** The key that allows replacing an earlier run with other settings. */
    static final String OVERWRITE = "overwrite";
    private static final String HEADER = "# settings of this run of job '";
    private static final String JOB = "(job)";
    private static final int SHOWN_DIFFERENCES = 6;

    private OutputDirectory() {
    }

    /**
     * Claims the local directory {@code output} (a path or a {@code file:} URI) for a run of {@code job} with
     * {@code settings}: checks that it can be written, then creates it and writes {@value #SETTINGS}, or accepts
     * an earlier run with the same settings, or replaces one with other settings when {@code overwrite = true}.
     *
     * @return the directory, absolute
     * @throws IllegalArgumentException naming the directory when it is a file, cannot be created or written,
     *         holds a run with other settings (naming the keys that differ) or holds files of no odenet run
     */
    static Path claim(String output, String job, JobSettings settings) {
        Path dir = local(output);
        boolean overwrite = settings.has(OVERWRITE) && settings.getBoolean(OVERWRITE);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output " + dir + " is a file, not a directory; choose another output");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("output directory " + dir + " cannot be created (" + e + "); choose "
                    + "another output", e);
        }
        checkWritable(dir);
        Map<String, String> wanted = recorded(job, settings);
        List<Path> entries = entries(dir);
        Path file = dir.resolve(SETTINGS);
        boolean ours = entries.contains(file) && isOurs(file);
        if (!entries.isEmpty() && !ours) {
            throw new IllegalArgumentException("output " + dir + " is not empty and holds no " + SETTINGS + " of an "
                    + "odenet run; choose a new or empty directory (overwrite=true replaces only earlier odenet runs)");
        }
        if (ours && entries.size() > 1) {
            Map<String, String> earlier = read(file);
            if (earlier.equals(wanted)) {
                return dir;
            }
            if (!overwrite) {
                throw new IllegalArgumentException("output " + dir + " holds a run with other settings ("
                        + differences(earlier, wanted) + "); use another output, or overwrite=true to replace it");
            }
            entries.forEach(OutputDirectory::delete);
        }
        write(file, wanted);
        return dir;
    }

    /** The directory of {@code output}, a local path or {@code file:} URI, absolute and normalised. */
    static Path local(String output) {
        if (output.isBlank()) {
            throw new IllegalArgumentException("key 'output' is empty; set it to a directory");
        }
        if (output.startsWith("file:")) {
            return Path.of(URI.create(output)).toAbsolutePath().normalize();
        }
        return Path.of(output).toAbsolutePath().normalize();
    }

    /** Creates and deletes a probe file, so that a read-only output fails now rather than after training. */
    static void checkWritable(Path dir) {
        Path probe = dir.resolve(".odenet-write-probe-" + UUID.randomUUID());
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException("output directory " + dir + " is not writable (" + e + "); choose "
                    + "another output or fix its permissions", e);
        }
    }

    /** The job and settings as recorded in {@value #SETTINGS}: sorted, without {@value #OVERWRITE}. */
    private static Map<String, String> recorded(String job, JobSettings settings) {
        Map<String, String> m = new TreeMap<>(settings.asMap());
        m.remove(OVERWRITE);
        m.put(JOB, job);
        return m;
    }

    private static List<Path> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.toList());
        } catch (IOException e) {
            throw new IllegalArgumentException("output directory " + dir + " cannot be listed (" + e + ")", e);
        }
    }

    private static boolean isOurs(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().map(l -> l.startsWith(HEADER)).orElse(false);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The job (from the header) and settings of an earlier run. */
    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        String header;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                header = lines.findFirst().orElse("");
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e + "); remove it or use another output",
                    e);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        m.remove(OVERWRITE);
        int end = header.indexOf('\'', HEADER.length());
        m.put(JOB, end < 0 ? "" : header.substring(HEADER.length(), end));
        return m;
    }

    /** "key: old → new" for the first few keys that differ, "(unset)" for a missing one. */
    static String differences(Map<String, String> earlier, Map<String, String> wanted) {
        TreeSet<String> keys = new TreeSet<>(earlier.keySet());
        keys.addAll(wanted.keySet());
        StringJoiner j = new StringJoiner(", ");
        int n = 0;
        for (String k : keys) {
            String a = earlier.getOrDefault(k, "(unset)");
            String b = wanted.getOrDefault(k, "(unset)");
            if (!a.equals(b)) {
                if (n++ < SHOWN_DIFFERENCES) {
                    j.add((k.equals(JOB) ? "job" : k) + ": " + a + " → " + b);
                }
            }
        }
        if (n > SHOWN_DIFFERENCES) {
            j.add("and " + (n - SHOWN_DIFFERENCES) + " more");
        }
        return j.toString();
    }

    private static void write(Path file, Map<String, String> settings) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER + settings.get(JOB) + "'");
        settings.forEach((k, v) -> {
            if (!k.equals(JOB)) {
                lines.add(escape(k, true) + " = " + escape(v, false));
            }
        });
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + " (" + e + ")", e);
        }
    }

    /** Escapes for {@link Properties#load}, so that every value reads back as written. */
    private static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case ' ', '=', ':', '#', '!' -> b.append(key ? "\\" + c : String.valueOf(c));
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Deletes {@code p} and, for a directory, everything under it (the entries of an earlier run of ours). */
    private static void delete(Path p) {
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot delete " + p + " of the earlier run (" + e + ")", e);
        }
    }
}
