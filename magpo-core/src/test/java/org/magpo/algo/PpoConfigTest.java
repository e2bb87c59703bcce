package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magpo.algo.PpoConfig.Baseline;

class PpoConfigTest {

    @Test
    void coordSumPresetsComeFromTheCsvRowsOfEachSystem() {
        // ippo,3x30,coordsum,8,5,,8,0.1,,128,,0,,0.0005,0.0005,64,1220,122
        PpoConfig ippo = PpoConfig.preset(Baseline.IPPO, "coordsum:3x30-50");
        assertEquals(Baseline.IPPO, ippo.system());
        assertEquals(8, ippo.numMinibatches());
        assertEquals(5.0, ippo.maxGradNorm());
        assertEquals(8, ippo.ppoEpochs());
        assertEquals(0.1, ippo.clipEps());
        assertEquals(0.0, ippo.entCoef());
        assertEquals(5e-4, ippo.actorLr());
        assertEquals(5e-4, ippo.criticLr());
        assertEquals(64, ippo.numEnvs());
        assertEquals(1220, ippo.numUpdates());
        assertEquals(122, ippo.numEvaluations());
        // mappo,5x20,coordsum,4,10,,8,0.1,,128,,0.01,,0.00025,0.00025,...
        PpoConfig mappo = PpoConfig.preset(Baseline.MAPPO, "coordsum:5x20-80");
        assertEquals(4, mappo.numMinibatches());
        assertEquals(10.0, mappo.maxGradNorm());
        assertEquals(0.01, mappo.entCoef());
        assertEquals(2.5e-4, mappo.actorLr());
        // sable,3x30,coordsum,2,10,128,10,0.2,0.5,,2,0.01,3,0.0005,,64: its lr sits in critic_lr.
        PpoConfig sable = PpoConfig.preset(Baseline.SABLE, "coordsum:3x30-50");
        assertEquals(128, sable.embedDim());
        assertEquals(2, sable.nHead());
        assertEquals(3, sable.nBlock());
        assertEquals(0.5, sable.decayScalingFactor());
        assertEquals(10, sable.ppoEpochs());
        assertEquals(2, sable.numMinibatches());
        assertEquals(5e-4, sable.actorLr());
        assertEquals(List.of("coordsum:3x10-30", "coordsum:3x30-50", "coordsum:5x20-80", "coordsum:8x15-100"),
                PpoConfig.presetIds(Baseline.SABLE));
    }

    @Test
    void happoHasPresetsForEveryTask() {
        // happo,tiny-2ag,rware,8,10,,8,0.1,,16,,0.00001,,0.0005,0.0005,64,1220,122
        PpoConfig c = PpoConfig.preset(Baseline.HAPPO, "rware:tiny-2ag");
        assertEquals(8, c.numMinibatches());
        assertEquals(10.0, c.maxGradNorm());
        assertEquals(0.1, c.clipEps());
        assertEquals(1e-5, c.entCoef());
        assertEquals(5e-4, c.criticLr());
        assertEquals(43, PpoConfig.presetIds(Baseline.HAPPO).size());
        assertEquals("happo", c.algorithmName());
    }

    @Test
    void tasksWithoutARowGetTheReferenceDefaults() {
        assertEquals(PpoConfig.defaults(Baseline.MAPPO), PpoConfig.preset(Baseline.MAPPO, "rware:tiny-2ag"));
        PpoConfig d = PpoConfig.defaults(Baseline.IPPO);
        assertEquals(2.5e-4, d.actorLr());
        assertEquals(128, d.hiddenWidth());
        assertEquals(0.5, d.vfCoef());
        assertEquals(20_000_000L, d.totalTimesteps());
    }

    @Test
    void jsonRoundTripsAndDispatchesOnTheSystemField() {
        PpoConfig c = PpoConfig.preset(Baseline.SABLE, "coordsum:8x15-100").toBuilder().seed(9).build();
        assertEquals(c, PpoConfig.fromJson(c.toJson()));
        assertEquals(c, AlgorithmConfig.fromJson(c.toJson()));
        assertEquals("sable", c.algorithmName());
        assertInstanceOf(MagpoConfig.class, AlgorithmConfig.fromJson(MagpoConfig.defaults().toJson()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.fromJson(c.toJson().replace("\"seed\"", "\"sede\"")));
        assertTrue(e.getMessage().startsWith("invalid PpoConfig JSON") && e.getMessage().contains("seed"),
                e.getMessage());
    }

    @Test
    void invalidValuesNameTheFieldAndRange() {
        PpoConfig.Builder b = PpoConfig.defaults(Baseline.IPPO).toBuilder();
        assertMessage("clipEps must be in (0, 1), got 1.5", () -> b.clipEps(1.5).build());
        assertMessage("numMinibatches must divide numEnvs (16), got 3",
                () -> PpoConfig.defaults(Baseline.IPPO).toBuilder().numMinibatches(3).build());
        assertMessage("criticLr must be in (0.0, 1.0], got 0.0",
                () -> PpoConfig.defaults(Baseline.MAPPO).toBuilder().criticLr(0).build());
        assertMessage("hiddenWidth must be >= 1, got 0",
                () -> PpoConfig.defaults(Baseline.MAPPO).toBuilder().hiddenWidth(0).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PpoConfig.defaults(Baseline.SABLE).toBuilder().evaluationGreedy(true).build());
        assertTrue(e.getMessage().startsWith("evaluationGreedy must be false for SABLE"), e.getMessage());
        assertMessage("system must be one of [IPPO, MAPPO, SABLE, HAPPO], got null",
                () -> PpoConfig.defaults(Baseline.IPPO).toBuilder().system(null).build());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
