package org.magpo.spark;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the native threads of ND4J (libnd4j's OpenMP pool and the BLAS pool) in this JVM so that
 * concurrent runs on one executor do not oversubscribe its cores.
 *
 * <p>The caps are process-wide, not per run: every run in an executor JVM shares them, which is what a
 * sweep wants (each of an executor's task slots runs one run with {@code threadsPerRun} threads, and
 * Spark reserves {@code spark.task.cpus = threadsPerRun} cores per task). {@code OMP_NUM_THREADS} is read
 * once by the OpenMP runtime at start-up and cannot change in-process; it should equal threadsPerRun in
 * the executor's environment (SweepRunner sets {@code spark.executorEnv.OMP_NUM_THREADS}; for local mode
 * export it before starting the JVM).
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
        if (omp == null || !omp.trim().equals(Integer.toString(threads))) {
            LOG.warn("OMP_NUM_THREADS is {} in this JVM but runs are pinned to {} thread(s); set it before start-up "
                    + "(it cannot change in-process) so OpenMP does not size its pool for every core", omp, threads);
        }
        pinned = threads;
    }
}
