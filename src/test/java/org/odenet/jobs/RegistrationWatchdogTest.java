package org.odenet.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The watchdog interrupts a thread stuck in the registration wait, and only that. */
class RegistrationWatchdogTest {
    private static final String SELF = RegistrationWatchdogTest.class.getName();

    /** Stands for Spark's waitForRegistration: blocks until interrupted or released. */
    private static void waitForRegistration(CountDownLatch release, AtomicBoolean interrupted) {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted.set(true);
        }
    }

    /** Blocks as long, but in another method. */
    private static void doOtherWork(CountDownLatch release, AtomicBoolean interrupted) {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted.set(true);
        }
    }

    @Test
    void interruptsAThreadWaitingLongerThanThePatience() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread waiter = new Thread(() -> waitForRegistration(release, interrupted));
        waiter.start();
        long start = System.nanoTime();
        try (RegistrationWatchdog watchdog = new RegistrationWatchdog(waiter, 500, SELF, "waitForRegistration")) {
            waiter.join(20_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(interrupted.get(), "the waiting thread was interrupted");
            assertTrue(watchdog.fired());
            assertTrue(seconds >= 0.5 && seconds < 10, "after the patience, took " + seconds + " s");
        } finally {
            release.countDown();
        }
    }

    @Test
    void leavesOtherWaitsAndClosedWatchesAlone() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean otherInterrupted = new AtomicBoolean();
        AtomicBoolean waitInterrupted = new AtomicBoolean();
        Thread other = new Thread(() -> doOtherWork(release, otherInterrupted));
        Thread waiter = new Thread(() -> waitForRegistration(release, waitInterrupted));
        other.start();
        waiter.start();
        RegistrationWatchdog onOther = new RegistrationWatchdog(other, 300, SELF, "waitForRegistration");
        RegistrationWatchdog closed = new RegistrationWatchdog(waiter, 1500, SELF, "waitForRegistration");
        closed.close();
        Thread.sleep(2500);
        onOther.close();
        release.countDown();
        other.join(10_000);
        waiter.join(10_000);
        assertFalse(otherInterrupted.get() || onOther.fired(), "a thread waiting elsewhere is not interrupted");
        assertFalse(waitInterrupted.get() || closed.fired(), "a closed watchdog interrupts nothing");
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new RegistrationWatchdog(null, 1000));
        assertThrows(IllegalArgumentException.class, () -> new RegistrationWatchdog(Thread.currentThread(), 0));
    }
}
