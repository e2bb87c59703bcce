package org.magpo.envs.lbf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Validation of {@link LbfConfig}: each bad field is named with its allowed range. */
class LbfConfigTest {

    private static void assertInvalid(String field, Runnable make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::run);
        assertTrue(e.getMessage().contains("LbfConfig." + field), e.getMessage());
    }

    @Test
    void everyFieldIsValidated() {
        assertInvalid("gridSize", () -> new LbfConfig(4, 2, 2, 1, 2, false, 100, true, true));
        assertInvalid("fov", () -> new LbfConfig(8, 1, 2, 1, 2, false, 100, true, true));
        assertInvalid("fov", () -> new LbfConfig(8, 9, 2, 1, 2, false, 100, true, true));
        assertInvalid("numAgents", () -> new LbfConfig(8, 2, 0, 1, 2, false, 100, true, true));
        assertInvalid("numFood", () -> new LbfConfig(8, 2, 2, 0, 2, false, 100, true, true));
        assertInvalid("numFood", () -> new LbfConfig(8, 2, 2, 37, 2, false, 100, true, true));
        assertInvalid("numAgents", () -> new LbfConfig(8, 2, 61, 4, 2, false, 100, true, true));
        assertInvalid("maxAgentLevel", () -> new LbfConfig(8, 2, 2, 2, 1, false, 100, true, true));
        assertInvalid("timeLimit", () -> new LbfConfig(8, 2, 2, 2, 2, false, 0, true, true));
    }

    @Test
    void observationSizeIsThreePerEntity() {
        assertEquals(27, new LbfConfig(15, 15, 4, 5, 2, false, 100, true, true).obsDim());
    }

    @Test
    void withersChangeOnlyTheirField() {
        LbfConfig c = new LbfConfig(10, 2, 3, 3, 2, false, 100, true, true);
        assertEquals(new LbfConfig(10, 2, 3, 3, 2, false, 9, true, true), c.withTimeLimit(9));
        assertEquals(new LbfConfig(10, 2, 3, 3, 2, false, 100, false, true), c.withAgentRowBan(false));
        assertEquals(new LbfConfig(10, 2, 3, 3, 2, false, 100, true, false), c.withTeamReward(false));
    }
}
