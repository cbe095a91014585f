package org.odenet.jobs;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The keys a job reads for each data set named in its {@code datasets} key: {@code data.<name>.<suffix>} (e.g.
 * {@code data.mine.train}) and {@code <key>.<name>} overriding a job-wide key for that data set (e.g.
 * {@code iterations.mine}). Such a key is accepted for any name in {@code datasets}, also one the job's file
 * never mentions, and refused for a name that is not in {@code datasets} or a suffix the job does not read, so
 * that a typo is an error rather than a setting silently ignored.
 *
 * @param dataSuffixes the suffixes of {@code data.<name>.<suffix>} the job reads
 * @param perDataSet   the job-wide keys that {@code <key>.<name>} overrides for one data set
 */
record DataSetKeys(List<String> dataSuffixes, List<String> perDataSet) {
    /** A job without per-data-set keys (only the job file's own keys and families are accepted). */
    static final DataSetKeys NONE = new DataSetKeys(List.of(), List.of());
    /** The experiment jobs ({@link ExperimentJob}, {@link ExperimentData}). */
    static final DataSetKeys EXPERIMENT = new DataSetKeys(
            List.of("train", "test", "numFeatures", "range", "description"),
            List.of("iterations", "testInterval", "blockSize", "initialization"));
    /** The compare job ({@link CompareJob}). */
    static final DataSetKeys COMPARE = new DataSetKeys(List.of("train", "test", "numFeatures"), List.of());

    private static final Set<String> EXPERIMENT_JOBS = Set.of("smoke", "architectures", "tableaux", "mnist",
            "robustness", "augmentation");
    /** A data set name: one key segment, also a directory name of the output. */
    private static final String NAME = "[A-Za-z0-9_-]+";

    DataSetKeys {
        dataSuffixes = List.copyOf(dataSuffixes);
        perDataSet = List.copyOf(perDataSet);
    }

    /** The keys of job {@code job} (the base name of its file {@code jobs/<job>.properties}). */
    static DataSetKeys ofJob(String job) {
        if (EXPERIMENT_JOBS.contains(job)) {
            return EXPERIMENT;
        }
        return job.equals("compare") ? COMPARE : NONE;
    }

    /** Whether {@code key} has the form of a per-data-set key of this job (whatever its name). */
    boolean isPerDataSetKey(String key) {
        if (dataSuffixes.isEmpty() && perDataSet.isEmpty()) {
            return false;
        }
        String[] parts = key.split("\\.", -1);
        return parts.length == 3 && parts[0].equals("data") && !dataSuffixes.isEmpty()
                || parts.length == 2 && perDataSet.contains(parts[0]);
    }

    /**
     * Checks a per-data-set key ({@link #isPerDataSetKey}) given by the user.
     *
     * @param datasets the names in the job's {@code datasets} key, after every override
     * @param where    where the key was given, for the message (e.g. "override 'data.mine.train=...'")
     * @throws IllegalArgumentException naming the key, when its suffix is not one the job reads or its name is
     *                                  not in {@code datasets}, and listing the accepted ones
     */
    void check(String key, Collection<String> datasets, String where) {
        String[] parts = key.split("\\.", -1);
        String name = parts[1];
        if (parts.length == 3 && !dataSuffixes.contains(parts[2])) {
            throw new IllegalArgumentException("unknown key '" + key + "' in " + where + ": a data set's keys are "
                    + "data.<name>.{" + String.join(",", dataSuffixes) + "}");
        }
        if (!datasets.contains(name)) {
            throw new IllegalArgumentException("key '" + key + "' in " + where + " is for data set '" + name
                    + "', which is not in datasets (" + String.join(", ", datasets) + "); name it in datasets"
                    + " or correct the key. Per-data-set keys: data.<name>.{" + String.join(",", dataSuffixes) + "}"
                    + (perDataSet.isEmpty() ? "" : ", {" + String.join(",", perDataSet) + "}.<name>"));
        }
    }

    /**
     * Checks the names in {@code datasets}: each must be a single key segment of letters, digits, '_' or '-'.
     *
     * @throws IllegalArgumentException naming the bad name
     */
    static void checkNames(Collection<String> datasets) {
        for (String name : datasets) {
            if (!name.matches(NAME)) {
                throw new IllegalArgumentException("data set name '" + name + "' in key 'datasets' must consist of "
                        + "letters, digits, '_' and '-' (it names keys data.<name>.* and an output directory)");
            }
        }
    }
}
