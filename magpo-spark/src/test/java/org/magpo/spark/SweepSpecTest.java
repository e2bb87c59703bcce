package org.magpo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepSpecTest {

    private static IllegalArgumentException rejects(String json) {
        return assertThrows(IllegalArgumentException.class, () -> SweepSpec.fromJson(json));
    }

    private static void assertMentions(IllegalArgumentException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "message '" + e.getMessage() + "' should mention '" + p + "'");
        }
    }

    @Test
    void parsesEveryKey() {
        SweepSpec s = SweepSpec.fromJson("""
                {"name": "lr", "tasks": ["coordsum:3x10-30", "rware:tiny-2ag"], "algorithms": ["magpo"],
                 "seeds": {"from": 3, "to": 5}, "base": "defaults", "set": {"rolloutLength": 8, "addAgentId": false},
                 "grid": {"learningRate": [0.001, 0.0003]},
                 "random": {"samples": 3, "seed": 9, "params": {"entCoef": {"loguniform": [1e-4, 1e-1]},
                            "nBlock": {"int": [1, 2]}, "embedDim": {"choice": [32, 64]}}},
                 "threadsPerRun": 2}""");
        assertEquals("lr", s.name());
        assertEquals(List.of("coordsum:3x10-30", "rware:tiny-2ag"), s.tasks());
        assertEquals(List.of(3L, 4L, 5L), s.seeds());
        assertEquals(SweepSpec.Base.DEFAULTS, s.base());
        assertEquals(8, s.set().get("rolloutLength").intValue());
        assertEquals(2, s.grid().get("learningRate").size());
        assertEquals(3, s.random().samples());
        assertTrue(s.random().params().get("entCoef") instanceof ParameterDistribution.LogUniform);
        assertTrue(s.random().params().get("nBlock") instanceof ParameterDistribution.IntUniform);
        assertTrue(s.random().params().get("embedDim") instanceof ParameterDistribution.Choice);
        assertEquals(2, s.threadsPerRun());
        assertEquals(6, s.pointsPerSeed());
    }

    @Test
    void yamlFileGivesTheSameRunsAsItsJsonTwin(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("sweep.yaml"), """
                name: twin
                tasks: [coordsum:3x10-30]
                seeds: {from: 1, to: 2}
                set: {totalTimesteps: 16, rolloutLength: 8, numEnvs: 2, numMinibatches: 1, numEvaluations: 1,
                      updateBatchSize: 1}
                grid:
                  learningRate: [0.001, 1.0e-4]
                random:
                  samples: 2
                  seed: 4
                  params:
                    entCoef: {loguniform: [0.0001, 0.1]}
                """);
        Path json = Files.writeString(dir.resolve("sweep.json"), """
                {"name": "twin", "tasks": ["coordsum:3x10-30"], "seeds": {"from": 1, "to": 2},
                 "set": {"totalTimesteps": 16, "rolloutLength": 8, "numEnvs": 2, "numMinibatches": 1,
                         "numEvaluations": 1, "updateBatchSize": 1},
                 "grid": {"learningRate": [0.001, 1.0e-4]},
                 "random": {"samples": 2, "seed": 4, "params": {"entCoef": {"loguniform": [0.0001, 0.1]}}}}""");
        List<RunSpec> fromYaml = SweepExpansion.expand(SweepSpec.load(yaml));
        assertEquals(8, fromYaml.size());
        assertEquals(SweepExpansion.expand(SweepSpec.load(json)), fromYaml);
    }

    @Test
    void yamlErrorsNameTheFileAndTheKey(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("bad.yml"), "tasks: [coordsum:3x10-30]\nseeds: [1]\ngrid: {lr: [0.1]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepSpec.load(yaml));
        assertMentions(e, "bad.yml", "'lr'", "learningRate");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> SweepSpec.fromYaml("tasks: [a\n  b: ]")),
                "not valid YAML");
    }

    @Test
    void defaultsAreMagpoAutoBaseOneThreadAndNoVariation() {
        SweepSpec s = SweepSpec.fromJson("{\"tasks\": \"coordsum:3x10-30\", \"seeds\": [1]}");
        assertEquals(List.of("magpo"), s.algorithms());
        assertEquals(SweepSpec.Base.AUTO, s.base());
        assertEquals(1, s.threadsPerRun());
        assertNull(s.random());
        assertEquals(1, s.pointsPerSeed());
        assertTrue(!s.variesHyperparameters());
    }

    @Test
    void unknownTopLevelKeyIsRejectedWithTheValidKeys() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"seed\": 3}"), "'seed'", "tasks",
                "threadsPerRun");
    }

    @Test
    void unknownAlgorithmIsRejectedWithTheList() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"algorithms\": [\"mappo\"], \"seeds\": [1]}"),
                "'mappo'", "[magpo]");
    }

    @Test
    void unknownTaskIsRejectedWithTheAvailableIds() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:9x9\"], \"seeds\": [1]}"), "'coordsum:9x9'", "rware:tiny-2ag");
    }

    @Test
    void presetBaseRejectsTasksWithoutPreset() {
        assertMentions(rejects("{\"tasks\": [\"matrix:climbing\"], \"seeds\": [1], \"base\": \"preset\"}"),
                "no preset");
    }

    @Test
    void badBaseNamesTheChoices() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"base\": \"tuned\"}"),
                "auto, preset, defaults", "'tuned'");
    }

    @Test
    void unknownConfigFieldIsRejectedWithTheFieldList() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"grid\": {\"lr\": [0.1]}}"),
                "grid", "'lr'", "learningRate");
    }

    @Test
    void seedCannotBeSetAsAHyperparameter() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"set\": {\"seed\": 4}}"),
                "'seed'", "seeds");
    }

    @Test
    void fieldInTwoSectionsIsRejected() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"set\": {\"gamma\": 0.9},"
                + " \"grid\": {\"gamma\": [0.9, 0.99]}}"), "'gamma'", "more than one");
    }

    @Test
    void fractionalValueForAnIntegerFieldIsRejected() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"grid\": {\"numEnvs\": [2, 2.5]}}"),
                "numEnvs", "whole number", "2.5");
    }

    @Test
    void realDrawForAnIntegerFieldIsRejected() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"random\": {\"samples\": 2,"
                + " \"seed\": 1, \"params\": {\"nBlock\": {\"uniform\": [1, 3]}}}}"), "nBlock", "int");
    }

    @Test
    void emptyOrRepeatedListsAreRejected() {
        assertMentions(rejects("{\"tasks\": [], \"seeds\": [1]}"), "'tasks'", "non-empty");
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1, 1]}"), "'seeds'", "repeat");
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"grid\": {\"gamma\": []}}"),
                "grid.gamma", "non-empty");
    }

    @Test
    void missingSeedsAndBadRangesAreRejected() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"]}"), "'seeds' is required");
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": {\"from\": 5, \"to\": 2}}"), "from <= to");
    }

    @Test
    void badDistributionsAreRejected() {
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"random\": {\"samples\": 2,"
                + " \"seed\": 1, \"params\": {\"gamma\": {\"normal\": [0, 1]}}}}"), "normal", "loguniform");
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"random\": {\"samples\": 2,"
                + " \"seed\": 1, \"params\": {\"learningRate\": {\"loguniform\": [0, 1]}}}}"), "0 < low");
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"random\": {\"samples\": 0,"
                + " \"seed\": 1, \"params\": {\"gamma\": {\"uniform\": [0.9, 1]}}}}"), "random.samples");
    }

    @Test
    void badJsonAndBadThreadsAreRejected() {
        assertMentions(rejects("{\"tasks\": "), "not valid JSON");
        assertMentions(rejects("[1, 2]"), "JSON object");
        assertMentions(rejects("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1], \"threadsPerRun\": 0}"),
                "threadsPerRun", ">= 1");
    }
}
