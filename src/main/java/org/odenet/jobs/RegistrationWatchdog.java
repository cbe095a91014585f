package org.odenet.jobs;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Interrupts a thread that has waited too long for a standalone master to register the application. Spark's
 * client waits 20 s per attempt and tries 3 times before it gives up; a master answers in milliseconds, so a
 * wait longer than the patience means the address accepts connections but is no master (a web UI port, another
 * service). The watchdog looks at the watched thread's stack every 200 ms and interrupts it once it has been
 * inside Spark's {@code StandaloneSchedulerBackend.waitForRegistration} for the whole patience.
 */
final class RegistrationWatchdog implements AutoCloseable {
    private static final String BACKEND = "org.apache.spark.scheduler.cluster.StandaloneSchedulerBackend";
    private static final String WAIT = "waitForRegistration";
    private static final long POLL_MILLIS = 200;

    private final Thread watched;
    private final String waitClass;
    private final String waitMethod;
    private final long patienceNanos;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private long waitingSince = -1;

    /**
     * Starts watching.
     *
     * @param watched the thread that creates the Spark session
     * @param patienceMillis how long it may wait for the registration, &gt; 0
     */
    RegistrationWatchdog(Thread watched, long patienceMillis) {
        this(watched, patienceMillis, BACKEND, WAIT);
    }

    /** As {@link #RegistrationWatchdog(Thread, long)}, for a wait in {@code waitClass.waitMethod}. */
    RegistrationWatchdog(Thread watched, long patienceMillis, String waitClass, String waitMethod) {
        if (watched == null) {
            throw new IllegalArgumentException("watched thread must not be null");
        }
        if (patienceMillis <= 0) {
            throw new IllegalArgumentException("patienceMillis must be > 0, got " + patienceMillis);
        }
        this.watched = watched;
        this.waitClass = waitClass;
        this.waitMethod = waitMethod;
        this.patienceNanos = TimeUnit.MILLISECONDS.toNanos(patienceMillis);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odenet-registration-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether the watched thread was interrupted because the registration took longer than the patience. */
    boolean fired() {
        return fired.get();
    }

    private void check() {
        if (!waitingForRegistration()) {
            waitingSince = -1;
            return;
        }
        long now = System.nanoTime();
        if (waitingSince < 0) {
            waitingSince = now;
        } else if (now - waitingSince >= patienceNanos && fired.compareAndSet(false, true)) {
            watched.interrupt();
            timer.shutdown();
        }
    }

    private boolean waitingForRegistration() {
        for (StackTraceElement frame : watched.getStackTrace()) {
            if (frame.getClassName().equals(waitClass) && frame.getMethodName().equals(waitMethod)) {
                return true;
            }
        }
        return false;
    }

    /** Stops watching; the watched thread is not interrupted after this returns. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
