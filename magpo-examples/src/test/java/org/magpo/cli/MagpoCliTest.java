package org.magpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.Envs;
import picocli.CommandLine;

/** The command line end to end, as a user runs it. */
class MagpoCliTest {
    @TempDir
    Path tmp;

    /** Exit code and what the command printed. */
    record Outcome(int code, String out, String err) {
    }

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = MagpoCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Path fixture() throws URISyntaxException {
        return Path.of(MagpoCliTest.class.getResource("/runs").toURI());
    }

    static void assertPngDecodes(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " does not decode");
        assertEquals(900, img.getWidth());
        assertEquals(600, img.getHeight());
    }

    @Test
    void listShowsEnvironmentsAlgorithmsAndPresets() {
        Outcome o = run("list");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("coordsum:3x30-50 *"), o.out());
        assertTrue(o.out().contains("matrix:climbing\n"), o.out());
        assertTrue(o.out().contains("Algorithms:\n  magpo"), o.out());
        assertTrue(o.out().contains("Presets (43):"), o.out());
    }

    @Test
    void listCountsEveryRegisteredTaskAndReportsOnlyBenchmarkTasksAsMissing() {
        // The test class path adds providers of its own (rendezvous:*, the docs' example game): the list
        // must show them without a preset mark and never count them among the benchmark tasks.
        Outcome o = run("list");
        assertEquals(0, o.code(), o.err());
        List<String> ids = Envs.available();
        assertTrue(o.out().startsWith("Environments (" + ids.size() + ";"), o.out());
        for (String id : ids) {
            assertTrue(o.out().contains("\n  " + id + (MagpoConfig.presetIds().contains(id) ? " *" : "") + "\n"), id);
        }
        assertTrue(o.out().contains("\n  rendezvous:line5-2ag\n"), o.out());
        String missing = o.out().lines().filter(l -> l.startsWith("Benchmark tasks not implemented yet")).findFirst()
                .orElse("");
        for (String id : missing.isEmpty() ? new String[0] : missing.substring(missing.indexOf(':') + 2).split(" ")) {
            assertTrue(Envs.BENCHMARK_TASKS.contains(id) && !ids.contains(id), id);
        }
    }

    @Test
    void reportOnTheFixtureWritesEveryPromisedFile() throws Exception {
        Path out = tmp.resolve("report");
        Outcome o = run("report", fixture().toString(), "--out", out.toString(), "--resamples", "500");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("12 runs, 4 (env, task, algorithm) groups"), o.out());
        for (String f : List.of("summary.md", "summary.csv", "aggregate.csv", "improvement.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        for (String png : List.of("curves_coordsum_3x10-30.png", "curves_rware_tiny-2ag.png", "performance_profile.png")) {
            assertPngDecodes(out.resolve(png));
        }
        assertTrue(Files.readString(out.resolve("summary.md")).contains("500 stratified-bootstrap resamples"));
    }

    @Test
    void reportOnAMissingDirectoryFailsWithExitCode2() {
        Outcome o = run("report", tmp.resolve("nothing").toString(), "--out", tmp.resolve("r").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("does not exist"), o.err());
    }

    @Test
    void reportRejectsAnUnknownNormalisationListingTheValidOnes() throws Exception {
        Outcome o = run("report", fixture().toString(), "--normalization", "zscore");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("MIN_MAX") || o.err().contains("min_max"), o.err());
    }

    @Test
    void trainDryRunResolvesEverySeedsDirectoryAndConfig() {
        Path runs = tmp.resolve("runs");
        Outcome o = run("train", "--env", "rware:tiny-2ag", "--steps", "2e6", "--seeds", "1-3", "--out", runs.toString(),
                "--set", "learningRate=5e-4", "--dry-run");
        assertEquals(0, o.code(), o.err());
        for (int s = 1; s <= 3; s++) {
            assertTrue(o.out().contains(runs.resolve("rware/tiny-2ag/magpo/seed_" + s).toString()), o.out());
        }
        assertTrue(o.out().contains("\"learningRate\" : 5.0E-4"), o.out());
        assertTrue(!Files.exists(runs), "a dry run writes nothing");
    }

    @Test
    void trainRejectsUnknownNamesTasksAndAlgorithms() {
        Outcome o = run("train", "--env", "rware:tiny-2ag", "--set", "lr=1", "--dry-run");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("unknown config field 'lr'") && o.err().contains("learningRate"), o.err());
        o = run("train", "--env", "rware:huge-99ag", "--dry-run");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("unknown task 'rware:huge-99ag'") && o.err().contains("rware:tiny-2ag"), o.err());
        o = run("train", "--env", "rware:tiny-2ag", "--algo", "qmix", "--dry-run");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("[magpo]"), o.err());
        o = run("train", "--env", "rware:tiny-2ag", "--seed", "1", "--seeds", "1-2", "--dry-run");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("not both"), o.err());
    }

    @Test
    void trainEvalReportOnATinyBudget() throws IOException {
        Path runs = tmp.resolve("runs");
        // Climbing game, 25-step episodes, 4 updates of 8 envs x 25 steps, small networks: seconds per seed.
        Outcome t = run("train", "--env", "matrix:climbing", "--env-option", "timeLimit=25", "--preset", "defaults",
                "--steps", "800", "--seeds", "1-2", "--out", runs.toString(),
                "--set", "numEnvs=8", "--set", "updateBatchSize=1", "--set", "rolloutLength=25",
                "--set", "numEvaluations=2", "--set", "embedDim=16", "--set", "learnerPreTorsoWidth=32",
                "--set", "learnerGruWidth=32", "--set", "learnerPostTorsoWidth=32", "--set", "evalEpisodes=8",
                "--set", "absoluteMetricEpisodes=16");
        assertEquals(0, t.code(), t.out() + t.err());
        for (int s = 1; s <= 2; s++) {
            Path dir = runs.resolve("matrix/climbing/magpo/seed_" + s);
            for (String f : List.of("config.json", "metrics.csv", "eval.jsonl", "marl_eval.json", "checkpoint.bin",
                    "curves.png")) {
                assertTrue(Files.size(dir.resolve(f)) > 0, dir.resolve(f).toString());
            }
            assertEquals(5, Files.readAllLines(dir.resolve("metrics.csv")).size(), "header + 4 updates");
            assertEquals(2, Files.readAllLines(dir.resolve("eval.jsonl")).size(), "2 evaluations");
            assertPngDecodes(dir.resolve("curves.png"));
        }
        assertTrue(t.out().contains("learning curve: " + runs.resolve("matrix/climbing/magpo/seed_2/curves.png")), t.out());
        assertTrue(t.err().contains("800/800 steps"), t.err());

        Outcome e = run("eval", "--checkpoint", runs.resolve("matrix/climbing/magpo/seed_1").toString(),
                "--env-option", "timeLimit=25", "--episodes", "16", "--greedy");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("16 episodes, greedy") && e.out().contains("return "), e.out());

        Outcome again = run("train", "--env", "matrix:climbing", "--steps", "800", "--seed", "1", "--out",
                runs.toString(), "--preset", "defaults", "--set", "numEnvs=8", "--set", "updateBatchSize=1",
                "--set", "rolloutLength=25");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run"), again.err());

        Path out = tmp.resolve("report");
        Outcome r = run("report", runs.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 runs, 1 (env, task, algorithm) groups"), r.out());
        assertPngDecodes(out.resolve("curves_matrix_climbing.png"));
        assertPngDecodes(out.resolve("performance_profile.png"));
        String csv = Files.readString(out.resolve("summary.csv"));
        assertTrue(csv.contains("\nmatrix,climbing,magpo,2,800,"), csv);
    }
}
