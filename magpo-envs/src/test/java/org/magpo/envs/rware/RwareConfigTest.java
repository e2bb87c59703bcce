package org.magpo.envs.rware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.env.TimeStep;

/** Impossible layouts and inconsistent explicit states fail fast, naming the field and what is allowed. */
class RwareConfigTest {

    private static void assertRejected(String field, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(field), "message names " + field + ": " + e.getMessage());
    }

    @Test
    void impossibleLayoutsAreRejected() {
        assertRejected("shelfColumns", () -> new RwareConfig(1, 4, 8, 2, 1, 2, 500));
        assertRejected("shelfRows", () -> new RwareConfig(0, 3, 8, 2, 1, 2, 500));
        assertRejected("columnHeight", () -> new RwareConfig(1, 3, 0, 2, 1, 2, 500));
        assertRejected("sensorRange", () -> new RwareConfig(1, 3, 8, 2, 0, 2, 500));
        assertRejected("timeLimit", () -> new RwareConfig(1, 3, 8, 2, 1, 2, 0));
        assertRejected("numAgents", () -> new RwareConfig(1, 3, 8, 0, 1, 2, 500));
        assertRejected("numAgents", () -> new RwareConfig(1, 3, 8, 111, 1, 2, 500));
        assertRejected("requestQueueSize", () -> new RwareConfig(1, 3, 8, 2, 1, 0, 500));
        assertRejected("requestQueueSize", () -> new RwareConfig(1, 3, 8, 2, 1, 32, 500));
        // One cluster and one block: the goal lane clears every shelf home, so no request can exist.
        assertRejected("requestQueueSize", () -> new RwareConfig(1, 1, 8, 2, 1, 1, 500));
    }

    @Test
    void fullGridOfRobotsIsStillALegalLayout() {
        RwareConfig full = new RwareConfig(1, 3, 2, 50, 1, 1, 500);
        RwareEnv env = new RwareEnv("rware:full", full, false);
        TimeStep out = new TimeStep(env.spec());
        env.reset(5, out);
        assertEquals(50, env.state().numAgents());
    }

    @Test
    void largerSensorRangeGrowsTheViewAsSpecified() {
        assertEquals(66, new RwareConfig(1, 3, 8, 2, 1, 2, 500).obsSize());
        assertEquals(8 + 5 * 24 + 2 * 25, new RwareConfig(1, 3, 8, 2, 2, 2, 500).obsSize());
    }

    @Test
    void inconsistentExplicitStatesAreRejected() {
        RwareScenario base = RwareScenario.tiny(2, 2);
        int[] home = {1, 1};
        assertRejected("share cell", () -> base.robot(0, 5, 3, 0).robot(1, 5, 3, 0).load());
        RwareScenario outside = RwareScenario.tiny(2, 2).robot(1, 11, 0, 0);
        assertRejected("outside", outside::load);
        RwareScenario badDir = RwareScenario.tiny(2, 2).robot(0, 5, 3, 4);
        assertRejected("direction", badDir::load);
        RwareScenario noShelf = RwareScenario.tiny(2, 2).load();
        RwareState atHome = noShelf.env.state();
        RwareState carryingNothing = new RwareState(new int[] {9, 0}, new int[] {3, 1}, new int[] {0, 0},
                new boolean[] {true, false}, atHome.shelfRow(), atHome.shelfCol(), new int[] {0, 1}, 0);
        assertRejected("carries", () -> noShelf.env.load(carryingNothing, noShelf.out));
        assertRejected("twice", () -> RwareScenario.tiny(2, 2).queue(3, 3).load());
        assertRejected("expected Q", () -> RwareScenario.tiny(2, 2).queue(3).load());
        assertRejected("0..31", () -> RwareScenario.tiny(2, 2).queue(3, 32).load());
        assertRejected("shelves 0 and 1", () -> RwareScenario.tiny(2, 2).shelf(1, home[0], home[1]).load());
        RwareScenario threeRobots = RwareScenario.tiny(3, 2);
        RwareState two = RwareScenario.tiny(2, 2).load().env.state();
        assertRejected("expected N", () -> threeRobots.env.load(two, threeRobots.out));
    }

    @Test
    void loadAndLenientStepRejectABufferShapedForAnotherTask() {
        RwareScenario tiny = RwareScenario.tiny(2, 2).load();
        RwareState st = tiny.env.state();
        TimeStep wrong = new TimeStep(RwareScenario.tiny(3, 2).env.spec());
        assertRejected("TimeStep", () -> tiny.env.load(st, wrong));
        assertRejected("TimeStep", () -> tiny.env.stepTurningMaskedIntoNoop(new int[] {0, 0}, wrong));
    }
}
