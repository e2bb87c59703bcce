package org.magpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code magpo report} and {@code magpo eval} on the checked-in format-v1 run directory (resources/runs-v1). */
class RunDirectoryV1CliTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static Path seed1() throws URISyntaxException {
        return Path.of(RunDirectoryV1CliTest.class.getResource("/runs-v1").toURI())
                .resolve("matrix/climbing/magpo/seed_1");
    }

    @Test
    void reportReadsTheVersion1RunDirectory() throws Exception {
        Path out = tmp.resolve("report");
        MagpoCliTest.Outcome o = MagpoCliTest.run("report", seed1().toString(), "--out", out.toString(),
                "--resamples", "200");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("1 runs, 1 (env, task, algorithm) groups"), o.out());
        String csv = Files.readString(out.resolve("summary.csv"));
        assertTrue(csv.contains("\nmatrix,climbing,magpo,1,400,-116.125,"), csv);
        MagpoCliTest.assertPngDecodes(out.resolve("curves_matrix_climbing.png"));
    }

    @Test
    void evalLoadsTheLearnerOfTheVersion1Checkpoint() throws Exception {
        MagpoCliTest.Outcome o = MagpoCliTest.run("eval", "--checkpoint", seed1().toString(), "--env-option",
                "timeLimit=25", "--episodes", "8", "--parallel", "8");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("matrix:climbing, best learner (best/learner)") && o.out().contains("8 episodes"),
                o.out());
        assertTrue(o.out().contains("length 25.0"), o.out());
    }

    @Test
    void evalGuiderLoadsTheLatestGuiderOfTheVersion1Checkpoint() throws Exception {
        MagpoCliTest.Outcome o = MagpoCliTest.run("eval", "--checkpoint", seed1().toString(), "--guider",
                "--env-option", "timeLimit=25", "--episodes", "8", "--parallel", "4");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("matrix:climbing, last guider, centralised (guider/params)")
                && o.out().contains("8 episodes, sampled"), o.out());
        assertTrue(o.out().contains("length 25.0"), o.out());
    }

    @Test
    void evalGuiderRejectsGreedyAndAnotherTasksCheckpoint() throws Exception {
        MagpoCliTest.Outcome o = MagpoCliTest.run("eval", "--checkpoint", seed1().toString(), "--guider", "--greedy");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("drop --greedy"), o.err());
        o = MagpoCliTest.run("eval", "--checkpoint", seed1().toString(), "--guider", "--env", "coordsum:3x10-30",
                "--episodes", "2");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("entry guider/params holds") && o.err().contains("a guider for coordsum:3x10-30"),
                o.err());
    }
}
