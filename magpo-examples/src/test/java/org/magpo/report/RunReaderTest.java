package org.magpo.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpo.algo.MagpoConfig;

class RunReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SEED_1 = Fixture.runs().resolve("rware/tiny-2ag/magpo/seed_1");

    @TempDir
    Path tmp;

    @Test
    void readsEveryRunOfTheFixtureAndGroupsThemBySeed() {
        List<Run> runs = RunReader.readAll(List.of(Fixture.runs()));
        assertEquals(12, runs.size());
        List<RunGroup> groups = RunGroup.group(runs);
        assertEquals(List.of(new RunKey("coordsum", "3x10-30", "ippo"), new RunKey("coordsum", "3x10-30", "magpo"),
                new RunKey("rware", "tiny-2ag", "ippo"), new RunKey("rware", "tiny-2ag", "magpo")),
                groups.stream().map(RunGroup::key).toList());
        for (RunGroup g : groups) {
            assertArrayEquals(new long[] {1, 2, 3}, g.seeds());
        }
    }

    @Test
    void runHoldsTheEvaluationsAbsoluteMetricsTrainingRowsAndCheckpointOfItsFiles() throws IOException {
        Run run = RunReader.read(SEED_1).get(0);
        assertEquals(new RunKey("rware", "tiny-2ag", "magpo"), run.key());
        assertEquals(1, run.seed());
        assertEquals(4, run.evaluations().size());
        assertEquals(List.of(8192L, 16384L, 24576L, 32768L),
                run.evaluations().stream().map(Evaluation::stepCount).toList());
        JsonNode first = JSON.readTree(Files.readAllLines(SEED_1.resolve("eval.jsonl")).get(0));
        assertEquals(first.get("episode_return_mean").asDouble(), run.evaluations().get(0).mean("episode_return"),
                1e-9);
        JsonNode abs = JSON.readTree(SEED_1.resolve("marl_eval.json").toFile())
                .at("/rware/tiny-2ag/magpo/seed_1/absolute_metrics/episode_return");
        assertEquals(8, run.absoluteMetrics().get("episode_return").length);
        assertEquals(abs.get(7).asDouble(), run.absoluteMetrics().get("episode_return")[7], 0);
        assertEquals(8, run.training().rows().size());
        assertEquals(18, run.training().columns().size());
        assertEquals(List.of(SEED_1.resolve("checkpoint.bin")), run.checkpoints());
    }

    @Test
    void emptyAndNaNCellsOfMetricsCsvReadAsNaN() {
        Run ippo = RunReader.read(Fixture.runs().resolve("rware/tiny-2ag/ippo/seed_2")).get(0);
        assertTrue(Double.isNaN(ippo.training().column("guider_loss")[0]), "empty cell");
        assertTrue(Double.isNaN(ippo.training().column("approx_kl")[3]), "NaN cell");
        assertTrue(Double.isNaN(ippo.training().column("no_such_column")[0]), "absent column");
        assertEquals(4096.0, ippo.training().column("step")[0], 0);
    }

    @Test
    void fixtureConfigIsAValidMagpoConfig() {
        Run run = RunReader.read(SEED_1).get(0);
        MagpoConfig config = MagpoConfig.fromJson(run.config().get("config").toString());
        assertEquals(1, config.seed());
        assertEquals(32768, config.totalTimesteps());
    }

    @Test
    void optionalFilesMayBeMissingAndEvaluationsComeFromEvalJsonl() throws IOException {
        Path dir = Fixture.copy(SEED_1, tmp.resolve("run"));
        Run full = RunReader.read(dir).get(0);
        Files.delete(dir.resolve("marl_eval.json"));
        Files.delete(dir.resolve("metrics.csv"));
        Files.delete(dir.resolve("checkpoint.bin"));
        Run partial = RunReader.read(dir).get(0);
        assertEquals(full.key(), partial.key());
        assertEquals(full.evaluations().size(), partial.evaluations().size());
        for (int i = 0; i < full.evaluations().size(); i++) {
            assertArrayEquals(full.evaluations().get(i).metrics().get("episode_return"),
                    partial.evaluations().get(i).metrics().get("episode_return"));
        }
        assertTrue(partial.absoluteMetrics().isEmpty());
        assertTrue(Double.isNaN(partial.absoluteScore("episode_return")));
        assertTrue(partial.training().rows().isEmpty());
        assertTrue(partial.checkpoints().isEmpty());
        Files.delete(dir.resolve("eval.jsonl"));
        assertTrue(RunReader.read(dir).get(0).evaluations().isEmpty());
    }

    @Test
    void bareMarlEvalJsonGivesOneRunPerSeed() throws IOException {
        ObjectNode merged = JSON.createObjectNode();
        for (int seed = 1; seed <= 2; seed++) {
            JsonNode one = JSON.readTree(Fixture.runs().resolve("coordsum/3x10-30/magpo/seed_" + seed)
                    .resolve("marl_eval.json").toFile());
            merged.withObject("/coordsum/3x10-30/magpo").set("seed_" + seed, one.at("/coordsum/3x10-30/magpo/seed_" + seed));
        }
        Path dir = Files.createDirectories(tmp.resolve("mava"));
        JSON.writeValue(dir.resolve("marl_eval.json").toFile(), merged);
        List<Run> runs = RunReader.read(dir);
        assertEquals(2, runs.size());
        assertEquals(new RunKey("coordsum", "3x10-30", "magpo"), runs.get(1).key());
        assertEquals(2, runs.get(1).seed());
        assertEquals(4, runs.get(1).evaluations().size());
    }

    @Test
    void corruptEvalJsonlNamesFileAndLine() throws IOException {
        Path dir = Fixture.copy(SEED_1, tmp.resolve("run"));
        Files.delete(dir.resolve("marl_eval.json"));
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("eval.jsonl")));
        lines.set(2, lines.get(2).substring(0, 40));
        Files.write(dir.resolve("eval.jsonl"), lines, StandardCharsets.UTF_8);
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunReader.read(dir));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("eval.jsonl:3"), e.getMessage());
    }

    @Test
    void metricsCsvRowWithWrongCellCountNamesTheLine() throws IOException {
        Path dir = Fixture.copy(SEED_1, tmp.resolve("run"));
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("metrics.csv")));
        lines.set(4, lines.get(4) + ",1.0");
        Files.write(dir.resolve("metrics.csv"), lines, StandardCharsets.UTF_8);
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunReader.read(dir));
        assertTrue(e.getMessage().contains("metrics.csv:5") && e.getMessage().contains("19 cells"), e.getMessage());
    }

    @Test
    void metricsCsvCellThatIsNoNumberNamesTheColumn() throws IOException {
        Path dir = Fixture.copy(SEED_1, tmp.resolve("run"));
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("metrics.csv")));
        lines.set(1, lines.get(1).replaceFirst(",0,", ",zero,"));
        Files.write(dir.resolve("metrics.csv"), lines, StandardCharsets.UTF_8);
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunReader.read(dir));
        assertTrue(e.getMessage().contains("metrics.csv:2") && e.getMessage().contains("'update'"), e.getMessage());
    }

    @Test
    void truncatedConfigJsonNamesTheFile() throws IOException {
        Path dir = Fixture.copy(SEED_1, tmp.resolve("run"));
        String text = Files.readString(dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), text.substring(0, text.length() / 2));
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunReader.read(dir));
        assertTrue(e.getMessage().contains("config.json") && e.line() > 1, e.getMessage());
    }

    @Test
    void configWithoutTaskIsRejected() throws IOException {
        Path dir = Fixture.copy(SEED_1, tmp.resolve("run"));
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        config.put("task", "tiny-2ag");
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunReader.read(dir));
        assertTrue(e.getMessage().contains("family:task"), e.getMessage());
    }

    @Test
    void folderWithoutRunDirectoriesIsRejected() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        var e = assertThrows(IllegalArgumentException.class, () -> RunReader.readAll(List.of(empty)));
        assertTrue(e.getMessage().contains("no run directory"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunReader.readAll(List.of(tmp.resolve("absent"))));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void sameSeedTwiceIsRejectedNamingBothDirectories() {
        Path a = Fixture.copy(SEED_1, tmp.resolve("a"));
        Path b = Fixture.copy(SEED_1, tmp.resolve("b"));
        var e = assertThrows(IllegalArgumentException.class, () -> RunGroup.group(RunReader.readAll(List.of(a, b))));
        assertTrue(e.getMessage().contains(a.toString()) && e.getMessage().contains(b.toString()), e.getMessage());
    }
}
