package org.magpo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsSinkTest {
    private static final MetricsSink.RunId RUN = new MetricsSink.RunId("coordsum", "3x30-50", "magpo", 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void metricsCsvHasTheFixedHeaderAndEmptyCellsForMissingMetrics() throws IOException {
        try (MetricsSink sink = new MetricsSink(dir, RUN)) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("episode_return", 12.5);
            m.put("update", 3.0);
            sink.logTrain(16384, m);
        }
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(String.join(",", MetricsSink.TRAIN_COLUMNS), lines.get(0));
        String[] cells = lines.get(1).split(",", -1);
        assertEquals(MetricsSink.TRAIN_COLUMNS.size(), cells.length);
        assertEquals("16384", cells[0]);
        assertEquals("3.0", cells[MetricsSink.TRAIN_COLUMNS.indexOf("update")]);
        assertEquals("12.5", cells[MetricsSink.TRAIN_COLUMNS.indexOf("episode_return")]);
        assertEquals("", cells[MetricsSink.TRAIN_COLUMNS.indexOf("kl")]);
    }

    @Test
    void unknownTrainMetricIsRejectedListingTheColumns() throws IOException {
        try (MetricsSink sink = new MetricsSink(dir, RUN)) {
            String m = assertThrows(IllegalArgumentException.class,
                    () -> sink.logTrain(1, Map.of("reward", 1.0))).getMessage();
            assertTrue(m.contains("'reward'") && m.contains("episode_return"), m);
        }
    }

    @Test
    void evaluationsFollowMavaMarlEvalLayout() throws IOException {
        try (MetricsSink sink = new MetricsSink(dir, RUN)) {
            sink.logEval(0, Map.of("episode_return", new double[] {1, 3}));
            sink.logEval(81920, Map.of("episode_return", new double[] {5, 7}, "episode_length", new double[] {100, 100}));
            sink.logAbsolute(Map.of("episode_return", new double[] {6, 6, 9}));
        }
        JsonNode seed = JSON.readTree(dir.resolve("marl_eval.json").toFile())
                .get("coordsum").get("3x30-50").get("magpo").get("seed_3");
        assertEquals(0, seed.get("step_0").get("step_count").asLong());
        assertEquals(81920, seed.get("step_1").get("step_count").asLong());
        assertEquals(7.0, seed.get("step_1").get("episode_return").get(1).asDouble());
        assertEquals(100.0, seed.get("step_1").get("episode_length").get(0).asDouble());
        assertEquals(3, seed.get("absolute_metrics").get("episode_return").size());

        List<String> lines = Files.readAllLines(dir.resolve("eval.jsonl"));
        assertEquals(2, lines.size());
        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals(1, second.get("eval_index").asInt());
        assertEquals(6.0, second.get("episode_return_mean").asDouble());
    }

    @Test
    void reopeningARunDirectoryAppendsAndKeepsEarlierEvaluations() throws IOException {
        try (MetricsSink sink = new MetricsSink(dir, RUN)) {
            sink.logTrain(1, Map.of());
            sink.logEval(1, Map.of("episode_return", new double[] {1}));
        }
        try (MetricsSink sink = new MetricsSink(dir, RUN)) {
            assertEquals(1, sink.evaluations());
            sink.logTrain(2, Map.of());
            sink.logEval(2, Map.of("episode_return", new double[] {2}));
        }
        assertEquals(3, Files.readAllLines(dir.resolve("metrics.csv")).size());
        JsonNode seed = JSON.readTree(dir.resolve("marl_eval.json").toFile())
                .get("coordsum").get("3x30-50").get("magpo").get("seed_3");
        assertEquals(1.0, seed.get("step_0").get("episode_return").get(0).asDouble());
        assertEquals(2.0, seed.get("step_1").get("episode_return").get(0).asDouble());
    }

    @Test
    void csvWithAnotherHeaderIsNotMixedInto() throws IOException {
        Files.writeString(dir.resolve("metrics.csv"), "step,loss\n1,0.5\n");
        String m = assertThrows(IllegalStateException.class, () -> new MetricsSink(dir, RUN)).getMessage();
        assertTrue(m.contains("header"), m);
    }

    @Test
    void evaluationMetricsNeedOneValuePerEpisode() throws IOException {
        try (MetricsSink sink = new MetricsSink(dir, RUN)) {
            assertThrows(IllegalArgumentException.class, () -> sink.logEval(0, Map.of("win_rate", new double[] {1})));
            String m = assertThrows(IllegalArgumentException.class, () -> sink.logEval(0,
                    Map.of("episode_return", new double[] {1, 2}, "win_rate", new double[] {1}))).getMessage();
            assertTrue(m.contains("win_rate"), m);
            assertThrows(IllegalArgumentException.class, () -> new MetricsSink.RunId("", "t", "a", 0));
        }
    }
}
