package org.odenet.jobs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The settings of one job run: the keys of its configuration file ({@code jobs/<job>.properties}),
 * overridden by {@code key=value} arguments. Every key an override names must exist in the file, name a new
 * member of a family the file defines ({@code model.mine} beside {@code model.mlp64}), or be one of the job's
 * per-data-set keys ({@link DataSetKeys}: {@code data.mine.train}, {@code iterations.mine}) for a name in
 * {@code datasets}, so a typo is an error rather than a silently ignored setting; typed getters name the key and
 * the bad value.
 */
public final class JobSettings {
    private static final String DATASETS = "datasets";

    private final String source;
    private final Map<String, String> values;
    /** The values of the job's documented file, before any override. */
    private final Map<String, String> documented;

    private JobSettings(String source, Map<String, String> values, Map<String, String> documented) {
        this.source = source;
        this.values = values;
        this.documented = documented;
    }

    /**
     * Reads {@code file} and applies {@code overrides} ("key=value").
     *
     * @throws IllegalArgumentException for an unreadable file, a malformed override or an unknown key
     */
    public static JobSettings load(Path file, List<String> overrides) {
        return load(file, overrides, null);
    }

    /**
     * Reads {@code file}, a job's own configuration or another one given with {@code --config}, and applies
     * {@code overrides}. With {@code reference} (the job's documented file, when {@code file} is another one) every
     * key of {@code file} must be a key of the reference or a new member of one of its families, the same rule as
     * for overrides, so that a misspelt key in a configuration file is an error too; keys the file leaves out keep
     * the reference's values. The job's per-data-set keys ({@link DataSetKeys}, from the job file's name
     * {@code <job>.properties}) are accepted for every name in {@code datasets} and refused for other names.
     *
     * @throws IllegalArgumentException for an unreadable file, a malformed override or an unknown key
     */
    public static JobSettings load(Path file, List<String> overrides, Path reference) {
        Path jobFile = reference != null ? reference : file;
        String jobName = jobFile.getFileName().toString().replaceFirst("\\.properties$", "");
        DataSetKeys dataSetKeys = DataSetKeys.ofJob(jobName);
        Map<String, String> values = read(file);
        Map<String, String> documented = reference != null ? read(reference) : new LinkedHashMap<>(values);
        Map<String, String> perDataSet = new LinkedHashMap<>(); // key -> where it was given
        if (reference != null) {
            Map<String, String> defaults = new LinkedHashMap<>(documented);
            java.util.Set<String> known = defaults.keySet();
            for (String key : values.keySet()) {
                if (!known.contains(key) && dataSetKeys.isPerDataSetKey(key)) {
                    perDataSet.put(key, file.toString());
                } else if (!known.contains(key) && !isFamilyMember(key, known)) {
                    throw new IllegalArgumentException("unknown key '" + key + "' in " + file + "; the job's keys are "
                            + "those of " + reference + ": " + String.join(", ", known));
                }
            }
            defaults.putAll(values);
            values = defaults;
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("override '" + o + "' is not of the form key=value");
            }
            String key = o.substring(0, eq).trim();
            if (dataSetKeys.isPerDataSetKey(key)) {
                perDataSet.put(key, "override '" + o + "'");
            } else if (!values.containsKey(key) && !isFamilyMember(key, values.keySet())) {
                throw new IllegalArgumentException("unknown key '" + key + "' in override '" + o + "'; " + file
                        + " defines: " + String.join(", ", values.keySet()));
            }
            values.put(key, o.substring(eq + 1).trim());
        }
        if (!dataSetKeys.equals(DataSetKeys.NONE) && values.containsKey(DATASETS)) {
            List<String> datasets = list(values.get(DATASETS));
            DataSetKeys.checkNames(datasets);
            perDataSet.forEach((key, where) -> dataSetKeys.check(key, datasets, where));
        }
        return new JobSettings(file.toString(), values, documented);
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the job configuration " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            values.put(k, p.getProperty(k).trim());
        }
        return values;
    }

    /**
     * Whether {@code key} is a new member of a family of keys the file defines for named things, such as
     * {@code model.<name>} or {@code data.<name>.train}: some key has the same first segment, the same number of
     * segments and, with three or more, the same last one.
     */
    static boolean isFamilyMember(String key, java.util.Set<String> known) {
        String[] parts = key.split("\\.", -1);
        if (parts.length < 2 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
            return false;
        }
        for (String k : known) {
            String[] q = k.split("\\.", -1);
            if (q.length == parts.length && q[0].equals(parts[0])
                    && (parts.length == 2 || q[q.length - 1].equals(parts[parts.length - 1]))) {
                return true;
            }
        }
        return false;
    }

    /** Settings from a map (tests). */
    public static JobSettings of(Map<String, String> values) {
        return new JobSettings("(in memory)", new LinkedHashMap<>(values), new LinkedHashMap<>(values));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing key '" + key + "' in " + source);
        }
        return v;
    }

    /** The value, or {@code fallback} if the key is absent. */
    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw bad(key, "an integer");
        }
    }

    public long getLong(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw bad(key, "an integer");
        }
    }

    public double getDouble(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw bad(key, "a number");
        }
    }

    public boolean getBoolean(String key) {
        String v = get(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw bad(key, "true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** A comma-separated list, blanks trimmed, empty entries dropped. */
    public List<String> getList(String key) {
        return list(get(key));
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Whether {@code key} has the value the job's documented file gives it (no override or configuration file
     * changed it); false for a key that file does not define.
     */
    public boolean isDocumentedValue(String key) {
        return documented.containsKey(key) && documented.get(key).equals(values.get(key));
    }

    /** A comma-separated list of numbers; an entry that does not parse is an error naming the key. */
    public double[] getDoubles(String key) {
        try {
            return getList(key).stream().mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            throw bad(key, "numbers separated by commas");
        }
    }

    /** A comma-separated list of integers; an entry that does not parse is an error naming the key. */
    public int[] getInts(String key) {
        try {
            return getList(key).stream().mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw bad(key, "integers separated by commas");
        }
    }

    /** All settings in file order (for the report). */
    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    private IllegalArgumentException bad(String key, String expected) {
        return new IllegalArgumentException("key '" + key + "' in " + source + " must be " + expected + ", got '"
                + values.get(key) + "'");
    }
}
