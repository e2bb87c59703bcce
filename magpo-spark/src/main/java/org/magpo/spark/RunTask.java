package org.magpo.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.magpo.nn.NativeThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark task body: brings one run to completion in {@code <out>/<run.relativeDir()>}. Skips a finished
 * run, resumes one with a checkpoint, clears one killed before its first checkpoint, and marks the
 * directory {@link RunDirectory#DONE} when the trainer returns. A thrown exception fails the task, which
 * Spark retries (up to its max failures); the retry finds the checkpoint and resumes.
 *
 * <p>With a {@link RemoteOutput} the run trains in a local staging directory: the remote run directory is
 * downloaded first and uploaded after the trainer returned or failed (the failed attempt's checkpoint is
 * what the retry, possibly on another executor, resumes from).
 */
final class RunTask implements Function<RunSpec, RunOutcome> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RunTask.class);

    private final String outDir;
    private final RemoteOutput remote;
    private final Map<String, RunTrainer> trainers;

    /**
     * @param outDir   absolute path of the sweep's output, visible to every executor
     * @param trainers trainer per algorithm name
     */
    RunTask(String outDir, Map<String, RunTrainer> trainers) {
        this.outDir = outDir;
        this.remote = null;
        this.trainers = Map.copyOf(trainers);
    }

    /**
     * @param remote   the sweep's output on a Hadoop file system, staged through a local temporary directory
     * @param trainers trainer per algorithm name
     */
    RunTask(RemoteOutput remote, Map<String, RunTrainer> trainers) {
        this.outDir = null;
        this.remote = remote;
        this.trainers = Map.copyOf(trainers);
    }

    @Override
    public RunOutcome call(RunSpec run) throws Exception {
        if (remote == null) {
            return bringToCompletion(run, Path.of(outDir).resolve(run.relativeDir()));
        }
        Path staging = Files.createTempDirectory("magpo-run-");
        try {
            remote.download(run.relativeDir(), staging, true);
            RunOutcome outcome;
            try {
                outcome = bringToCompletion(run, staging);
            } catch (Exception | Error e) {
                // Keep what the attempt got to (its last checkpoint) for the retry.
                try {
                    remote.upload(staging, run.relativeDir());
                } catch (Exception up) {
                    e.addSuppressed(up);
                }
                throw e;
            }
            if (outcome.action() != RunOutcome.Action.SKIPPED) {
                remote.upload(staging, run.relativeDir());
            }
            return outcome;
        } finally {
            RunDirectory.clear(staging);
            Files.deleteIfExists(staging);
        }
    }

    private RunOutcome bringToCompletion(RunSpec run, Path dir) throws Exception {
        long start = System.nanoTime();
        TaskContext ctx = TaskContext.get();
        int attempt = ctx == null ? 0 : ctx.attemptNumber();
        RunState state = RunDirectory.state(dir);
        if (state == RunState.FINISHED) {
            LOG.info("{}: finished already, skipped", run.relativeDir());
            return new RunOutcome(run, RunOutcome.Action.SKIPPED, attempt, seconds(start));
        }
        RunTrainer trainer = trainers.get(run.algorithm());
        if (trainer == null) {
            throw new IllegalStateException("no trainer for algorithm '" + run.algorithm() + "'; have "
                    + trainers.keySet());
        }
        NativeThreads.pin(run.threadsPerRun());
        if (state == RunState.PARTIAL) {
            LOG.warn("{}: output without checkpoint (killed before the first evaluation), restarting from scratch",
                    run.relativeDir());
            RunDirectory.clear(dir);
        }
        boolean resume = state == RunState.RESUMABLE;
        LOG.info("{}: {} (attempt {})", run.relativeDir(), resume ? "resuming from checkpoint" : "training", attempt);
        trainer.train(run, dir, resume);
        double seconds = seconds(start);
        RunDirectory.markDone(dir, run, seconds);
        return new RunOutcome(run, resume ? RunOutcome.Action.RESUMED : RunOutcome.Action.TRAINED, attempt, seconds);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
