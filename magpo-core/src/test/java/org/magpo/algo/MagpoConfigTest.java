package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.magpo.env.Envs;

class MagpoConfigTest {

    @Test
    void defaultsAreTheReferenceDefaults() {
        MagpoConfig c = MagpoConfig.defaults();
        assertEquals(20_000_000L, c.totalTimesteps());
        assertEquals(2.5e-4, c.learningRate());
        assertEquals(2, c.updateBatchSize());
        assertEquals(128, c.rolloutLength());
        assertEquals(16, c.numEnvs());
        assertEquals(4, c.ppoEpochs());
        assertEquals(2, c.numMinibatches());
        assertEquals(0.99, c.gamma());
        assertEquals(0.95, c.gaeLambda());
        assertEquals(0.2, c.clipEps());
        assertEquals(0.01, c.entCoef());
        assertEquals(0.5, c.vfCoef());
        assertEquals(0.5, c.maxGradNorm());
        assertEquals(1.5, c.clipGpo());
        assertEquals(1.0, c.alpha());
        assertFalse(c.decayLearningRates());
        assertTrue(c.addAgentId());
        assertEquals(64, c.embedDim());
        assertEquals(1, c.nBlock());
        assertEquals(1, c.nHead());
        assertEquals(0.8, c.decayScalingFactor());
        assertTrue(c.timestepPositionalEncoding());
        assertEquals(128, c.learnerGruWidth());
        assertEquals(122, c.numEvaluations());
        assertEquals(32, c.evalEpisodes());
        assertEquals(320, c.absoluteMetricEpisodes());
        assertFalse(c.evaluationGreedy());
        assertEquals(42L, c.seed());
        // 2e7 / (128 * 16 * 2) = 4882 updates, 40 between evaluations.
        assertEquals(4882, c.numUpdates());
        assertEquals(40, c.updatesPerEvaluation());
    }

    @Test
    void everyBenchmarkTaskHasAPresetAndNothingElse() {
        List<String> ids = MagpoConfig.presetIds();
        assertEquals(43, ids.size());
        assertEquals(new HashSet<>(Envs.BENCHMARK_TASKS), new HashSet<>(ids));
    }

    @Test
    void presetMapsCsvColumnsToFields() {
        // rware tiny-2ag: mb 1, gnorm 5, embd 128, epochs 5, clip 0.05, dsf 0.8, heads 1, ent 0.01, blocks 1,
        // lr 0.001, alpha 2, delta 1.5.
        MagpoConfig c = MagpoConfig.preset("rware:tiny-2ag");
        assertEquals(1, c.numMinibatches());
        assertEquals(5.0, c.maxGradNorm());
        assertEquals(128, c.embedDim());
        assertEquals(5, c.ppoEpochs());
        assertEquals(0.05, c.clipEps());
        assertEquals(0.8, c.decayScalingFactor());
        assertEquals(1, c.nHead());
        assertEquals(0.01, c.entCoef());
        assertEquals(1, c.nBlock());
        assertEquals(0.001, c.learningRate());
        assertEquals(2.0, c.alpha());
        assertEquals(1.5, c.clipGpo());
        assertEquals(64, c.numEnvs());
        assertEquals(1220, c.numUpdates());
        assertEquals(10, c.updatesPerEvaluation());
    }

    @Test
    void coordSumPresetTakesItsLearningRateFromCriticLr() {
        // coordsum 3x30: mb 4, embd 64, epochs 15, clip 0.1, dsf 1, lr 0.0005 (critic_lr), alpha 8, delta 1.2.
        MagpoConfig c = MagpoConfig.preset("coordsum:3x30-50");
        assertEquals(4, c.numMinibatches());
        assertEquals(64, c.embedDim());
        assertEquals(15, c.ppoEpochs());
        assertEquals(0.1, c.clipEps());
        assertEquals(1.0, c.decayScalingFactor());
        assertEquals(0.0005, c.learningRate());
        assertEquals(8.0, c.alpha());
        assertEquals(1.2, c.clipGpo());
        assertEquals(16, c.envsPerMinibatch());
    }

    @Test
    void unknownPresetListsValidIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MagpoConfig.preset("rware:tiny-3ag"));
        assertTrue(e.getMessage().contains("rware:tiny-3ag"));
        assertTrue(e.getMessage().contains("coordsum:3x30-50"));
    }

    @Test
    void invalidValuesNameTheFieldAndRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MagpoConfig.builder().clipGpo(1.0).build());
        assertTrue(e.getMessage().contains("clipGpo"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MagpoConfig.builder().numMinibatches(3).build());
        assertTrue(e.getMessage().contains("numMinibatches") && e.getMessage().contains("16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MagpoConfig.builder().gamma(1.5).build());
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("[0.0, 1.0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MagpoConfig.builder().nHead(3).build());
        assertTrue(e.getMessage().contains("nHead"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MagpoConfig.builder().totalTimesteps(1000).build());
        assertTrue(e.getMessage().contains("totalTimesteps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MagpoConfig.builder().learningRate(0).build());
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
    }

    @Test
    void jsonRoundTripPreservesEveryField() {
        MagpoConfig c = MagpoConfig.preset("mpe:simple_spread_3ag").toBuilder().seed(-7).decayLearningRates(true).build();
        String json = c.toJson();
        assertEquals(c, MagpoConfig.fromJson(json));
        assertFalse(json.contains("numUpdates"), "derived values are not serialised");
    }

    @Test
    void jsonWithMissingUnknownOrInvalidFieldsIsRejected() {
        String json = MagpoConfig.defaults().toJson();
        for (String fragment : new String[] {"\"gamma\" : 0.99,", "\"seed\" : 42", "\"clipEps\" : 0.2"}) {
            assertTrue(json.contains(fragment), "the edits below must change the JSON: " + fragment);
        }
        assertThrows(IllegalArgumentException.class, () -> MagpoConfig.fromJson(json.replace("\"gamma\" : 0.99,", "")));
        assertThrows(IllegalArgumentException.class,
                () -> MagpoConfig.fromJson(json.replace("\"seed\" : 42", "\"seed\" : 42, \"bogus\" : 1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MagpoConfig.fromJson(json.replace("\"clipEps\" : 0.2", "\"clipEps\" : 2.0")));
        assertTrue(e.getMessage().contains("clipEps"), e.getMessage());
    }
}
