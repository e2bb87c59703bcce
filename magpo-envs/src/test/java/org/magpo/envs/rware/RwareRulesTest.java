package org.magpo.envs.rware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpo.envs.rware.RwareEnv.DIR_DOWN;
import static org.magpo.envs.rware.RwareEnv.DIR_LEFT;
import static org.magpo.envs.rware.RwareEnv.DIR_RIGHT;
import static org.magpo.envs.rware.RwareEnv.DIR_UP;
import static org.magpo.envs.rware.RwareEnv.FORWARD;
import static org.magpo.envs.rware.RwareEnv.LEFT;
import static org.magpo.envs.rware.RwareEnv.NOOP;
import static org.magpo.envs.rware.RwareEnv.RIGHT;
import static org.magpo.envs.rware.RwareEnv.TOGGLE_LOAD;

import org.junit.jupiter.api.Test;
import org.magpo.env.StepType;

/**
 * One test per rule of rware.md sections 5-7 and 10, on hand-made states of the tiny (11 x 10) and mini
 * (5 x 10) warehouses. Tiny shelf ids: row r in 1..8 holds ids 4(r-1) + {0,1,2,3} at cols {1,2,7,8}.
 */
class RwareRulesTest {

    private static RwareState state(RwareScenario s) {
        return s.env.state();
    }

    @Test
    void turnsWrapAroundCounterClockwiseForLeftAndClockwiseForRight() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 0, 0, DIR_UP).robot(1, 0, 9, DIR_LEFT).load();
        s.step(LEFT, RIGHT);
        assertArrayEquals(new int[] {DIR_LEFT, DIR_UP}, state(s).agentDir());
        s.step(RIGHT, LEFT);
        assertArrayEquals(new int[] {DIR_UP, DIR_LEFT}, state(s).agentDir());
        s.step(RIGHT, LEFT);
        assertArrayEquals(new int[] {DIR_RIGHT, DIR_DOWN}, state(s).agentDir());
    }

    @Test
    void forwardIntoTheWallStaysInPlaceWithoutCollision() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 0, 0, DIR_UP).robot(1, 5, 9, DIR_RIGHT).load();
        s.step(FORWARD, FORWARD);
        RwareState st = state(s);
        assertArrayEquals(new int[] {0, 5}, st.agentRow());
        assertArrayEquals(new int[] {0, 9}, st.agentCol());
        assertEquals(StepType.MID, s.out.stepType);
        assertFalse(s.env.lastCollision());
    }

    @Test
    void forwardMovesOneCellInTheFacedDirection() {
        RwareScenario s = RwareScenario.tiny(4, 2).robot(0, 5, 3, DIR_UP).robot(1, 5, 6, DIR_RIGHT)
                .robot(2, 0, 9, DIR_DOWN).robot(3, 9, 3, DIR_LEFT).load();
        s.step(FORWARD, FORWARD, FORWARD, FORWARD);
        RwareState st = state(s);
        assertArrayEquals(new int[] {4, 5, 1, 9}, st.agentRow());
        assertArrayEquals(new int[] {3, 7, 9, 2}, st.agentCol());
    }

    @Test
    void unloadedRobotDrivesUnderAShelfWhichStaysPut() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 1, 0, DIR_RIGHT).robot(1, 0, 9, DIR_UP).load();
        s.step(FORWARD, NOOP);
        assertEquals(1, state(s).agentCol()[0]);
        assertEquals(0, s.shelfId(1, 1));
        assertEquals(StepType.MID, s.out.stepType);
        for (int a = 0; a < RwareEnv.NUM_ACTIONS; a++) {
            assertTrue(s.legal(0, a), "unloaded robot under a shelf: action " + a + " legal");
        }
    }

    @Test
    void twoRobotsEnteringTheSameCellEndTheEpisodeWithDiscountZero() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 3, DIR_RIGHT).robot(1, 9, 5, DIR_LEFT).load();
        s.step(FORWARD, FORWARD);
        assertTrue(s.env.lastCollision());
        assertEquals(StepType.LAST, s.out.stepType);
        assertTrue(s.out.terminated);
        assertArrayEquals(new float[] {0f, 0f}, s.out.discount);
        assertEquals(2, s.env.agentLayerAt(9, 4), "the later robot overwrote the shared cell");
        assertEquals(0, s.env.agentLayerAt(9, 3));
        assertThrows(IllegalStateException.class, () -> s.step(NOOP, NOOP));
    }

    @Test
    void enteringTheCellOfAStandingRobotCollidesWhateverTheIds() {
        RwareScenario low = RwareScenario.tiny(2, 2).robot(0, 9, 3, DIR_RIGHT).robot(1, 9, 4, DIR_UP).load();
        low.step(FORWARD, NOOP);
        assertTrue(low.env.lastCollision());
        RwareScenario high = RwareScenario.tiny(2, 2).robot(0, 9, 4, DIR_UP).robot(1, 9, 3, DIR_RIGHT).load();
        high.step(LEFT, FORWARD);
        assertTrue(high.env.lastCollision());
        assertEquals(StepType.LAST, high.out.stepType);
    }

    @Test
    void headOnSwapIsACollision() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 3, DIR_RIGHT).robot(1, 9, 4, DIR_LEFT).load();
        s.step(FORWARD, FORWARD);
        RwareState st = state(s);
        assertArrayEquals(new int[] {4, 3}, st.agentCol(), "the robots did swap cells");
        assertTrue(s.env.lastCollision());
        assertEquals(0, s.env.agentLayerAt(9, 4), "robot 1 zeroed the cell robot 0 had entered");
        assertEquals(2, s.env.agentLayerAt(9, 3));
    }

    @Test
    void lowerIdFollowingDirectlyBehindHigherIdCollides() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 2, DIR_RIGHT).robot(1, 9, 3, DIR_RIGHT).load();
        s.step(FORWARD, FORWARD);
        assertTrue(s.env.lastCollision());
        assertEquals(StepType.LAST, s.out.stepType);
    }

    @Test
    void higherIdFollowingDirectlyBehindLowerIdIsFine() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 3, DIR_RIGHT).robot(1, 9, 2, DIR_RIGHT).load();
        s.step(FORWARD, FORWARD);
        assertFalse(s.env.lastCollision());
        assertEquals(StepType.MID, s.out.stepType);
        assertArrayEquals(new int[] {4, 3}, state(s).agentCol());
    }

    @Test
    void loadedRobotFacingAShelfCellHasForwardMaskedAndStepRejectsIt() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 1, 1, DIR_DOWN).carrying(0, 0).robot(1, 0, 9, DIR_UP).load();
        assertFalse(s.legal(0, FORWARD), "target (2,1) holds shelf 4");
        assertTrue(s.legal(0, NOOP) && s.legal(0, LEFT) && s.legal(0, RIGHT) && s.legal(0, TOGGLE_LOAD));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.step(FORWARD, NOOP));
        assertTrue(e.getMessage().contains("agent 0") && e.getMessage().contains("masked"), e.getMessage());
        s.step(RIGHT, NOOP);
        assertTrue(s.legal(0, FORWARD), "facing LEFT onto the empty highway (1,0)");
    }

    @Test
    void loadedRobotFacingTheWallMayForwardAndStays() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 0, 0, DIR_UP).carrying(0, 0).robot(1, 0, 9, DIR_UP).load();
        assertTrue(s.legal(0, FORWARD));
        s.step(FORWARD, NOOP);
        assertEquals(0, state(s).agentRow()[0]);
        assertEquals(0, s.shelfId(0, 0));
        assertTrue(state(s).carrying()[0]);
    }

    @Test
    void loadedRobotMayNotDriveIntoACellHoldingACarriedShelf() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 3, DIR_RIGHT).carrying(0, 0)
                .robot(1, 9, 4, DIR_UP).carrying(1, 1).load();
        assertFalse(s.legal(0, FORWARD));
        assertTrue(s.legal(1, FORWARD), "robot 1 faces the empty highway (8,4)");
    }

    @Test
    void maskedForwardTurnedIntoNoopDropsTheShelfOnAShelfHome() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 1, 1, DIR_DOWN).carrying(0, 0).robot(1, 0, 9, DIR_UP).load();
        s.env.stepTurningMaskedIntoNoop(new int[] {FORWARD, NOOP}, s.out);
        int[] effective = new int[2];
        s.env.effectiveActions(effective);
        assertArrayEquals(new int[] {NOOP, NOOP}, effective);
        assertFalse(state(s).carrying()[0]);
        assertEquals(1, state(s).agentRow()[0], "did not move");
        assertTrue(s.legal(0, FORWARD), "unloaded again, so FORWARD under shelf 4 is legal");
    }

    @Test
    void noopOrToggleWhileCarryingOnAShelfHomePutsTheShelfDown() {
        RwareScenario noop = RwareScenario.tiny(2, 2).robot(0, 1, 1, DIR_DOWN).carrying(0, 0).load();
        noop.step(NOOP, NOOP);
        assertFalse(state(noop).carrying()[0]);
        assertEquals(0, noop.shelfId(1, 1));
        RwareScenario toggle = RwareScenario.tiny(2, 2).robot(0, 1, 1, DIR_DOWN).carrying(0, 0).load();
        toggle.step(TOGGLE_LOAD, NOOP);
        assertFalse(state(toggle).carrying()[0]);
    }

    @Test
    void noopAndToggleOnAHighwayKeepTheLoad() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 3, DIR_UP).carrying(0, 0).load();
        s.step(NOOP, NOOP);
        assertTrue(state(s).carrying()[0]);
        s.step(TOGGLE_LOAD, NOOP);
        assertTrue(state(s).carrying()[0]);
    }

    @Test
    void toggleOnAShelfPicksItUpAndOnAnEmptyCellDoesNothing() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 2, 2, DIR_UP).robot(1, 9, 3, DIR_UP).load();
        s.step(TOGGLE_LOAD, TOGGLE_LOAD);
        assertTrue(state(s).carrying()[0]);
        assertFalse(state(s).carrying()[1]);
        assertFalse(s.legal(0, FORWARD), "now loaded and facing shelf 1 at (1,2)");
    }

    @Test
    void carriedShelfMovesWithItsRobot() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 3, DIR_RIGHT).carrying(0, 0).load();
        s.step(FORWARD, NOOP);
        assertEquals(9, state(s).shelfRow()[0]);
        assertEquals(4, state(s).shelfCol()[0]);
        assertEquals(0, s.shelfId(9, 4));
        assertEquals(-1, s.shelfId(9, 3));
        assertEquals(-1, s.shelfId(1, 1), "the home stays empty");
    }

    @Test
    void deliveryPaysTheTeamAndReplacesTheRequestInItsSlot() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 4, DIR_DOWN).carrying(0, 0).queue(0, 5).load();
        s.step(FORWARD, NOOP);
        assertArrayEquals(new float[] {1f, 1f}, s.out.reward);
        assertEquals(StepType.MID, s.out.stepType);
        int[] q = state(s).requestQueue();
        assertEquals(5, q[1], "the other slot is untouched");
        assertTrue(q[0] != 0 && q[0] != 5, "replacement drawn from the shelves not in the queue, got " + q[0]);
        assertFalse(s.env.isRequested(0));
        assertTrue(s.env.isRequested(q[0]));
        s.step(NOOP, NOOP);
        assertArrayEquals(new float[] {0f, 0f}, s.out.reward, "no longer requested, so no second payout");
        assertTrue(state(s).carrying()[0], "a goal is a highway: NOOP keeps the load");
    }

    @Test
    void unrequestedShelfOnAGoalPaysNothing() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 4, DIR_DOWN).carrying(0, 0).queue(1, 2).load();
        s.step(FORWARD, NOOP);
        assertArrayEquals(new float[] {0f, 0f}, s.out.reward);
        assertArrayEquals(new int[] {1, 2}, state(s).requestQueue());
    }

    @Test
    void bothGoalsPayInGoalOrderAndAReRequestedShelfIsPaidAgain() {
        // 8 shelves, queue of 7: every replacement is forced to the single unrequested shelf.
        RwareScenario s = RwareScenario.mini(2, 7, 500).robot(0, 4, 4, DIR_UP).carrying(0, 0)
                .robot(1, 4, 5, DIR_UP).carrying(1, 7).queue(0, 1, 2, 3, 4, 5, 6).load();
        s.step(NOOP, NOOP);
        // goal 0: shelf 0 paid, 7 requested in slot 0; goal 1: shelf 7 now requested, paid, 0 back in slot 0.
        assertArrayEquals(new float[] {2f, 2f}, s.out.reward);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, state(s).requestQueue());
        s.step(NOOP, NOOP);
        assertArrayEquals(new float[] {2f, 2f}, s.out.reward, "standing robots are paid again");
    }

    @Test
    void rewardIsPaidOnACollisionStep() {
        RwareScenario s = RwareScenario.tiny(2, 2).robot(0, 9, 4, DIR_DOWN).carrying(0, 0)
                .robot(1, 10, 3, DIR_RIGHT).queue(0, 1).load();
        s.step(FORWARD, FORWARD);
        assertTrue(s.env.lastCollision());
        assertEquals(StepType.LAST, s.out.stepType);
        assertArrayEquals(new float[] {1f, 1f}, s.out.reward);
        assertArrayEquals(new float[] {0f, 0f}, s.out.discount);
    }

    @Test
    void timeLimitEndsTheEpisodeAsATerminationWithDiscountZero() {
        RwareScenario s = RwareScenario.mini(2, 2, 3).load();
        s.step(LEFT, LEFT);
        assertEquals(StepType.MID, s.out.stepType);
        assertEquals(1, s.out.stepCount);
        s.step(LEFT, LEFT);
        assertEquals(StepType.MID, s.out.stepType);
        assertArrayEquals(new float[] {1f, 1f}, s.out.discount);
        s.step(LEFT, LEFT);
        assertEquals(StepType.LAST, s.out.stepType);
        assertEquals(3, s.out.stepCount);
        assertArrayEquals(new float[] {0f, 0f}, s.out.discount);
        assertTrue(s.out.terminated, "Jumanji has no truncation: the time limit is a termination");
        assertFalse(s.out.truncated);
        assertThrows(IllegalStateException.class, () -> s.step(LEFT, LEFT));
    }

    @Test
    void outOfRangeActionsAndWrongLengthsAreRejectedNamingTheAgent() {
        RwareScenario s = RwareScenario.tiny(2, 2).load();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.step(NOOP, 5));
        assertTrue(e.getMessage().contains("agent 1") && e.getMessage().contains("0..4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.step(NOOP));
        IllegalArgumentException lenient = assertThrows(IllegalArgumentException.class,
                () -> s.env.stepTurningMaskedIntoNoop(new int[] {-1, 0}, s.out));
        assertTrue(lenient.getMessage().contains("agent 0"), lenient.getMessage());
    }

    @Test
    void steppingBeforeResetOrLoadFails() {
        RwareEnv env = new RwareEnv("rware:test", new RwareConfig(1, 3, 8, 2, 1, 2, 500), false);
        org.magpo.env.TimeStep out = new org.magpo.env.TimeStep(env.spec());
        assertThrows(IllegalStateException.class, () -> env.step(new int[] {0, 0}, out));
        assertThrows(IllegalStateException.class, () -> env.stepTurningMaskedIntoNoop(new int[] {0, 0}, out));
    }
}
