package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magpo.algo.AlgorithmConfig;
import org.magpo.algo.MagpoConfig;
import org.magpo.algo.PpoConfig;

class CompareAlgorithmsTest {

    @Test
    void everyAlgorithmGetsItsPresetWithTheSameBudgetAndOverrides() {
        CompareAlgorithms.Plan plan = CompareAlgorithms.parse(new String[] {"--task", "coordsum:3x30-50", "--steps",
            "2e5", "--seeds", "3,4", "--envs", "16", "--lanes", "1", "--evaluations", "5"});
        assertEquals(List.of(3L, 4L), plan.seeds());
        for (String algo : List.of("magpo", "ippo", "mappo", "sable")) {
            AlgorithmConfig c = CompareAlgorithms.config(plan, algo, 3);
            assertEquals(algo, c.algorithmName());
            assertEquals(200_000, c.totalTimesteps());
            assertEquals(16, c.numEnvs());
            assertEquals(1, c.updateBatchSize());
            assertEquals(3, c.seed());
            assertEquals(5, c.numEvaluations());
            assertEquals(0, 16 % c.numMinibatches());
        }
        // The presets differ per algorithm: MAGPO's and Sable's tuned networks, IPPO's 8 epochs.
        assertEquals(MagpoConfig.preset("coordsum:3x30-50").embedDim(),
                ((MagpoConfig) CompareAlgorithms.config(plan, "magpo", 3)).embedDim());
        assertEquals(8, ((PpoConfig) CompareAlgorithms.config(plan, "ippo", 3)).ppoEpochs());
        assertEquals(128, ((PpoConfig) CompareAlgorithms.config(plan, "sable", 3)).embedDim());
    }

    @Test
    void unknownOptionsAndAlgorithmsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompareAlgorithms.parse(new String[] {"--algos", "magpo,qmix"}));
        assertTrue(e.getMessage().contains("'qmix'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CompareAlgorithms.parse(new String[] {"--budget", "1"}));
        assertTrue(e.getMessage().startsWith("unknown option --budget"), e.getMessage());
    }
}
