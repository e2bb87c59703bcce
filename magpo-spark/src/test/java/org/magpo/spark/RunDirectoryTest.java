package org.magpo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpo.algo.MagpoConfig;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void missingOrEmptyDirectoryIsEmpty() throws IOException {
        assertEquals(RunState.EMPTY, RunDirectory.state(tmp.resolve("absent")));
        Files.createDirectories(tmp.resolve("run"));
        assertEquals(RunState.EMPTY, RunDirectory.state(tmp.resolve("run")));
    }

    @Test
    void outputWithoutCheckpointIsPartialAndClearingEmptiesIt() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("metrics.csv"), "step\n");
        Files.createDirectories(run.resolve("checkpoints/sub"));
        assertEquals(RunState.PARTIAL, RunDirectory.state(run));
        RunDirectory.clear(run);
        assertTrue(Files.isDirectory(run));
        assertEquals(RunState.EMPTY, RunDirectory.state(run));
    }

    @Test
    void checkpointWithoutCompletionIsResumable() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("checkpoint.bin"), "x");
        Files.writeString(run.resolve("marl_eval.json"), "{\"coordsum\": {\"3x10-30\": {\"magpo\": {\"seed_1\": "
                + "{\"step_0\": {\"step_count\": 8, \"episode_return\": [1.0]}}}}}}");
        assertEquals(RunState.RESUMABLE, RunDirectory.state(run));
    }

    @Test
    void absoluteMetricsOrDoneMarkerMeanFinished() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve("checkpoint.bin"), "x");
        Files.writeString(a.resolve("marl_eval.json"), "{\"coordsum\": {\"3x10-30\": {\"magpo\": {\"seed_1\": "
                + "{\"absolute_metrics\": {\"episode_return\": [1.0]}}}}}}");
        assertEquals(RunState.FINISHED, RunDirectory.state(a));

        Path b = Files.createDirectories(tmp.resolve("b"));
        Files.writeString(b.resolve("checkpoint.bin"), "x");
        RunSpec spec = new RunSpec("coordsum:3x10-30", "magpo", 1, new TreeMap<>(), "",
                MagpoConfig.defaults().toJson(), 1);
        RunDirectory.markDone(b, spec, 1.5);
        assertEquals(RunState.FINISHED, RunDirectory.state(b));
        assertFalse(Files.exists(b.resolve("DONE.tmp")));
        assertTrue(Files.readString(b.resolve("DONE")).contains("\"task\" : \"coordsum:3x10-30\""));
    }

    @Test
    void summaryReadsLastEvaluationAndAbsoluteReturns() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("marl_eval.json"), "{\"e\": {\"t\": {\"magpo\": {\"seed_3\": {"
                + "\"step_0\": {\"step_count\": 8, \"episode_return\": [1.0, 2.0]},"
                + "\"step_1\": {\"step_count\": 16, \"episode_return\": [3.0, 5.0]},"
                + "\"absolute_metrics\": {\"episode_return\": [6.0, 7.0, 8.0]}}}}}}");
        SweepSummary.Returns r = SweepSummary.returns(run);
        assertEquals(2, r.evaluations());
        assertEquals(16, r.finalStep());
        assertEquals(4.0, r.finalReturn());
        assertEquals(7.0, r.absoluteReturn());
        assertTrue(Double.isNaN(SweepSummary.returns(tmp.resolve("none")).finalReturn()));
    }
}
