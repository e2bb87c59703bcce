package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OverlapTest {

    @Test
    void bothPiecesHaveRunWhenRunReturns() {
        int[] done = new int[2];
        for (int i = 0; i < 100; i++) {
            Overlap.run(() -> done[0]++, () -> done[1]++);
        }
        assertEquals(100, done[0]);
        assertEquals(100, done[1]);
    }

    @Test
    void sideRunsOnAnotherThreadAtTheSameTimeAsMain() throws InterruptedException {
        assumeTrue(Overlap.enabled(), "one processor (or -Dmagpo.overlap=false): both pieces run inline");
        CountDownLatch mainStarted = new CountDownLatch(1);
        AtomicBoolean sawMain = new AtomicBoolean();
        AtomicReference<Thread> sideThread = new AtomicReference<>();
        Overlap.run(() -> {
            sideThread.set(Thread.currentThread());
            try {
                sawMain.set(mainStarted.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, mainStarted::countDown);
        assertTrue(sawMain.get(), "the side piece never saw the main piece running");
        assertNotEquals(Thread.currentThread(), sideThread.get());
    }

    @Test
    void aFailureOfTheSidePieceIsRethrownToTheCaller() {
        IllegalStateException boom = new IllegalStateException("learner step failed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Overlap.run(() -> {
            throw boom;
        }, () -> { }));
        assertSame(boom, e);
    }

    @Test
    void whenMainFailsTheSidePieceHasFinishedBeforeTheExceptionArrives() {
        AtomicBoolean sideDone = new AtomicBoolean();
        assertThrows(ArithmeticException.class, () -> Overlap.run(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sideDone.set(true);
        }, () -> {
            throw new ArithmeticException("guider step failed");
        }));
        assertTrue(sideDone.get());
    }

    @Test
    void forEachRunsEveryIndexExactlyOnceOnTwoSlots() {
        int n = 200;
        java.util.concurrent.atomic.AtomicIntegerArray seen = new java.util.concurrent.atomic.AtomicIntegerArray(n);
        java.util.concurrent.atomic.AtomicIntegerArray slots = new java.util.concurrent.atomic.AtomicIntegerArray(2);
        for (int rep = 0; rep < 20; rep++) {
            Overlap.forEach(n, (i, slot) -> {
                seen.incrementAndGet(i);
                slots.incrementAndGet(slot);
                assertTrue(slot == 0 || slot == 1);
            });
        }
        for (int i = 0; i < n; i++) {
            assertEquals(20, seen.get(i), "index " + i);
        }
        assertEquals(20 * n, slots.get(0) + slots.get(1));
    }

    @Test
    void forEachWaitsForTheWorkersItemsAndRethrowsTheFirstFailure() {
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Overlap.forEach(50,
                (i, slot) -> {
                    running.incrementAndGet();
                    try {
                        if (i == 7) {
                            throw new IllegalArgumentException("env 7 failed");
                        }
                        Thread.sleep(1);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    } finally {
                        running.decrementAndGet();
                    }
                }));
        assertEquals("env 7 failed", e.getMessage());
        assertEquals(0, running.get(), "an item was still running after forEach returned");
    }
}
