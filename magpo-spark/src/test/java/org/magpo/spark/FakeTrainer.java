package org.magpo.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes the files the real trainer writes (metrics.csv, checkpoint.bin, marl_eval.json with absolute
 * metrics) without learning, and appends every call to a log file: a file because Spark runs copies of
 * this object, so fields cannot count calls. Like the real trainer it refuses a fresh start in a
 * directory that has metrics.csv and a resume without checkpoint.
 */
final class FakeTrainer implements RunTrainer {
    private static final long serialVersionUID = 1L;

    enum Mode { OK, CRASH_ONCE_AFTER_CHECKPOINT, ALWAYS_FAIL }

    private final String callLog;
    private final Mode mode;

    FakeTrainer(Path callLog, Mode mode) {
        this.callLog = callLog.toString();
        this.mode = mode;
    }

    @Override
    public void train(RunSpec run, Path dir, boolean resume) throws IOException {
        Files.writeString(Path.of(callLog), run.relativeDir() + " resume=" + resume + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.createDirectories(dir);
        if (!resume && Files.exists(dir.resolve("metrics.csv"))) {
            throw new IllegalStateException(dir + " already has metrics.csv");
        }
        if (resume && !Files.exists(dir.resolve("checkpoint.bin"))) {
            throw new IllegalStateException(dir + " has no checkpoint to resume from");
        }
        Files.writeString(dir.resolve("metrics.csv"), "step\n8\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (mode == Mode.ALWAYS_FAIL) {
            throw new IllegalStateException("simulated failure of " + run.relativeDir());
        }
        Files.writeString(dir.resolve("checkpoint.bin"), "update 1", StandardCharsets.UTF_8);
        if (mode == Mode.CRASH_ONCE_AFTER_CHECKPOINT && !resume) {
            throw new IllegalStateException("simulated executor crash after the first checkpoint of " + run.relativeDir());
        }
        long s = run.seed();
        Files.writeString(dir.resolve("marl_eval.json"), "{\"" + run.family() + "\": {\"" + run.task() + "\": {\""
                + run.algorithm() + "\": {\"seed_" + s + "\": {\"step_0\": {\"step_count\": 16, \"episode_return\": ["
                + s + ", " + (s + 1) + "]}, \"absolute_metrics\": {\"episode_return\": [" + (2 * s) + "]}}}}}}",
                StandardCharsets.UTF_8);
    }
}
