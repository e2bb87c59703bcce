package org.magpo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.magpo.algo.MagpoConfig;

class SweepExpansionTest {

    private static final String TINY = "\"set\": {\"totalTimesteps\": 16, \"rolloutLength\": 8, \"numEnvs\": 2,"
            + " \"numMinibatches\": 1, \"numEvaluations\": 1, \"updateBatchSize\": 1}";

    @Test
    void runCountIsTasksTimesAlgorithmsTimesSeedsTimesPoints() {
        SweepSpec s = SweepSpec.fromJson("{\"tasks\": [\"coordsum:3x10-30\", \"coordsum:3x30-50\"], \"seeds\": [1, 2, 3],"
                + TINY + ", \"grid\": {\"learningRate\": [0.001, 0.0003], \"clipGpo\": [1.5, 2.0, 3.0]},"
                + " \"random\": {\"samples\": 2, \"seed\": 5, \"params\": {\"gamma\": {\"uniform\": [0.9, 0.99]}}}}");
        List<RunSpec> runs = SweepExpansion.expand(s);
        assertEquals(2 * 1 * 3 * (2 * 3) * 2, runs.size());
        Set<String> dirs = new HashSet<>();
        runs.forEach(r -> dirs.add(r.relativeDir()));
        assertEquals(runs.size(), dirs.size(), "every run has its own directory");
    }

    @Test
    void runWithoutVariedHyperparametersLivesDirectlyInItsSeedDirectory() {
        SweepSpec s = SweepSpec.fromJson("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [7, 8]," + TINY + "}");
        List<RunSpec> runs = SweepExpansion.expand(s);
        assertEquals(List.of("coordsum/3x10-30/magpo/seed_7", "coordsum/3x10-30/magpo/seed_8"),
                runs.stream().map(RunSpec::relativeDir).toList());
        assertTrue(runs.get(0).hyperparameters().isEmpty());
    }

    @Test
    void resolvedConfigCarriesBaseOverridesPointAndSeed() {
        SweepSpec s = SweepSpec.fromJson("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [11]," + TINY
                + ", \"grid\": {\"alpha\": [0.5]}}");
        RunSpec run = SweepExpansion.expand(s).get(0);
        MagpoConfig c = MagpoConfig.fromJson(run.configJson());
        MagpoConfig preset = MagpoConfig.preset("coordsum:3x10-30");
        assertEquals(11L, c.seed());
        assertEquals(8, c.rolloutLength());
        assertEquals(16L, c.totalTimesteps());
        assertEquals(0.5, c.alpha());
        assertEquals(preset.clipGpo(), c.clipGpo(), "untouched fields come from the task's preset (base auto)");
        assertEquals(preset.learningRate(), c.learningRate());
        assertEquals("0.5", run.hyperparameters().get("alpha"));
        assertTrue(run.relativeDir().startsWith("coordsum/3x10-30/magpo/seed_11/"));
        assertEquals(8, run.hpHash().length());
    }

    @Test
    void hashDependsOnlyOnTheValuesAndDiffersBetweenPoints() {
        TreeMap<String, String> a = new TreeMap<>();
        a.put("alpha", "0.5");
        a.put("gamma", "0.9");
        TreeMap<String, String> b = new TreeMap<>(a);
        b.put("gamma", "0.99");
        assertEquals(SweepExpansion.hash(a), SweepExpansion.hash(new TreeMap<>(a)));
        assertNotEquals(SweepExpansion.hash(a), SweepExpansion.hash(b));
    }

    @Test
    void randomDrawsAreReproducibleAndInsideTheirBounds() {
        String json = "{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1]," + TINY + ", \"random\": {\"samples\": 20,"
                + " \"seed\": 3, \"params\": {\"learningRate\": {\"loguniform\": [1e-4, 1e-2]}, \"nBlock\": {\"int\": [1, 3]}}}}";
        List<RunSpec> first = SweepExpansion.expand(SweepSpec.fromJson(json));
        List<RunSpec> again = SweepExpansion.expand(SweepSpec.fromJson(json));
        assertEquals(first, again);
        Set<Integer> blocks = new HashSet<>();
        for (RunSpec r : first) {
            MagpoConfig c = MagpoConfig.fromJson(r.configJson());
            assertTrue(c.learningRate() >= 1e-4 && c.learningRate() < 1e-2, "lr " + c.learningRate());
            assertTrue(c.nBlock() >= 1 && c.nBlock() <= 3, "nBlock " + c.nBlock());
            blocks.add(c.nBlock());
        }
        assertEquals(Set.of(1, 2, 3), blocks, "20 draws of a 3-value int range hit every value with this seed");
        List<RunSpec> otherSeed = SweepExpansion.expand(SweepSpec.fromJson(json.replace("\"seed\": 3", "\"seed\": 4")));
        assertNotEquals(first.get(0).hyperparameters(), otherSeed.get(0).hyperparameters());
    }

    @Test
    void coincidingRandomPointsRunOnce() {
        SweepSpec s = SweepSpec.fromJson("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1]," + TINY
                + ", \"random\": {\"samples\": 10, \"seed\": 1, \"params\": {\"addAgentId\": {\"choice\": [true, false]}}}}");
        assertEquals(2, SweepExpansion.expand(s).size());
    }

    @Test
    void invalidCombinationFailsNamingTheRun() {
        SweepSpec s = SweepSpec.fromJson("{\"tasks\": [\"coordsum:3x10-30\"], \"seeds\": [1]," + TINY
                .replace("\"numEvaluations\": 1, ", "") + ", \"grid\": {\"numEvaluations\": [1, 2]}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepExpansion.expand(s));
        assertTrue(e.getMessage().contains("coordsum:3x10-30") && e.getMessage().contains("numEvaluations"),
                e.getMessage());
    }
}
