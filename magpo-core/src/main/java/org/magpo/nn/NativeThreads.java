package org.magpo.nn;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the native threads of ND4J (libnd4j's OpenMP pool and the BLAS pool) in this JVM.
 *
 * <p>Training runs its own threads (the guider's and the learner's work overlap on two cores) and its
 * products are small (tens to thousands of rows), where one BLAS thread per calling thread is fastest: with
 * OpenBLAS's default of one thread per core, the CoordSum preset trained at 367 env-steps/s instead of 811.
 * So {@link #pinDefault()}, which the trainer calls, pins to one thread unless the user chose: an
 * {@code OMP_NUM_THREADS} in the environment, {@code -Dmagpo.nativeThreads=N}, or an earlier {@link #pin}.
 *
 * <p>The caps are process-wide, not per run: every run in a JVM shares them, which is what a sweep wants
 * (each of an executor's task slots runs one run with {@code threadsPerRun} threads, and Spark reserves
 * {@code spark.task.cpus = threadsPerRun} cores per task). {@code OMP_NUM_THREADS} is read once by the
 * OpenMP runtime at start-up and cannot change in-process; it should equal the cap (SweepRunner sets
 * {@code spark.executorEnv.OMP_NUM_THREADS}; for local mode export it before starting the JVM).
 */
public final class NativeThreads {
    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);
    private static volatile int pinned;

    private NativeThreads() {
    }

    /** Sets ND4J's op and BLAS thread caps to {@code threads} (idempotent and cheap after the first call). */
    public static synchronized void pin(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (pinned == threads) {
            return;
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && !omp.trim().equals(Integer.toString(threads))) {
            LOG.warn("OMP_NUM_THREADS is {} in this JVM but native threads are pinned to {}; set it before start-up "
                    + "(it cannot change in-process) so OpenMP does not size its pool differently", omp, threads);
        }
        pinned = threads;
    }

    /**
     * Pins to {@code -Dmagpo.nativeThreads} if given, else to one thread, unless {@code OMP_NUM_THREADS} is set
     * or {@link #pin} was called before (then the existing choice stands).
     *
     * @throws IllegalArgumentException when {@code magpo.nativeThreads} is not a positive integer
     */
    public static synchronized void pinDefault() {
        String property = System.getProperty("magpo.nativeThreads");
        if (property != null) {
            int threads;
            try {
                threads = Integer.parseInt(property.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("magpo.nativeThreads must be a positive integer, got '" + property
                        + "'");
            }
            pin(threads);
            return;
        }
        if (pinned > 0 || System.getenv("OMP_NUM_THREADS") != null) {
            return;
        }
        pin(1);
    }

    /** The cap set by {@link #pin}, or 0 when nothing was pinned in this JVM. */
    public static int pinned() {
        return pinned;
    }
}
