package org.odenet.training;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.odenet.optim.IterationMetrics;

/**
 * Logs a progress line every {@code interval} iterations and at the last one: loss, accuracy, L, the speed and
 * the time to go.
 *
 * <p>The speed is the mean over every iteration since the first line, so the time to go does not follow the
 * iteration-to-iteration swings of the line search (one trial or several, a validation pass, a checkpoint). The
 * first line's own interval holds the warm-up (JIT, the first Spark jobs) and is left out of that mean; the first
 * line alone, having nothing else, uses it.
 */
public final class ProgressReporter {
    private static final Logger LOG = LogManager.getLogger("org.odenet.progress");

    private final int interval;
    private final int maxIter;
    private int lastIteration;
    private double lastSeconds;
    /** The iteration and wall-clock seconds of the first line, from which the speed is measured; -1 before it. */
    private int baseIteration = -1;
    private double baseSeconds;

    /**
     * @param startIteration the iteration training starts from (0, or the checkpoint's when resuming)
     * @param startSeconds   the wall-clock seconds of the history at that point
     */
    public ProgressReporter(int interval, int maxIter, int startIteration, double startSeconds) {
        this.interval = interval;
        this.maxIter = maxIter;
        this.lastIteration = startIteration;
        this.lastSeconds = startSeconds;
    }

    public void report(IterationMetrics m) {
        String line = line(m);
        if (line != null) {
            LOG.info(line);
        }
    }

    /** The progress line for this iteration, or null when none is due. */
    String line(IterationMetrics m) {
        if (m.iteration() <= lastIteration || m.iteration() % interval != 0 && m.iteration() != maxIter) {
            return null;
        }
        double rate;
        if (baseIteration < 0) {
            rate = iterationsPerSecond(m.iteration() - lastIteration, m.wallSeconds() - lastSeconds);
            baseIteration = m.iteration();
            baseSeconds = m.wallSeconds();
        } else {
            rate = iterationsPerSecond(m.iteration() - baseIteration, m.wallSeconds() - baseSeconds);
        }
        lastIteration = m.iteration();
        lastSeconds = m.wallSeconds();
        String validation = m.hasValidation() ? String.format(Locale.ROOT, ", validation loss %.4e accuracy %.4f",
                m.validationLoss(), m.validationAccuracy()) : "";
        return String.format(Locale.ROOT, "odenet: iteration %d/%d, loss %.6e, accuracy %.4f%s, L %.3e, %.1f it/s, ETA %s",
                m.iteration(), maxIter, m.loss(), m.accuracy(), validation, m.lipschitz(), rate,
                eta((maxIter - m.iteration()) / rate));
    }

    private static double iterationsPerSecond(int iterations, double seconds) {
        return iterations / Math.max(1e-9, seconds);
    }

    static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "unknown";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
