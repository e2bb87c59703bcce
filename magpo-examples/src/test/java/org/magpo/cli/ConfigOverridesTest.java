package org.magpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magpo.algo.MagpoConfig;

class ConfigOverridesTest {
    private static final MagpoConfig BASE = MagpoConfig.defaults();

    @Test
    void setOverridesFieldsByJsonNameWithTheirTypes() {
        MagpoConfig c = ConfigOverrides.apply(BASE, null, null,
                List.of("learningRate=5e-4", "ppoEpochs=8", "evaluationGreedy=TRUE", "totalTimesteps=4e7"));
        assertEquals(5e-4, c.learningRate());
        assertEquals(8, c.ppoEpochs());
        assertTrue(c.evaluationGreedy());
        assertEquals(40_000_000L, c.totalTimesteps());
        assertEquals(BASE.clipGpo(), c.clipGpo(), "untouched fields keep the base's values");
    }

    @Test
    void unknownNameIsRejectedListingTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConfigOverrides.apply(BASE, null, null, List.of("learning_rate=1e-3")));
        assertTrue(e.getMessage().contains("'learning_rate'") && e.getMessage().contains("learningRate")
                && e.getMessage().contains("clipGpo"), e.getMessage());
    }

    @Test
    void badValuesAreRejectedByTheRecordNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConfigOverrides.apply(BASE, null, null, List.of("clipEps=2")));
        assertTrue(e.getMessage().contains("clipEps must be in (0, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigOverrides.apply(BASE, null, null, List.of("addAgentId=yes")));
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigOverrides.apply(BASE, null, null, List.of("numEnvs=1.5")));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigOverrides.apply(BASE, null, null, List.of("numEnvs=3e9")));
        assertTrue(e.getMessage().contains("does not fit an int"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConfigOverrides.apply(BASE, null, null, List.of("gamma")));
        assertTrue(e.getMessage().contains("name=value"), e.getMessage());
    }

    @Test
    void stepsAcceptScientificNotationAndShrinkTheEvaluationCountToTheUpdates() {
        // defaults: 128 steps x 16 envs x 2 lanes = 4096 per update; 1e5 steps -> 24 updates < 122 evaluations
        MagpoConfig c = ConfigOverrides.apply(BASE, ConfigOverrides.integer("--steps", "1e5"), 3L, List.of());
        assertEquals(100_000L, c.totalTimesteps());
        assertEquals(24, c.numUpdates());
        assertEquals(24, c.numEvaluations());
        assertEquals(3, c.seed());
        MagpoConfig d = ConfigOverrides.apply(BASE, 2_000_000L, null, List.of());
        assertEquals(BASE.numEvaluations(), d.numEvaluations(), "488 updates leave the 122 evaluations alone");
    }

    @Test
    void explicitNumEvaluationsIsNeverChanged() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConfigOverrides.apply(BASE, 100_000L, null, List.of("numEvaluations=50")));
        assertTrue(e.getMessage().contains("numEvaluations"), e.getMessage());
    }

    @Test
    void presetAutoPicksTheTaskPresetOrTheDefaults() {
        assertEquals(MagpoConfig.preset("rware:tiny-2ag"), ConfigOverrides.base("auto", "rware:tiny-2ag"));
        assertEquals(MagpoConfig.defaults(), ConfigOverrides.base("auto", "matrix:climbing"));
        assertEquals(MagpoConfig.defaults(), ConfigOverrides.base("defaults", "rware:tiny-2ag"));
        assertEquals(MagpoConfig.preset("lbf:15x15-4p-3f"), ConfigOverrides.base("lbf:15x15-4p-3f", "rware:tiny-2ag"));
        var e = assertThrows(IllegalArgumentException.class, () -> ConfigOverrides.base("fast", "rware:tiny-2ag"));
        assertTrue(e.getMessage().contains("rware:tiny-2ag"), e.getMessage());
    }
}
