package org.magpo.envs.lbf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;

/** Registration of the 7 tasks (lbf.md section 1 table), task-name parsing, options and their errors. */
class LbfEnvProviderTest {

    /** task, G, fov, N, M, coop, raw obs, Mava obs: lbf.md section 1. */
    private static final Object[][] TABLE = {
        {"2s-8x8-2p-2f-coop", 8, 2, 2, 2, true, 12, 14},
        {"8x8-2p-2f-coop", 8, 8, 2, 2, true, 12, 14},
        {"2s-10x10-3p-3f", 10, 2, 3, 3, false, 18, 21},
        {"10x10-3p-3f", 10, 10, 3, 3, false, 18, 21},
        {"15x15-3p-5f", 15, 15, 3, 5, false, 24, 27},
        {"15x15-4p-3f", 15, 15, 4, 3, false, 21, 25},
        {"15x15-4p-5f", 15, 15, 4, 5, false, 27, 31},
    };

    @Test
    void allSevenTasksAreRegisteredWithTheSpecShapes() {
        assertEquals(7, TABLE.length);
        for (Object[] row : TABLE) {
            String id = "lbf:" + row[0];
            assertTrue(Envs.available().contains(id), id + " in " + Envs.available());
            MultiAgentEnv raw = Envs.make(id, Map.of(), false);
            LbfConfig c = ((LbfEnv) raw).config();
            assertEquals(row[1], c.gridSize(), id);
            assertEquals(row[2], c.fov(), id);
            assertEquals(row[3], c.numAgents(), id);
            assertEquals(row[4], c.numFood(), id);
            assertEquals(row[5], c.forceCoop(), id);
            assertEquals(2, c.maxAgentLevel(), id);
            assertTrue(c.agentRowBan() && c.teamReward(), id + " defaults follow the published runs");
            assertEquals(row[6], raw.spec().obsDim(), id);
            EnvSpec mava = Envs.make(id).spec();
            assertEquals(row[7], mava.obsDim(), id);
            assertEquals(id, mava.taskId());
            assertEquals(6, mava.numActions(), id);
            assertEquals(100, mava.timeLimit(), id);
            assertEquals(0, mava.stateDim(), id);
        }
    }

    @Test
    void malformedTaskNamesAreRejectedWithTheExpectedPattern() {
        for (String bad : new String[] {"", "8x8", "8x8-2p", "8x8-2p-2f-co", "x8-2p-2f", "2s8x8-2p-2f", "8x8-2a-2f",
            "8X8-2p-2f", " 8x8-2p-2f"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LbfEnvProvider.parse(bad),
                    "'" + bad + "'");
            assertTrue(e.getMessage().contains("malformed") && e.getMessage().contains("<G>x<G>"), e.getMessage());
        }
        IllegalArgumentException nonSquare = assertThrows(IllegalArgumentException.class,
                () -> LbfEnvProvider.parse("8x9-2p-2f"));
        assertTrue(nonSquare.getMessage().contains("square"), nonSquare.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LbfEnvProvider.parse(null));
    }

    @Test
    void unknownIdThroughTheRegistryListsWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make("lbf:9x9-2p-2f"));
        assertTrue(e.getMessage().contains("lbf:15x15-4p-5f"), e.getMessage());
    }

    @Test
    void wellFormedNonBenchmarkNamesAreBuiltByTheProvider() {
        LbfConfig c = LbfEnvProvider.parse("3s-12x12-5p-4f-coop");
        assertEquals(new LbfConfig(12, 3, 5, 4, 2, true, 100, true, true), c);
        assertFalse(new LbfEnvProvider().tasks().contains("3s-12x12-5p-4f-coop"));
    }

    @Test
    void impossibleLayoutsInTaskNamesAreRejected() {
        IllegalArgumentException food = assertThrows(IllegalArgumentException.class,
                () -> LbfEnvProvider.parse("5x5-2p-10f"));
        assertTrue(food.getMessage().contains("numFood=10") && food.getMessage().contains("9"), food.getMessage());
        IllegalArgumentException agents = assertThrows(IllegalArgumentException.class,
                () -> LbfEnvProvider.parse("5x5-24p-2f"));
        assertTrue(agents.getMessage().contains("numAgents=24") && agents.getMessage().contains("23"),
                agents.getMessage());
        IllegalArgumentException fov = assertThrows(IllegalArgumentException.class,
                () -> LbfEnvProvider.parse("1s-8x8-2p-2f"));
        assertTrue(fov.getMessage().contains("fov"), fov.getMessage());
        IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
                () -> LbfEnvProvider.parse("4x4-2p-1f"));
        assertTrue(grid.getMessage().contains("gridSize"), grid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LbfEnvProvider.parse("8x8-0p-2f"));
        assertThrows(IllegalArgumentException.class, () -> LbfEnvProvider.parse("8x8-2p-0f"));
    }

    @Test
    void optionsChangeTheConfigAndBadOptionsAreRejected() {
        LbfEnvProvider p = new LbfEnvProvider();
        LbfEnv env = (LbfEnv) p.make("8x8-2p-2f-coop",
                Map.of("agentRowBan", "false", "teamReward", "false", "timeLimit", "50"));
        assertFalse(env.config().agentRowBan());
        assertFalse(env.config().teamReward());
        assertEquals(50, env.spec().timeLimit());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> p.make("8x8-2p-2f-coop", Map.of("sight", "3")));
        assertTrue(unknown.getMessage().contains("'sight'") && unknown.getMessage().contains("agentRowBan"),
                unknown.getMessage());
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class,
                () -> p.make("8x8-2p-2f-coop", Map.of("teamReward", "yes")));
        assertTrue(bool.getMessage().contains("teamReward") && bool.getMessage().contains("'yes'"), bool.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.make("8x8-2p-2f-coop", Map.of("timeLimit", "ten")));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> p.make("8x8-2p-2f-coop", Map.of("timeLimit", "0")));
        assertTrue(zero.getMessage().contains("timeLimit"), zero.getMessage());
    }
}
