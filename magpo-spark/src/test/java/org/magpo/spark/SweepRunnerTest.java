package org.magpo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's scheduling, skipping, resuming and retrying on local Spark, with a trainer that only writes files. */
class SweepRunnerTest {
    @TempDir
    Path tmp;

    /** 2 tasks x 2 seeds x 2 grid values = 8 runs. */
    private static final SweepSpec SPEC = SweepSpec.fromJson("""
            {"name": "fake", "tasks": ["coordsum:3x10-30", "coordsum:3x30-50"], "seeds": [1, 2],
             "set": {"totalTimesteps": 16, "rolloutLength": 8, "numEnvs": 2, "numMinibatches": 1,
                     "numEvaluations": 1, "updateBatchSize": 1},
             "grid": {"alpha": [0.5, 1.0]}}""");

    private SweepRunner runner(FakeTrainer.Mode mode, int maxFailures) {
        // The fake's numbers make no report worth writing; MagpoSweepTest checks the report.
        return new SweepRunner(new SweepRunner.Options("local[2]", maxFailures, Map.of(),
                Map.of("magpo", new FakeTrainer(tmp.resolve("calls.log"), mode)), null));
    }

    private List<String> calls() throws IOException {
        Path log = tmp.resolve("calls.log");
        List<String> lines = Files.exists(log) ? new ArrayList<>(Files.readAllLines(log)) : new ArrayList<>();
        Collections.sort(lines);
        return lines;
    }

    @Test
    void runsEveryCombinationOnceThenResubmissionCompletesOnlyWhatIsMissing() throws IOException {
        Path out = tmp.resolve("out");
        SweepRunner.Result first = runner(FakeTrainer.Mode.OK, 2).run(SPEC, out.toString());
        assertEquals(8, first.outcomes().size());
        assertEquals(8, first.count(RunOutcome.Action.TRAINED));
        List<RunSpec> runs = SweepExpansion.expand(SPEC);
        for (RunSpec r : runs) {
            Path dir = out.resolve(r.relativeDir());
            assertEquals(RunState.FINISHED, RunDirectory.state(dir), r.relativeDir());
            assertTrue(Files.exists(dir.resolve(RunDirectory.DONE)), r.relativeDir());
        }
        assertEquals(8, calls().size());
        List<String> summary = Files.readAllLines(first.summary(), StandardCharsets.UTF_8);
        assertEquals(9, summary.size(), "header + one row per run");
        assertTrue(summary.get(0).startsWith("task,algorithm,seed,hp_hash,alpha,action,"), summary.get(0));
        for (String row : summary.subList(1, 9)) {
            String[] cells = row.split(",", -1);
            long seed = Long.parseLong(cells[2]);
            // The fake evaluates returns [seed, seed + 1] and absolute [2 seed].
            assertEquals(seed + 0.5, Double.parseDouble(cells[cells.length - 3]), row);
            assertEquals(2.0 * seed, Double.parseDouble(cells[cells.length - 2]), row);
        }

        // Half-finish the sweep: two runs killed after a checkpoint, one killed before its first checkpoint,
        // one never started, one finished without the DONE marker (crash between training and marking).
        Path resumable1 = out.resolve(runs.get(0).relativeDir());
        Path resumable2 = out.resolve(runs.get(3).relativeDir());
        for (Path d : List.of(resumable1, resumable2)) {
            Files.delete(d.resolve(RunDirectory.DONE));
            Files.delete(d.resolve(RunDirectory.MARL_EVAL));
        }
        Path partial = out.resolve(runs.get(5).relativeDir());
        Files.delete(partial.resolve(RunDirectory.DONE));
        Files.delete(partial.resolve(RunDirectory.MARL_EVAL));
        Files.delete(partial.resolve(RunDirectory.CHECKPOINT));
        Path missing = out.resolve(runs.get(6).relativeDir());
        RunDirectory.clear(missing);
        Files.delete(missing);
        Files.delete(out.resolve(runs.get(7).relativeDir()).resolve(RunDirectory.DONE));
        Files.delete(tmp.resolve("calls.log"));

        SweepRunner.Result second = runner(FakeTrainer.Mode.OK, 2).run(SPEC, out.toString());
        assertEquals(2, second.count(RunOutcome.Action.RESUMED));
        assertEquals(2, second.count(RunOutcome.Action.TRAINED));
        assertEquals(4, second.count(RunOutcome.Action.SKIPPED));
        List<String> expected = new ArrayList<>(List.of(
                runs.get(0).relativeDir() + " resume=true", runs.get(3).relativeDir() + " resume=true",
                runs.get(5).relativeDir() + " resume=false", runs.get(6).relativeDir() + " resume=false"));
        Collections.sort(expected);
        assertEquals(expected, calls(), "only the unfinished runs are trained, each from where it stopped");
        for (RunSpec r : runs) {
            assertEquals(RunState.FINISHED, RunDirectory.state(out.resolve(r.relativeDir())), r.relativeDir());
        }
    }

    @Test
    void crashedRunIsRetriedBySparkAndResumesFromItsCheckpoint() throws IOException {
        SweepSpec one = SweepSpec.fromJson("""
                {"tasks": ["coordsum:3x10-30"], "seeds": [4],
                 "set": {"totalTimesteps": 16, "rolloutLength": 8, "numEnvs": 2, "numMinibatches": 1,
                         "numEvaluations": 1, "updateBatchSize": 1}}""");
        SweepRunner.Result result = runner(FakeTrainer.Mode.CRASH_ONCE_AFTER_CHECKPOINT, 3)
                .run(one, tmp.resolve("out").toString());
        RunOutcome o = result.outcomes().get(0);
        assertEquals(RunOutcome.Action.RESUMED, o.action());
        assertEquals(1, o.attempt(), "the second attempt finished the run");
        assertEquals(List.of("coordsum/3x10-30/magpo/seed_4 resume=false", "coordsum/3x10-30/magpo/seed_4 resume=true"),
                calls());
    }

    @Test
    void runFailingEveryAttemptFailsTheSweepAfterMaxFailures() throws IOException {
        SweepSpec one = SweepSpec.fromJson("""
                {"tasks": ["coordsum:3x10-30"], "seeds": [4],
                 "set": {"totalTimesteps": 16, "rolloutLength": 8, "numEnvs": 2, "numMinibatches": 1,
                         "numEvaluations": 1, "updateBatchSize": 1}}""");
        SparkException e = assertThrows(SparkException.class,
                () -> runner(FakeTrainer.Mode.ALWAYS_FAIL, 2).run(one, tmp.resolve("out").toString()));
        assertTrue(e.getMessage().contains("simulated failure of coordsum/3x10-30/magpo/seed_4"), e.getMessage());
        assertEquals(2, calls().size(), "tried maxFailures times; every retry cleared the partial output first");
    }

    @Test
    void localMastersGetTheRetryCountOthersAreUntouched() {
        assertEquals("local[*,4]", SweepRunner.withLocalRetries("local[*]", 4));
        assertEquals("local[2,3]", SweepRunner.withLocalRetries("local[2]", 3));
        assertEquals("local[1,2]", SweepRunner.withLocalRetries("local", 2));
        assertEquals("local[2,9]", SweepRunner.withLocalRetries("local[2,9]", 4));
        assertEquals("spark://h:7077", SweepRunner.withLocalRetries("spark://h:7077", 4));
        assertEquals("yarn", SweepRunner.withLocalRetries("yarn", 4));
    }

    @Test
    void sparkSettingsPinCoresAndThreadsPerRunAndLetUserSettingsWin() {
        SweepRunner r = new SweepRunner(new SweepRunner.Options("local[*]", 3, Map.of("spark.ui.enabled", "true"),
                Map.of("magpo", new FakeTrainer(tmp.resolve("calls.log"), FakeTrainer.Mode.OK)), null));
        var conf = r.sparkConf(2);
        assertEquals("local[*,3]", conf.get("spark.master"));
        assertEquals("2", conf.get("spark.task.cpus"));
        assertEquals("2", conf.get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("3", conf.get("spark.task.maxFailures"));
        assertEquals("false", conf.get("spark.speculation"));
        assertEquals("127.0.0.1", conf.get("spark.driver.bindAddress"));
        assertEquals("true", conf.get("spark.ui.enabled"));
        var cluster = new SweepRunner(SweepRunner.Options.of("spark://head:7077")).sparkConf(1);
        assertEquals("spark://head:7077", cluster.get("spark.master"));
        assertTrue(!cluster.contains("spark.driver.bindAddress"), "a cluster driver binds where Spark decides");
    }

    @Test
    void plainPathsAreLocalOutputsAndUrisGoThroughHadoop() {
        assertTrue(SweepRunner.outputPath("rel/dir").isAbsolute());
        assertTrue(RemoteOutput.isUri("hdfs://nn:8020/sweeps"));
        assertTrue(RemoteOutput.isUri("s3a://bucket/sweeps"));
        assertTrue(RemoteOutput.isUri("file:///tmp/x"));
        assertTrue(!RemoteOutput.isUri("/tmp/x") && !RemoteOutput.isUri("rel/dir") && !RemoteOutput.isUri("C:\\x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepRunner.outputPath("hdfs://nn:8020/sweeps"));
        assertTrue(e.getMessage().contains("hdfs://nn:8020/sweeps"), e.getMessage());
    }

    @Test
    void sweepToAHadoopUriStagesRunsLocallyAndResubmissionSkipsFinishedAndResumesHalfFinished() throws IOException {
        Path remoteDir = tmp.resolve("remote");
        // file:// goes through Hadoop's FileSystem (its raw local implementation), like hdfs:// or s3a:// would.
        String uri = remoteDir.toUri().toString();
        assertTrue(uri.startsWith("file:/"), uri);
        SweepRunner.Result first = runner(FakeTrainer.Mode.OK, 2).run(SPEC, uri);
        assertEquals(8, first.count(RunOutcome.Action.TRAINED));
        List<RunSpec> runs = SweepExpansion.expand(SPEC);
        for (RunSpec r : runs) {
            Path dir = remoteDir.resolve(r.relativeDir());
            assertEquals(RunState.FINISHED, RunDirectory.state(dir), r.relativeDir());
            for (String f : List.of(RunDirectory.DONE, RunDirectory.CHECKPOINT, RunDirectory.MARL_EVAL, "metrics.csv")) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), r.relativeDir() + "/" + f + " uploaded");
            }
        }
        List<String> summary = Files.readAllLines(remoteDir.resolve(SweepSummary.FILE), StandardCharsets.UTF_8);
        assertEquals(9, summary.size(), "summary uploaded: header + one row per run");
        assertEquals(2.0 * runs.get(0).seed(), Double.parseDouble(summary.get(1).split(",", -1)[summary.get(0).split(",").length - 2]));
        try (var walk = Files.walk(remoteDir)) {
            List<String> stray = walk.map(Path::toString).filter(p -> p.endsWith(".crc") || p.endsWith(".uploading")).toList();
            assertEquals(List.of(), stray, "no checksum or half-uploaded files");
        }

        // Half-finish the remote sweep: one run killed after a checkpoint, one never started.
        Path resumable = remoteDir.resolve(runs.get(2).relativeDir());
        Files.delete(resumable.resolve(RunDirectory.DONE));
        Files.delete(resumable.resolve(RunDirectory.MARL_EVAL));
        Path missing = remoteDir.resolve(runs.get(5).relativeDir());
        RunDirectory.clear(missing);
        Files.delete(missing);
        Files.delete(tmp.resolve("calls.log"));

        List<RunState> planned = runner(FakeTrainer.Mode.OK, 2).states(runs, uri);
        assertEquals(RunState.RESUMABLE, planned.get(2), "the checkpoint is found on the remote side");
        assertEquals(RunState.EMPTY, planned.get(5));
        assertEquals(RunState.FINISHED, planned.get(0));

        SweepRunner.Result second = runner(FakeTrainer.Mode.OK, 2).run(SPEC, uri);
        assertEquals(1, second.count(RunOutcome.Action.RESUMED));
        assertEquals(1, second.count(RunOutcome.Action.TRAINED));
        assertEquals(6, second.count(RunOutcome.Action.SKIPPED));
        List<String> expected = new ArrayList<>(List.of(runs.get(2).relativeDir() + " resume=true",
                runs.get(5).relativeDir() + " resume=false"));
        Collections.sort(expected);
        assertEquals(expected, calls(), "only the unfinished runs are trained, the resumed one from its uploaded checkpoint");
        for (RunSpec r : runs) {
            assertEquals(RunState.FINISHED, RunDirectory.state(remoteDir.resolve(r.relativeDir())), r.relativeDir());
        }
    }

    @Test
    void failedAttemptUploadsItsCheckpointSoTheRetryResumesFromTheRemoteCopy() throws IOException {
        SweepSpec one = SweepSpec.fromJson("""
                {"tasks": ["coordsum:3x10-30"], "seeds": [4],
                 "set": {"totalTimesteps": 16, "rolloutLength": 8, "numEnvs": 2, "numMinibatches": 1,
                         "numEvaluations": 1, "updateBatchSize": 1}}""");
        Path remoteDir = tmp.resolve("remote");
        SweepRunner.Result result = runner(FakeTrainer.Mode.CRASH_ONCE_AFTER_CHECKPOINT, 3).run(one, remoteDir.toUri().toString());
        RunOutcome o = result.outcomes().get(0);
        assertEquals(RunOutcome.Action.RESUMED, o.action());
        assertEquals(1, o.attempt());
        assertEquals(List.of("coordsum/3x10-30/magpo/seed_4 resume=false", "coordsum/3x10-30/magpo/seed_4 resume=true"),
                calls());
        assertEquals(RunState.FINISHED, RunDirectory.state(remoteDir.resolve("coordsum/3x10-30/magpo/seed_4")));
    }

    @Test
    void algorithmWithoutTrainerIsRejectedBeforeSparkStarts() {
        SweepRunner r = new SweepRunner(SweepRunner.Options.of("local[1]",
                Map.of("other", new FakeTrainer(tmp.resolve("calls.log"), FakeTrainer.Mode.OK))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.run(SPEC, tmp.toString()));
        assertTrue(e.getMessage().contains("'magpo'"), e.getMessage());
    }
}
