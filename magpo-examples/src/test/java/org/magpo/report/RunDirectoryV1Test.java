package org.magpo.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpo.algo.MagpoConfig;

/**
 * Run directories written by format version 1 keep reading: {@code runs-v1/} is a checked-in directory
 * that the trainer of that version wrote (see its README.md); the expected values are its files' contents.
 */
class RunDirectoryV1Test {
    @TempDir
    Path tmp;

    static Path root() {
        try {
            return Path.of(RunDirectoryV1Test.class.getResource("/runs-v1").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path seed1() {
        return root().resolve("matrix/climbing/magpo/seed_1");
    }

    @Test
    void readsIdentityEvaluationsAbsoluteMetricTrainingRowsAndCheckpoint() {
        List<Run> runs = RunReader.readAll(List.of(root()));
        assertEquals(1, runs.size());
        Run run = runs.get(0);
        assertEquals(new RunKey("matrix", "climbing", "magpo"), run.key());
        assertEquals(1, run.seed());
        assertEquals(List.of(200L, 400L), run.evaluations().stream().map(Evaluation::stepCount).toList());
        assertArrayEquals(new double[] {-159, -107, -185, -89, -100, -126, -130, -139},
                run.evaluations().get(0).metrics().get("episode_return"));
        assertEquals(-116.125, run.finalScore("episode_return"), 1e-12);
        assertEquals(16, run.absoluteMetrics().get("episode_return").length);
        assertEquals(-83.0, run.absoluteScore("episode_return"), 1e-12);
        assertArrayEquals(new double[] {200, 400}, run.training().column("step"));
        assertArrayEquals(new double[] {-68.625, -91.0}, run.training().column("episode_return"));
        assertEquals(List.of(seed1().resolve("checkpoint.bin")), run.checkpoints());
    }

    @Test
    void configOfTheFixtureStillParsesIntoAMagpoConfig() {
        Run run = RunReader.read(seed1()).get(0);
        MagpoConfig c = MagpoConfig.fromJson(run.config().get("config").toString());
        assertEquals(1, c.seed());
        assertEquals(8, c.embedDim());
        assertEquals(16, c.learnerGruWidth());
        assertEquals(400, c.numUpdates() * c.stepsPerUpdate());
    }

    @Test
    void evalJsonlAloneGivesTheSameEvaluationsAsMarlEvalJson() throws IOException {
        Path copy = Fixture.copy(seed1(), tmp.resolve("seed_1"));
        Run both = RunReader.read(copy).get(0);
        Files.delete(copy.resolve(RunReader.MARL_EVAL));
        Run jsonl = RunReader.read(copy).get(0);
        assertEquals(both.evaluations().size(), jsonl.evaluations().size());
        for (int i = 0; i < both.evaluations().size(); i++) {
            assertEquals(both.evaluations().get(i).stepCount(), jsonl.evaluations().get(i).stepCount());
            assertArrayEquals(both.evaluations().get(i).metrics().get("episode_return"),
                    jsonl.evaluations().get(i).metrics().get("episode_return"));
        }
    }

    @Test
    void reportAggregatesTheFixture() {
        Report r = Report.of(RunReader.readAll(List.of(root())), ReportOptions.defaults());
        assertEquals(1, r.tasks().size());
        TaskSummary t = r.tasks().get(0);
        assertEquals(new RunKey("matrix", "climbing", "magpo"), t.key());
        // one seed: the IQM of one absolute-metric score is that score
        assertEquals(-83.0, t.iqm().point(), 1e-12);
    }
}
