package org.magpo.algo;

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
        Overlap overlap = new Overlap();
        int[] done = new int[2];
        for (int i = 0; i < 100; i++) {
            overlap.run(() -> done[0]++, () -> done[1]++);
        }
        assertEquals(100, done[0]);
        assertEquals(100, done[1]);
    }

    @Test
    void sideRunsOnAnotherThreadAtTheSameTimeAsMain() throws InterruptedException {
        assumeTrue(Overlap.enabled(), "one processor (or -Dmagpo.overlap=false): both pieces run inline");
        Overlap overlap = new Overlap();
        CountDownLatch mainStarted = new CountDownLatch(1);
        AtomicBoolean sawMain = new AtomicBoolean();
        AtomicReference<Thread> sideThread = new AtomicReference<>();
        overlap.run(() -> {
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
        Overlap overlap = new Overlap();
        IllegalStateException boom = new IllegalStateException("learner step failed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> overlap.run(() -> {
            throw boom;
        }, () -> { }));
        assertSame(boom, e);
    }

    @Test
    void whenMainFailsTheSidePieceHasFinishedBeforeTheExceptionArrives() {
        Overlap overlap = new Overlap();
        AtomicBoolean sideDone = new AtomicBoolean();
        assertThrows(ArithmeticException.class, () -> overlap.run(() -> {
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
}
