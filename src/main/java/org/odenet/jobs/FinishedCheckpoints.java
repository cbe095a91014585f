package org.odenet.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The checkpoint directories of the networks an experiment has trained, model and history saved. Once the
 * whole run has succeeded they are removed, unless {@code keepCheckpoints = true}; a run that fails or is
 * interrupted never gets there and keeps every checkpoint, so that rerunning it resumes (also the networks it
 * had finished, which then resume at their last iteration instead of training again).
 */
final class FinishedCheckpoints {
    private static final Logger LOG = LogManager.getLogger(FinishedCheckpoints.class);

    private final boolean keep;
    private final List<Path> directories = new ArrayList<>();

    /** @param keep whether to keep the checkpoints ({@code keepCheckpoints}) */
    FinishedCheckpoints(boolean keep) {
        this.keep = keep;
    }

    /** Records the checkpoint directory of a network whose model and history are saved. */
    void add(Path directory) {
        directories.add(directory);
    }

    /**
     * Removes every recorded directory that exists, unless the checkpoints are kept.
     *
     * @return the bytes removed
     * @throws UncheckedIOException naming the directory that could not be removed
     */
    long removeUnlessKept() {
        if (keep) {
            return 0;
        }
        long bytes = 0;
        int removed = 0;
        for (Path dir : directories) {
            if (Files.exists(dir)) {
                bytes += remove(dir);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info(String.format(java.util.Locale.ROOT, "odenet: removed the checkpoints of %d finished networks "
                    + "(%.1f MiB; keepCheckpoints=true keeps them)", removed, bytes / 1048576.0));
        }
        directories.clear();
        return bytes;
    }

    private static long remove(Path dir) {
        long bytes = 0;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(p)) {
                    bytes += Files.size(p);
                }
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkpoints " + dir + " of a finished network: " + e, e);
        }
        return bytes;
    }
}
