package org.magpo.envs.lbf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;

/** Rules of lbf.md sections 4-9 on hand-built states; expected values are computed by hand from the spec. */
class LbfEnvTest {

    private static final int NOOP = LbfEnv.NOOP;
    private static final int UP = LbfEnv.UP;
    private static final int DOWN = LbfEnv.DOWN;
    private static final int LEFT = LbfEnv.LEFT;
    private static final int RIGHT = LbfEnv.RIGHT;
    private static final int LOAD = LbfEnv.LOAD;

    /** G=8, full view, per-agent rewards so each agent's share is visible. */
    private static LbfConfig config(int agents, int foods, int fov, int timeLimit, boolean team) {
        return new LbfConfig(8, fov, agents, foods, 2, false, timeLimit, true, team);
    }

    /** Agents {row, col, level}, foods {row, col, level}. */
    private static LbfState state(int[][] agents, int[][] foods) {
        int n = agents.length;
        int m = foods.length;
        int[] ar = new int[n];
        int[] ac = new int[n];
        int[] al = new int[n];
        for (int i = 0; i < n; i++) {
            ar[i] = agents[i][0];
            ac[i] = agents[i][1];
            al[i] = agents[i][2];
        }
        int[] fr = new int[m];
        int[] fc = new int[m];
        int[] fl = new int[m];
        for (int f = 0; f < m; f++) {
            fr[f] = foods[f][0];
            fc[f] = foods[f][1];
            fl[f] = foods[f][2];
        }
        return LbfState.initial(ar, ac, al, fr, fc, fl);
    }

    private static final class Fixture {
        final LbfEnv env;
        final TimeStep ts;

        Fixture(LbfConfig c, LbfState s) {
            env = new LbfEnv("lbf:test", c);
            ts = new TimeStep(env.spec());
            env.loadState(s, ts);
        }

        Fixture raw(int... actions) {
            env.stepIgnoringMask(actions, ts);
            return this;
        }

        Fixture legal(int... actions) {
            env.step(actions, ts);
            return this;
        }

        int[] pos(int i) {
            LbfState s = env.state();
            return new int[] {s.agentRow()[i], s.agentCol()[i]};
        }

        float[] view(int i) {
            int d = env.spec().obsDim();
            return Arrays.copyOfRange(ts.obs, i * d, (i + 1) * d);
        }

        boolean[] mask(int i) {
            return Arrays.copyOfRange(ts.actionMask, i * 6, i * 6 + 6);
        }
    }

    // ------------------------------------------------------------------ loading

    @Test
    void loneLoaderBelowFoodLevelDoesNotEat() {
        Fixture x = new Fixture(config(1, 1, 8, 100, false), state(new int[][] {{2, 2, 1}}, new int[][] {{2, 3, 2}}));
        x.legal(LOAD);
        assertFalse(x.env.foodEatenThisStep(0));
        assertFalse(x.env.state().foodEaten()[0]);
        assertEquals(0f, x.ts.reward[0]);
        assertTrue(x.env.state().agentLoading()[0]);
        assertEquals(StepType.MID, x.ts.stepType);
    }

    @Test
    void cooperativeLoadEatsFoodAndSplitsRewardByLevel() {
        // Food level 3 at (2,3), T = 3 + 2 = 5. Agent levels 1 and 2: shares 1*3/(3*5) = 1/5 and 2*3/(3*5) = 2/5.
        LbfState s = state(new int[][] {{2, 2, 1}, {3, 3, 2}}, new int[][] {{2, 3, 3}, {5, 5, 2}});
        Fixture x = new Fixture(config(2, 2, 8, 100, false), s).legal(LOAD, LOAD);
        assertTrue(x.env.foodEatenThisStep(0));
        assertFalse(x.env.foodEatenThisStep(1));
        assertEquals(0.2f, x.ts.reward[0], 1e-7f);
        assertEquals(0.4f, x.ts.reward[1], 1e-7f);

        Fixture team = new Fixture(config(2, 2, 8, 100, true), s).legal(LOAD, LOAD);
        assertEquals(0.6f, team.ts.reward[0], 1e-7f);
        assertEquals(0.6f, team.ts.reward[1], 1e-7f);
        assertEquals(0.2f, team.env.agentReward(0), 1e-7f);
        assertEquals(0.4f, team.env.agentReward(1), 1e-7f);
    }

    @Test
    void soloLoaderAboveFoodLevelEatsAndTakesWholeShare() {
        // Level-2 agent eats a level-1 food: 2*1/(2*T) with T = 1 + 3 = 4 -> 1/4.
        Fixture x = new Fixture(config(1, 2, 8, 100, false),
                state(new int[][] {{4, 4, 2}}, new int[][] {{5, 4, 1}, {1, 1, 3}})).legal(LOAD);
        assertTrue(x.env.foodEatenThisStep(0));
        assertEquals(0.25f, x.ts.reward[0], 1e-7f);
    }

    @Test
    void diagonalLoaderDoesNotCount() {
        // Agent 1 is diagonal to the level-3 food; agent 0 (level 2) alone is not enough.
        Fixture x = new Fixture(config(2, 1, 8, 100, false),
                state(new int[][] {{2, 2, 2}, {3, 4, 2}}, new int[][] {{2, 3, 3}})).raw(LOAD, LOAD);
        assertFalse(x.env.foodEatenThisStep(0));
        assertArrayEquals(new float[] {0f, 0f}, x.ts.reward);
    }

    @Test
    void adjacentAgentThatDoesNotLoadDoesNotCount() {
        Fixture x = new Fixture(config(2, 1, 8, 100, false),
                state(new int[][] {{2, 2, 2}, {3, 3, 2}}, new int[][] {{2, 3, 3}})).legal(LOAD, NOOP);
        assertFalse(x.env.foodEatenThisStep(0));
        assertFalse(x.env.state().agentLoading()[1]);
    }

    @Test
    void loaderNextToTwoFoodsCountsFullyForBoth() {
        // Agent level 2 at (3,3) between foods (2,3) L1 and (3,4) L2; T = 3: rewards 2*1/(2*3) + 2*2/(2*3) = 1.
        Fixture x = new Fixture(config(1, 2, 8, 100, false),
                state(new int[][] {{3, 3, 2}}, new int[][] {{2, 3, 1}, {3, 4, 2}})).legal(LOAD);
        assertTrue(x.env.foodEatenThisStep(0));
        assertTrue(x.env.foodEatenThisStep(1));
        assertEquals(1f, x.ts.reward[0], 1e-6f);
        assertTrue(x.ts.terminated);
    }

    @Test
    void loadingFlagIsSetEvenWithoutAdjacentFood() {
        Fixture x = new Fixture(config(1, 1, 8, 100, false), state(new int[][] {{0, 0, 1}}, new int[][] {{4, 4, 1}}));
        assertFalse(x.mask(0)[LOAD]);
        x.raw(LOAD);
        assertTrue(x.env.state().agentLoading()[0]);
        x.raw(UP);
        assertFalse(x.env.state().agentLoading()[0], "loading means 'the last action was LOAD'");
    }

    @Test
    void agentMovesBeforeLoadingInTheSameStep() {
        // Moving and loading are different actions, but another agent's move this step counts: agent 1 steps
        // next to the food while agent 0 loads -> agent 1 is adjacent yet not loading, so nothing is eaten.
        Fixture x = new Fixture(config(2, 1, 8, 100, false),
                state(new int[][] {{2, 2, 2}, {4, 3, 2}}, new int[][] {{2, 3, 1}}));
        x.legal(NOOP, UP);
        assertArrayEquals(new int[] {3, 3}, x.pos(1));
        // Now agent 1 alone (level 2 >= 1) eats it.
        x.legal(NOOP, LOAD);
        assertTrue(x.env.foodEatenThisStep(0));
        assertEquals(0f, x.ts.reward[0]);
        assertEquals(1f, x.ts.reward[1], 1e-7f);
    }

    // ------------------------------------------------------------------ food removal

    @Test
    void eatenFoodVanishesAndNeverRespawns() {
        Fixture x = new Fixture(config(2, 2, 8, 100, false),
                state(new int[][] {{2, 2, 2}, {6, 6, 1}}, new int[][] {{2, 3, 1}, {5, 5, 3}})).legal(LOAD, NOOP);
        assertTrue(x.env.state().foodEaten()[0]);
        assertEquals(4, x.env.totalFoodLevel(), "T counts eaten foods too");
        // Hidden in the observation, no longer loadable, no longer blocking.
        assertArrayEquals(new float[] {-1f, -1f, 0f}, Arrays.copyOfRange(x.view(0), 0, 3));
        assertFalse(x.mask(0)[LOAD]);
        assertTrue(x.mask(0)[RIGHT]);
        x.legal(RIGHT, NOOP);
        assertArrayEquals(new int[] {2, 3}, x.pos(0));
        for (int t = 0; t < 5; t++) {
            x.legal(NOOP, NOOP);
            assertTrue(x.env.state().foodEaten()[0]);
            assertFalse(x.env.foodEatenThisStep(0));
        }
        assertEquals(4, x.env.totalFoodLevel());
    }

    // ------------------------------------------------------------------ movement and conflicts

    @Test
    void eachMoveChangesTheRightCoordinate() {
        Fixture x = new Fixture(config(1, 1, 8, 100, false), state(new int[][] {{3, 3, 1}}, new int[][] {{6, 6, 1}}));
        x.legal(UP);
        assertArrayEquals(new int[] {2, 3}, x.pos(0));
        x.legal(DOWN);
        assertArrayEquals(new int[] {3, 3}, x.pos(0));
        x.legal(LEFT);
        assertArrayEquals(new int[] {3, 2}, x.pos(0));
        x.legal(RIGHT);
        assertArrayEquals(new int[] {3, 3}, x.pos(0));
        x.legal(NOOP);
        assertArrayEquals(new int[] {3, 3}, x.pos(0));
    }

    @Test
    void movingOffTheGridLeavesAgentInPlace() {
        Fixture x = new Fixture(config(1, 1, 8, 100, false), state(new int[][] {{0, 7, 1}}, new int[][] {{4, 4, 1}}));
        x.raw(UP);
        assertArrayEquals(new int[] {0, 7}, x.pos(0));
        x.raw(RIGHT);
        assertArrayEquals(new int[] {0, 7}, x.pos(0));
    }

    @Test
    void movingIntoUneatenFoodIsBlocked() {
        Fixture x = new Fixture(config(1, 1, 8, 100, false), state(new int[][] {{3, 2, 1}}, new int[][] {{3, 3, 2}}));
        x.raw(RIGHT);
        assertArrayEquals(new int[] {3, 2}, x.pos(0));
    }

    @Test
    void twoAgentsIntoOneFreeCellBothStay() {
        Fixture x = new Fixture(config(3, 1, 8, 100, false),
                state(new int[][] {{2, 1, 1}, {2, 3, 1}, {6, 6, 1}}, new int[][] {{4, 4, 1}}));
        x.legal(RIGHT, LEFT, UP);
        assertArrayEquals(new int[] {2, 1}, x.pos(0));
        assertArrayEquals(new int[] {2, 3}, x.pos(1));
        assertArrayEquals(new int[] {5, 6}, x.pos(2), "an uninvolved agent still moves");
    }

    @Test
    void followingIntoACellBeingVacatedIsRefused() {
        Fixture x = new Fixture(config(2, 1, 8, 100, false),
                state(new int[][] {{2, 1, 1}, {2, 2, 1}}, new int[][] {{5, 5, 1}}));
        assertFalse(x.mask(0)[RIGHT]);
        x.raw(RIGHT, RIGHT);
        assertArrayEquals(new int[] {2, 1}, x.pos(0));
        assertArrayEquals(new int[] {2, 3}, x.pos(1));
    }

    @Test
    void swapIsRefused() {
        Fixture x = new Fixture(config(2, 1, 8, 100, false),
                state(new int[][] {{2, 1, 1}, {2, 2, 1}}, new int[][] {{5, 5, 1}}));
        x.raw(RIGHT, LEFT);
        assertArrayEquals(new int[] {2, 1}, x.pos(0));
        assertArrayEquals(new int[] {2, 2}, x.pos(1));
    }

    @Test
    void threeAgentsClaimingOneCellAllStay() {
        Fixture x = new Fixture(config(3, 1, 8, 100, false),
                state(new int[][] {{2, 2, 1}, {3, 1, 1}, {3, 3, 1}}, new int[][] {{6, 6, 1}}));
        x.legal(DOWN, RIGHT, LEFT);
        assertArrayEquals(new int[] {2, 2}, x.pos(0));
        assertArrayEquals(new int[] {3, 1}, x.pos(1));
        assertArrayEquals(new int[] {3, 3}, x.pos(2));
    }

    // ------------------------------------------------------------------ action mask

    @Test
    void maskInCornerForbidsMovesOffTheGrid() {
        Fixture x = new Fixture(config(1, 1, 8, 100, false), state(new int[][] {{7, 0, 1}}, new int[][] {{4, 4, 1}}));
        assertArrayEquals(new boolean[] {true, true, false, false, true, false}, x.mask(0));
    }

    @Test
    void maskForbidsOtherAgentsAndUneatenFoodAndAllowsLoadOnlyFourAdjacent() {
        // Agent 0 at (3,3): agent 1 above at (2,3), food below at (4,3), food diagonal at (2,4) does not allow LOAD
        // on its own, but the food below does.
        Fixture x = new Fixture(config(2, 2, 8, 100, false),
                state(new int[][] {{3, 3, 1}, {2, 3, 1}}, new int[][] {{4, 3, 1}, {2, 5, 1}}));
        assertArrayEquals(new boolean[] {true, false, false, true, true, true}, x.mask(0));
        // Agent 1 at (2,3): food (2,5) is two cells away, food (4,3) two rows away: no LOAD.
        assertArrayEquals(new boolean[] {true, true, false, true, true, false}, x.mask(1));
    }

    @Test
    void diagonalFoodDoesNotEnableLoad() {
        Fixture x = new Fixture(config(1, 1, 8, 100, false), state(new int[][] {{3, 3, 1}}, new int[][] {{4, 4, 1}}));
        assertFalse(x.mask(0)[LOAD]);
    }

    @Test
    void maskedActionIsRefusedByStepButIsANoOpWithStepIgnoringMask() {
        Fixture x = new Fixture(config(1, 1, 8, 100, false), state(new int[][] {{0, 0, 1}}, new int[][] {{4, 4, 1}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.env.step(new int[] {UP}, x.ts));
        assertTrue(e.getMessage().contains("agent 0") && e.getMessage().contains("masked"), e.getMessage());
        x.raw(UP);
        assertArrayEquals(new int[] {0, 0}, x.pos(0));
        assertEquals(1, x.ts.stepCount);
    }

    // ------------------------------------------------------------------ observation

    @Test
    void fullViewUsesAbsoluteCoordinatesAndFixedSlots() {
        // fov = G = 8: every entity visible with absolute coordinates; slots: foods, self, others in id order.
        Fixture x = new Fixture(config(3, 2, 8, 100, false),
                state(new int[][] {{0, 0, 1}, {7, 7, 2}, {3, 5, 1}}, new int[][] {{1, 6, 2}, {6, 1, 3}}));
        assertArrayEquals(new float[] {1, 6, 2, 6, 1, 3, 7, 7, 2, 0, 0, 1, 3, 5, 1}, x.view(1));
        assertArrayEquals(new float[] {1, 6, 2, 6, 1, 3, 3, 5, 1, 0, 0, 1, 7, 7, 2}, x.view(2));
    }

    @Test
    void partialViewOffsetsAreClippedAtTheTopLeftBorder() {
        // fov 2, agent 0 at (0,1): window corner clipped, offsets (min(2,0), min(2,1)) = (0,1).
        // Food at (2,3): dr=2, dc=2 -> visible at (2, 3). Agent 1 at (1,0): (1, 0). Food at (3,1): dr=3 -> hidden.
        Fixture x = new Fixture(config(2, 2, 2, 100, false),
                state(new int[][] {{0, 1, 1}, {1, 0, 2}}, new int[][] {{2, 3, 1}, {3, 1, 2}}));
        assertArrayEquals(new float[] {2, 3, 1, -1, -1, 0, 0, 1, 1, 1, 0, 2}, x.view(0));
    }

    @Test
    void partialViewAtBottomRightMatchesSpecExample() {
        // lbf.md 7: fov 2, G 8, agent at (7,7) uses offsets (2,2); an entity at (5,6) is shown as (0,1).
        // Entity at (4,7) is 3 rows away: hidden.
        Fixture x = new Fixture(config(2, 2, 2, 100, false),
                state(new int[][] {{7, 7, 2}, {4, 7, 1}}, new int[][] {{5, 6, 2}, {6, 4, 1}}));
        assertArrayEquals(new float[] {0, 1, 2, -1, -1, 0, 2, 2, 2, -1, -1, 0}, x.view(0));
    }

    @Test
    void visibilityIsChebyshevDistanceAtMostFov() {
        // Agent at (4,4), fov 2: (6,6) visible (distance 2), (6,7) hidden (distance 3 in columns).
        Fixture x = new Fixture(config(3, 1, 2, 100, false),
                state(new int[][] {{4, 4, 1}, {6, 6, 1}, {6, 7, 2}}, new int[][] {{2, 2, 1}}));
        assertArrayEquals(new float[] {0, 0, 1, 2, 2, 1, 4, 4, 1, -1, -1, 0}, x.view(0));
    }

    // ------------------------------------------------------------------ episode end

    @Test
    void eatingTheLastFoodTerminatesWithDiscountZero() {
        Fixture x = new Fixture(config(2, 1, 8, 100, true),
                state(new int[][] {{2, 2, 1}, {6, 6, 1}}, new int[][] {{2, 3, 1}})).legal(LOAD, NOOP);
        assertEquals(StepType.LAST, x.ts.stepType);
        assertTrue(x.ts.terminated);
        assertFalse(x.ts.truncated);
        assertArrayEquals(new float[] {0f, 0f}, x.ts.discount);
        assertArrayEquals(new float[] {1f, 1f}, x.ts.reward, 1e-7f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.env.step(new int[] {0, 0}, x.ts));
        assertTrue(e.getMessage().contains("finished"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> x.env.stepIgnoringMask(new int[] {0, 0}, x.ts));
    }

    @Test
    void timeLimitTruncatesWithDiscountOne() {
        Fixture x = new Fixture(config(1, 1, 8, 3, false), state(new int[][] {{0, 0, 1}}, new int[][] {{4, 4, 1}}));
        x.legal(NOOP).legal(NOOP);
        assertEquals(StepType.MID, x.ts.stepType);
        x.legal(NOOP);
        assertEquals(StepType.LAST, x.ts.stepType);
        assertEquals(3, x.ts.stepCount);
        assertTrue(x.ts.truncated);
        assertFalse(x.ts.terminated);
        assertEquals(1f, x.ts.discount[0]);
    }

    @Test
    void terminationWinsOverTruncationOnTheSameStep() {
        Fixture x = new Fixture(config(1, 1, 8, 2, false), state(new int[][] {{3, 3, 2}}, new int[][] {{3, 4, 2}}));
        x.legal(NOOP).legal(LOAD);
        assertEquals(StepType.LAST, x.ts.stepType);
        assertTrue(x.ts.terminated);
        assertFalse(x.ts.truncated);
        assertEquals(0f, x.ts.discount[0]);
    }

    @Test
    void fullTimeLimitEpisodeLastsExactlyOneHundredSteps() {
        LbfEnv env = (LbfEnv) new LbfEnvProvider().make("15x15-4p-5f", java.util.Map.of());
        TimeStep ts = new TimeStep(env.spec());
        env.reset(3, ts);
        int steps = 0;
        while (!ts.isLast()) {
            env.step(new int[] {NOOP, NOOP, NOOP, NOOP}, ts);
            steps++;
        }
        assertEquals(100, steps);
        assertTrue(ts.truncated);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void outOfRangeOrWrongLengthActionsAreRejected() {
        Fixture x = new Fixture(config(2, 1, 8, 100, false),
                state(new int[][] {{2, 2, 1}, {5, 5, 1}}, new int[][] {{3, 3, 1}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.env.stepIgnoringMask(new int[] {0, 6}, x.ts));
        assertTrue(e.getMessage().contains("agent 1") && e.getMessage().contains("0..5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.env.step(new int[] {-1, 0}, x.ts));
        assertThrows(IllegalArgumentException.class, () -> x.env.stepIgnoringMask(new int[] {0}, x.ts));
    }

    @Test
    void stepBeforeResetIsRefused() {
        LbfEnv env = new LbfEnv("lbf:test", config(1, 1, 8, 100, false));
        TimeStep ts = new TimeStep(env.spec());
        assertThrows(IllegalStateException.class, () -> env.step(new int[] {0}, ts));
        assertThrows(IllegalStateException.class, () -> env.stepIgnoringMask(new int[] {0}, ts));
        assertThrows(IllegalStateException.class, env::state);
    }

    @Test
    void impossibleExplicitStatesAreRejectedWithTheReason() {
        LbfEnv env = new LbfEnv("lbf:test", config(2, 1, 8, 100, false));
        TimeStep ts = new TimeStep(env.spec());
        assertRejected(env, ts, state(new int[][] {{2, 2, 1}, {2, 2, 1}}, new int[][] {{4, 4, 1}}), "share cell");
        assertRejected(env, ts, state(new int[][] {{2, 2, 1}, {8, 0, 1}}, new int[][] {{4, 4, 1}}), "off the 8x8 grid");
        assertRejected(env, ts, state(new int[][] {{2, 2, 1}, {4, 4, 1}}, new int[][] {{4, 4, 1}}), "uneaten food");
        assertRejected(env, ts, state(new int[][] {{2, 2, 1}}, new int[][] {{4, 4, 1}}), "N=2");
        LbfState allEaten = new LbfState(new int[] {1, 2}, new int[] {1, 2}, new int[] {1, 1}, new boolean[2],
                new int[] {4}, new int[] {4}, new int[] {1}, new boolean[] {true}, 0);
        assertRejected(env, ts, allEaten, "every food is eaten");
        LbfState late = new LbfState(new int[] {1, 2}, new int[] {1, 2}, new int[] {1, 1}, new boolean[2],
                new int[] {4}, new int[] {4}, new int[] {1}, new boolean[] {false}, 100);
        assertRejected(env, ts, late, "timeLimit=100");
        assertThrows(IllegalArgumentException.class, () -> state(new int[][] {{2, 2, 0}}, new int[][] {{4, 4, 1}}));
    }

    private static void assertRejected(LbfEnv env, TimeStep ts, LbfState s, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.loadState(s, ts));
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
    }

    @Test
    void explicitStateRoundTripsThroughStateSnapshot() {
        LbfState s = new LbfState(new int[] {1, 6}, new int[] {2, 0}, new int[] {2, 1}, new boolean[] {true, false},
                new int[] {3, 5}, new int[] {3, 5}, new int[] {1, 3}, new boolean[] {true, false}, 7);
        LbfEnv env = new LbfEnv("lbf:test", config(2, 2, 8, 100, false));
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, ts);
        assertEquals(s, env.state());
        assertEquals(7, ts.stepCount);
        assertEquals(StepType.MID, ts.stepType);
    }
}
