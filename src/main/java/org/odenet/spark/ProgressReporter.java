package org.odenet.spark;

import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.odenet.optim.IterationMetrics;

/** Logs a progress line every {@code interval} iterations: loss, accuracy, L, speed and time to go. */
final class ProgressReporter {
    private static final Logger LOG = LogManager.getLogger("org.odenet.progress");

    private final int interval;
    private final int maxIter;
    private int lastIteration = -1;
    private double lastSeconds;

    ProgressReporter(int interval, int maxIter) {
        this.interval = interval;
        this.maxIter = maxIter;
    }

    void report(IterationMetrics m) {
        if (m.iteration() == 0 || m.iteration() % interval != 0 && m.iteration() != maxIter) {
            return;
        }
        double rate = lastIteration < 0 ? Double.NaN
                : (m.iteration() - lastIteration) / Math.max(1e-9, m.wallSeconds() - lastSeconds);
        if (lastIteration < 0 && m.wallSeconds() > 0) {
            rate = m.iteration() / m.wallSeconds();
        }
        lastIteration = m.iteration();
        lastSeconds = m.wallSeconds();
        String validation = m.hasValidation() ? String.format(Locale.ROOT, ", validation loss %.4e accuracy %.4f",
                m.validationLoss(), m.validationAccuracy()) : "";
        LOG.info(String.format(Locale.ROOT, "odenet: iteration %d/%d, loss %.6e, accuracy %.4f%s, L %.3e, %.1f it/s, ETA %s",
                m.iteration(), maxIter, m.loss(), m.accuracy(), validation, m.lipschitz(), rate,
                eta((maxIter - m.iteration()) / rate)));
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
