package org.magpo.nn;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts a second core to work beside the calling thread. Each calling thread has one worker (a daemon thread
 * that ends after a minute without work), and work running on a worker hands nothing over, so everything
 * shares two cores, never more:
 * <ul>
 *   <li>{@link #run}: an independent piece on the worker while the caller does its own — the guider acts on
 *       the second group of envs (and MAGPO's learner advances those envs' GRU states) while the caller
 *       does the first, and MAGPO's update runs the learner's forward and backward passes beside the
 *       guider's;</li>
 *   <li>{@link #forEach}: independent items claimed one at a time by the caller and, as soon as it is free,
 *       the worker — the retention layers' per-env score products. Work queued behind the learner's piece
 *       simply finds the caller has done more of it; {@link MatMul} splits large products this way.</li>
 * </ul>
 * Each piece or item computes exactly what it would alone, so results do not depend on the overlap. With one
 * available processor, or {@code -Dmagpo.overlap=false}, everything runs inline on the caller.
 */
public final class Overlap {
    private static final boolean ENABLED = !"false".equals(System.getProperty("magpo.overlap"))
            && Runtime.getRuntime().availableProcessors() > 1;

    private static final ThreadLocal<ThreadPoolExecutor> WORKER = ThreadLocal.withInitial(Overlap::newWorker);

    private Overlap() {
    }

    /** Whether work is handed to a second thread in this JVM. */
    public static boolean enabled() {
        return ENABLED;
    }

    /**
     * Runs {@code side} on the worker and {@code main} on the caller, then waits for {@code side} (also when
     * {@code main} throws, so nothing is still running when this returns). An exception of {@code side} is
     * rethrown here.
     */
    public static void run(Runnable side, Runnable main) {
        if (!ENABLED || Thread.currentThread() instanceof Worker) {
            side.run();
            main.run();
            return;
        }
        Future<?> pending = WORKER.get().submit(side);
        try {
            main.run();
        } finally {
            await(pending);
        }
    }

    /** One item of {@link #forEach}: {@code slot} is 0 on the caller and 1 on the worker (per-thread scratch). */
    @FunctionalInterface
    public interface Item {
        void run(int index, int slot);
    }

    /**
     * Calls {@code item} for every index in [0, n), each exactly once, on the caller (slot 0) and the worker
     * (slot 1) as each claims the next index; returns when all have finished. The first exception is rethrown
     * after every claimed item has ended; unclaimed items are then skipped.
     */
    public static void forEach(int n, Item item) {
        if (!ENABLED || n < 2 || Thread.currentThread() instanceof Worker) {
            for (int i = 0; i < n; i++) {
                item.run(i, 0);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        WORKER.get().execute(() -> claim(next, n, item, 1, finished, failure));
        claim(next, n, item, 0, finished, failure);
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;   // the worker's items must end before their state is touched again
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }

    private static void claim(AtomicInteger next, int n, Item item, int slot, CountDownLatch finished,
                              AtomicReference<Throwable> failure) {
        for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            try {
                if (failure.get() == null) {
                    item.run(i, slot);
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                finished.countDown();
            }
        }
    }

    private static ThreadPoolExecutor newWorker() {
        ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Worker::new);
        worker.allowCoreThreadTimeOut(true);
        return worker;
    }

    /** A worker thread: work it hands over runs inline, so two threads are never joined by a third. */
    private static final class Worker extends Thread {
        Worker(Runnable r) {
            super(r, "magpo-overlap");
            setDaemon(true);
        }
    }

    private static void await(Future<?> pending) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    pending.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;   // the side piece must finish before its state is touched again
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
