package org.magpo.algo;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs an independent piece of work on a second core while the calling thread does its own, and returns when
 * both are done. MAGPO's rollout uses it to advance the learner's GRU (which needs only the observations)
 * while the guider decodes its actions: a quarter of the rollout phase that otherwise left the second core
 * idle. Each side computes exactly what it would alone, so results do not depend on whether the work
 * overlaps. With one available processor, or {@code -Dmagpo.overlap=false}, both run inline on the caller.
 */
final class Overlap {
    private static final boolean ENABLED = !"false".equals(System.getProperty("magpo.overlap"))
            && Runtime.getRuntime().availableProcessors() > 1;

    private ThreadPoolExecutor worker;

    /** Whether {@link #run} uses a second thread in this JVM. */
    static boolean enabled() {
        return ENABLED;
    }

    /**
     * Runs {@code side} on the worker thread and {@code main} on the caller, then waits for {@code side}
     * (also when {@code main} throws, so nothing is still running when this returns). An exception of
     * {@code side} is rethrown here.
     */
    void run(Runnable side, Runnable main) {
        if (!ENABLED) {
            side.run();
            main.run();
            return;
        }
        Future<?> pending = worker().submit(side);
        try {
            main.run();
        } finally {
            await(pending);
        }
    }

    private ThreadPoolExecutor worker() {
        if (worker == null) {
            // one daemon thread that ends after a minute without work, so an abandoned trainer leaks nothing
            worker = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "magpo-overlap");
                t.setDaemon(true);
                return t;
            });
            worker.allowCoreThreadTimeOut(true);
        }
        return worker;
    }

    private static void await(Future<?> pending) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    pending.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;   // the side task must finish before its state is touched again
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
