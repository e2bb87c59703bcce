package org.magpo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpo.train.Trainer;

/** Sweeps with the real MAGPO trainer on local Spark, at budgets of two updates per run. */
class MagpoSweepTest {
    @TempDir
    Path tmp;

    /** Two updates of 8 steps x 2 envs, an evaluation after each, tiny networks. */
    private static final String TINY = """
            "set": {"totalTimesteps": 32, "rolloutLength": 8, "numEnvs": 2, "updateBatchSize": 1, "numMinibatches": 1,
                    "ppoEpochs": 1, "numEvaluations": 2, "evalEpisodes": 2, "absoluteMetricEpisodes": 2,
                    "embedDim": 8, "nHead": 1, "nBlock": 1,
                    "learnerPreTorsoWidth": 8, "learnerGruWidth": 8, "learnerPostTorsoWidth": 8}""";

    private static final List<String> RUN_FILES = List.of("config.json", "metrics.csv", "eval.jsonl", "marl_eval.json",
            "checkpoint.bin", "DONE");

    /** Trains one update (checkpointing it) and then dies, as a killed executor would; resumes normally. */
    static final class CrashAfterFirstUpdate implements RunTrainer {
        private static final long serialVersionUID = 1L;

        @Override
        public void train(RunSpec run, Path runDir, boolean resume) throws Exception {
            if (resume) {
                new MagpoRunTrainer().train(run, runDir, true);
                return;
            }
            try (Trainer t = MagpoRunTrainer.open(run, runDir, false)) {
                t.train(1);
            }
            throw new IllegalStateException("simulated executor loss after update 1 of " + run.relativeDir());
        }
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        for (String f : List.of("metrics.csv", "eval.jsonl", "marl_eval.json", "config.json")) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)),
                    f + " of the resumed run equals the uninterrupted run's");
        }
    }

    @Test
    void twoByTwoByTwoSweepTrainsEveryRunResumesTheKilledOneAndSkipsAllWhenResubmitted() throws Exception {
        SweepSpec spec = SweepSpec.fromJson("{\"name\": \"tiny\", \"tasks\": [\"coordsum:3x10-30\", \"coordsum:3x30-50\"],"
                + " \"seeds\": [1, 2], \"grid\": {\"alpha\": [0.5, 1.0]}, " + TINY + "}");
        List<RunSpec> runs = SweepExpansion.expand(spec);
        assertEquals(8, runs.size());
        Path out = tmp.resolve("out");

        // A run killed mid-way: one of its two updates done and checkpointed.
        RunSpec killed = runs.get(5);
        try (Trainer t = MagpoRunTrainer.open(killed, out.resolve(killed.relativeDir()), false)) {
            t.train(1);
        }
        assertEquals(RunState.RESUMABLE, RunDirectory.state(out.resolve(killed.relativeDir())));

        SweepRunner runner = new SweepRunner(SweepRunner.Options.of("local[2]"));
        SweepRunner.Result result = runner.run(spec, out.toString());
        assertEquals(7, result.count(RunOutcome.Action.TRAINED));
        assertEquals(1, result.count(RunOutcome.Action.RESUMED));
        for (RunSpec r : runs) {
            Path dir = out.resolve(r.relativeDir());
            for (String f : RUN_FILES) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), r.relativeDir() + " has " + f);
            }
            assertEquals(3, Files.readAllLines(dir.resolve("metrics.csv")).size(), "header + 2 updates in " + dir);
            assertTrue(RunDirectory.hasAbsoluteMetrics(dir.resolve("marl_eval.json")), dir.toString());
        }
        List<String> summary = Files.readAllLines(result.summary());
        assertEquals(9, summary.size());
        List<String> header = List.of(summary.get(0).split(","));
        for (String row : summary.subList(1, 9)) {
            String[] cells = row.split(",", -1);
            assertEquals("2", cells[header.indexOf("evaluations")], row);
            assertEquals("32", cells[header.indexOf("final_step")], row);
            assertTrue(Double.isFinite(Double.parseDouble(cells[header.indexOf("final_return_mean")])), row);
            assertTrue(Double.isFinite(Double.parseDouble(cells[header.indexOf("absolute_return_mean")])), row);
        }

        // The aggregate report compares the two hyperparameter points of each task over their two seeds.
        Path report = out.resolve(SweepReport.DIR);
        assertTrue(result.report().contains(report.resolve("summary.md")), result.report().toString());
        List<String> aggregate = Files.readAllLines(report.resolve("summary.csv"));
        for (RunSpec r : runs.subList(0, 4)) {
            String label = "magpo@" + r.hpHash();
            assertTrue(aggregate.stream().anyMatch(l -> l.contains(r.task()) && l.contains(label)),
                    label + " of " + r.taskId() + " in " + aggregate);
        }
        BufferedImage profile = ImageIO.read(report.resolve("performance_profile.png").toFile());
        assertTrue(profile != null && profile.getWidth() > 0, "the performance profile decodes as an image");

        // The resumed run ends exactly where an uninterrupted one does.
        Path reference = tmp.resolve("reference");
        new MagpoRunTrainer().train(killed, reference, false);
        assertSameFiles(reference, out.resolve(killed.relativeDir()));

        SweepRunner.Result again = runner.run(spec, out.toString());
        assertEquals(8, again.count(RunOutcome.Action.SKIPPED));

        // The same directories with another fixed value are refused, not silently reused.
        SweepSpec changed = SweepSpec.fromJson("{\"tasks\": [\"coordsum:3x10-30\"],"
                + " \"seeds\": [1], \"grid\": {\"alpha\": [0.5]}, " + TINY.replace("\"ppoEpochs\": 1", "\"ppoEpochs\": 2") + "}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.run(changed, out.toString()));
        assertTrue(e.getMessage().contains("ppoEpochs"), e.getMessage());
    }

    @Test
    void runLostInsideSparkIsRetriedAndResumesFromItsCheckpoint() throws Exception {
        SweepSpec spec = SweepSpec.fromJson("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [3], " + TINY + "}");
        Path out = tmp.resolve("out");
        SweepRunner runner = new SweepRunner(new SweepRunner.Options("local[1]", 2, Map.of(),
                Map.of("magpo", new CrashAfterFirstUpdate()), null));
        SweepRunner.Result result = runner.run(spec, out.toString());
        RunOutcome o = result.outcomes().get(0);
        assertEquals(RunOutcome.Action.RESUMED, o.action());
        assertEquals(1, o.attempt());

        Path reference = tmp.resolve("reference");
        new MagpoRunTrainer().train(o.run(), reference, false);
        assertSameFiles(reference, out.resolve(o.run().relativeDir()));
    }
}
