package org.magpo.envs.smax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;

/**
 * World rules on hand-built states (spec sections 4, 5, 7): movement, walls, attacks, cooldowns,
 * simultaneous damage, push, win / loss / draw / timeout and the shaped reward. Enemies are placed so
 * that their heuristic choice is known (far away, they walk to their mirrored default target).
 */
class SmaxEnvRulesTest {
    private static final float EPS = 1e-5f;
    private static final int STOP = 4;
    private static final int NORTH = 0;
    private static final int EAST = 1;
    private static final int WEST = 3;

    private static SmaxEnv env(String allies, String enemies) {
        return new SmaxEnv(SmaxScenario.fixed("test", allies, enemies));
    }

    private static SmaxState blank(SmaxEnv env) {
        return SmaxState.blank(env.scenario());
    }

    private static SmaxState stateOf(SmaxEnv env) {
        SmaxState s = blank(env);
        env.copyState(s);
        return s;
    }

    @Test
    void moveAdvancesHalfTheSpeedPerEnvStep() {
        SmaxEnv env = env("m", "m");
        SmaxState s = blank(env).place(0, 8f, 16f).place(1, 24f, 16f);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {EAST}, ts);
        SmaxState after = stateOf(env);
        assertEquals(8f + 3.15f / 2, after.x[0], EPS, "marine moves 1.575 east");
        assertEquals(16f, after.y[0], EPS);
        // The enemy saw nobody (distance 16 > sight 9) and walked west toward its mirrored target (8, 16).
        assertEquals(24f - 3.15f / 2, after.x[1], EPS);
        assertEquals(8f, after.enemyTargetX[0], EPS);
        assertEquals(16f, after.enemyTargetY[0], EPS);
        assertEquals(1f, after.prevMoveX[0]);
        assertEquals(0f, after.prevMoveY[0]);
        assertEquals(0, after.prevAttack[0]);
        assertSame(StepType.MID, ts.stepType);
        assertEquals(0f, ts.reward[0]);
    }

    @Test
    void stalkerMovesFasterThanMarine() {
        SmaxEnv env = env("sm", "m");
        SmaxState s = blank(env).place(0, 8f, 10f).place(1, 8f, 20f).place(2, 28f, 16f);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {NORTH, NORTH}, ts);
        SmaxState after = stateOf(env);
        assertEquals(10f + 4.13f / 2, after.y[0], EPS);
        assertEquals(20f + 3.15f / 2, after.y[1], EPS);
    }

    @Test
    void wallKillsAUnitThatReachesTheBorder() {
        SmaxEnv env = env("mm", "m");
        SmaxState s = blank(env).place(0, 0.5f, 16f).place(1, 8f, 16f).place(2, 28f, 16f);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {WEST, STOP}, ts);
        SmaxState after = stateOf(env);
        assertEquals(0f, after.x[0], EPS, "position is clipped at the wall");
        assertEquals(0f, after.health[0], "touching the wall kills");
        assertFalse(after.alive(0));
        assertEquals(0f, ts.discount[0], "dead ally has discount 0");
        assertEquals(1f, ts.discount[1]);
        assertSame(StepType.MID, ts.stepType);
    }

    @Test
    void lastAllyDyingAtTheWallLosesWithoutPenalty() {
        SmaxEnv env = env("m", "m");
        SmaxState s = blank(env).place(0, 0.5f, 16f).place(1, 28f, 16f);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {WEST}, ts);
        assertSame(StepType.LAST, ts.stepType);
        assertTrue(ts.terminated);
        assertFalse(ts.truncated);
        assertSame(BattleOutcome.LOST, env.outcome());
        assertFalse(env.won());
        assertEquals(0f, ts.reward[0], "no penalty for losing");
    }

    @Test
    void enemyWalkingIntoTheWallCountsAsDamageDealt() {
        SmaxEnv env = env("m", "mm");
        SmaxState s = blank(env).place(0, 8f, 16f).place(1, 0.1f, 30f).place(2, 28f, 16f);
        // Enemy 0 already has a default target far west, so it walks west into the wall.
        s.enemyTargetX[0] = -10f;
        s.enemyTargetY[0] = 30f;
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {STOP}, ts);
        assertEquals(0f, stateOf(env).health[1]);
        assertEquals(1f / 2, ts.reward[0], EPS, "a full-health enemy lost: 45/45 over nE = 2");
    }

    @Test
    void attackHitsOnceAndSetsAJitteredCooldown() {
        SmaxEnv env = env("m", "mm");
        // Enemy 1 (unit 1) in range 4.5; enemy 2 far away walking off.
        SmaxState s = blank(env).place(0, 10f, 16f).place(1, 14.5f, 16f).place(2, 30f, 30f);
        s.health[1] = 45f;
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        assertTrue(ts.actionMask[5], "enemy 0 at distance 4.5 < 5 is attackable");
        env.step(new int[] {5}, ts);
        SmaxState after = stateOf(env);
        assertEquals(45f - 9f, after.health[1], EPS, "one marine shot per env step: cooldown 0.61 > 7/16");
        // Cooldown set at sub-step 0 to 0.61 + U(-1/16, 2/16), then 7 idle decrements of 1/16.
        float c = after.cooldown[0];
        assertTrue(c >= 0.61f - 1f / 16 - 7f / 16 - EPS && c < 0.61f + 2f / 16 - 7f / 16 + EPS, "cooldown " + c);
        assertEquals(5, after.prevAttack[0]);
        assertEquals(0f, after.prevMoveX[0]);
        // The enemy marine shot back (closest shootable ally): the ally lost 9 too, no reward for that.
        assertEquals(45f - 9f, after.health[0], EPS);
        assertEquals(9f / 45f / 2f, ts.reward[0], EPS, "reward = damage / max health / nE");
    }

    @Test
    void cooldownGatesTheNextShotAndKeepsFallingWithoutClamp() {
        SmaxEnv env = env("m", "mm");
        SmaxState s = blank(env).place(0, 10f, 16f).place(1, 30f, 2f).place(2, 30f, 30f);
        s.cooldown[0] = 0.3f;
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {STOP}, ts);
        env.step(new int[] {STOP}, ts);
        env.step(new int[] {STOP}, ts);
        assertEquals(0.3f - 24f / 16f, stateOf(env).cooldown[0], EPS, "1/16 per sub-step, never clamped at 0");

        // A loaded cooldown above 0 delays the shot: 0.3 needs 5 sub-steps to reach <= 0 (0.3 - 5/16 < 0).
        SmaxState t = blank(env).place(0, 10f, 16f).place(1, 14.5f, 16f).place(2, 30f, 30f);
        t.cooldown[0] = 0.3f;
        t.cooldown[1] = 100f; // the target cannot shoot back
        env.loadState(t, 1, ts);
        env.step(new int[] {5}, ts);
        SmaxState after = stateOf(env);
        assertEquals(36f, after.health[1], EPS, "shot once, at sub-step 5");
        float c = after.cooldown[0];
        // Set at sub-step 5 (of 0..7), then 2 decrements.
        assertTrue(c >= 0.61f - 1f / 16 - 2f / 16 - EPS && c < 0.61f + 2f / 16 - 2f / 16 + EPS, "cooldown " + c);
        assertEquals(100f - 8f / 16f, after.cooldown[1], EPS, "the enemy's blocked attack still costs 1/16 per sub-step");
        assertEquals(45f, after.health[0], "the enemy with a huge cooldown never fired");
    }

    @Test
    void attackRangeIsCheckedAgainstPositionsAtTheSubStepStart() {
        SmaxEnv env = env("m", "m");
        // The enemy shoots at 4.9; the ally walks away: after one sub-step the distance is 5.097 >= 5.
        SmaxState s = blank(env).place(0, 10f, 16f).place(1, 14.9f, 16f);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {WEST}, ts);
        SmaxState after = stateOf(env);
        assertEquals(36f, after.health[0], EPS, "the sub-step-0 shot used the positions before moving");
        assertEquals(5 + 0, after.prevAttack[1], "the enemy attacked its slot 0 = ally nA-1-0");
    }

    @Test
    void attackAtExactlyTheRangeIsMasked() {
        SmaxEnv env = env("m", "m");
        SmaxState s = blank(env).place(0, 10f, 16f).place(1, 15f, 16f);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        assertFalse(ts.actionMask[5], "distance 5 is not strictly below the marine range 5");
    }

    @Test
    void damageIsSummedAndHealthStopsAtZero() {
        SmaxEnv env = env("ss", "zm");
        // Both stalkers (13 each) shoot the zealot with 20 health; the marine is far away.
        SmaxState s = blank(env).place(0, 10f, 15f).place(1, 10f, 17f).place(2, 14f, 16f).place(3, 30f, 30f);
        s.health[2] = 20f;
        s.cooldown[2] = 100f;
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {5, 5}, ts);
        SmaxState after = stateOf(env);
        assertEquals(0f, after.health[2], "26 damage on 20 health leaves 0, not -6");
        assertFalse(after.alive(2));
        assertEquals(20f / 150f / 2f, ts.reward[0], EPS, "only the health actually lost counts");
        assertEquals(ts.reward[0], ts.reward[1], "the reward is shared");
    }

    @Test
    void deadUnitsAreNeitherTargetedNorAbleToAct() {
        SmaxEnv env = env("mm", "mm");
        // Dead ally 0 sits 4 from enemy 0 (shootable if it were alive); ally 1 is 5.66 away (visible only).
        SmaxState s = blank(env).place(0, 10f, 16f).place(1, 10f, 20f).place(2, 14f, 16f).place(3, 30f, 30f);
        s.health[0] = 0f;
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        for (int a = 0; a < env.spec().numActions(); a++) {
            assertEquals(a == STOP, ts.actionMask[a], "dead ally may only stop, action " + a);
        }
        env.step(new int[] {STOP, STOP}, ts);
        SmaxState after = stateOf(env);
        assertEquals(0, after.prevAttack[2], "the enemy did not attack the dead ally");
        assertEquals(-1, after.enemyLastAttacked[0]);
        assertEquals(16f + 3.15f / 2, after.y[2], EPS, "it chased the only visible (live) ally: N wins the N/W tie");
        assertEquals(45f, after.health[1]);
        assertEquals(0f, after.health[0]);
    }

    @Test
    void overlappingUnitsArePushedApartHalfTheOverlapEach() {
        SmaxEnv env = env("mm", "m");
        SmaxState s = blank(env).place(0, 10f, 16f).place(1, 10.5f, 16f).place(2, 30f, 30f);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {STOP, STOP}, ts);
        SmaxState after = stateOf(env);
        // overlap = 0.75 / (0.5 + 1e-6) - 1; each moves 0.5 * overlap / 2 = 0.125 away; then they just touch.
        double overlap = 0.75 / (0.5 + 1e-6) - 1;
        assertEquals(10 - 0.25 * overlap, after.x[0], EPS);
        assertEquals(10.5 + 0.25 * overlap, after.x[1], EPS);
        assertEquals(16f, after.y[0], EPS);
    }

    @Test
    void deadUnitsStillPushAndGetPushed() {
        SmaxEnv env = env("mm", "mm");
        SmaxState s = blank(env).place(0, 10f, 16f).place(1, 10.5f, 16f).place(2, 30f, 30f).place(3, 30f, 2f);
        s.health[1] = 0f;
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {STOP, STOP}, ts);
        SmaxState after = stateOf(env);
        double overlap = 0.75 / (0.5 + 1e-6) - 1;
        assertEquals(10 - 0.25 * overlap, after.x[0], EPS);
        assertEquals(10.5 + 0.25 * overlap, after.x[1], EPS);
    }

    @Test
    void deadEnemyWalksNorthTowardTheMirrorOfTheOrigin() {
        SmaxEnv env = env("m", "mm");
        SmaxState s = blank(env).place(0, 8f, 4f).place(1, 20f, 10f).place(2, 30f, 30f);
        s.health[1] = 0f;
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {STOP}, ts);
        SmaxState after = stateOf(env);
        // It reads its own position as (0,0): default target (32,32), N and E tie, N wins.
        assertEquals(32f, after.enemyTargetX[0]);
        assertEquals(32f, after.enemyTargetY[0]);
        assertEquals(20f, after.x[1], EPS);
        assertEquals(10f + 3.15f / 2, after.y[1], EPS, "dead units still move");
    }

    @Test
    void killingTheLastEnemyWinsWithTheBonus() {
        SmaxEnv env = env("mm", "m");
        SmaxState s = blank(env).place(0, 10f, 16f).place(1, 10f, 24f).place(2, 14f, 16f);
        s.health[2] = 5f;
        s.health[1] = 0f; // a dead ally: still gets the shared reward
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {5, STOP}, ts);
        assertSame(StepType.LAST, ts.stepType);
        assertTrue(ts.terminated);
        assertSame(BattleOutcome.WON, env.outcome());
        assertTrue(env.won());
        float expected = 5f / 45f + 1f;
        assertEquals(expected, ts.reward[0], EPS);
        assertEquals(expected, ts.reward[1], EPS, "dead allies keep receiving the shared reward");
        assertTrue(ts.reward[0] >= 1f && ts.reward[1] >= 1f, "Mava's win rule: every ally's reward >= 1");
        assertEquals(1f, ts.discount[0], "alive allies keep discount 1 on the LAST step (Mava)");
        assertEquals(0f, ts.discount[1]);
    }

    @Test
    void bothTeamsDyingInOneStepIsADrawWithoutBonus() {
        SmaxEnv env = env("m", "m");
        SmaxState s = blank(env).place(0, 10f, 16f).place(1, 14f, 16f);
        s.health[0] = 9f;
        s.health[1] = 9f;
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        env.step(new int[] {5}, ts);
        assertSame(BattleOutcome.DRAW, env.outcome());
        assertTrue(ts.terminated);
        assertEquals(9f / 45f, ts.reward[0], EPS, "damage only, no win bonus");
        assertFalse(env.won());
        assertEquals(0f, ts.discount[0]);
    }

    @Test
    void theStepTakenAtTime100TimesOut() {
        SmaxEnv env = env("m", "m");
        SmaxState s = blank(env).place(0, 4f, 4f).place(1, 28f, 28f);
        s.time = 99;
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(s, 1, ts);
        assertEquals(99, ts.stepCount);
        env.step(new int[] {STOP}, ts);
        assertSame(StepType.MID, ts.stepType, "time 99 -> 100 is not terminal yet");
        assertEquals(100, ts.stepCount);
        env.step(new int[] {STOP}, ts);
        assertSame(StepType.LAST, ts.stepType, "the 101st step ends the episode");
        assertTrue(ts.truncated);
        assertFalse(ts.terminated);
        assertEquals(101, ts.stepCount);
        assertSame(BattleOutcome.TIMEOUT, env.outcome());
        assertEquals(0f, ts.reward[0], "no reward on timeout");
        assertEquals(1f, ts.discount[0]);
        assertEquals(101, env.spec().timeLimit());
    }

    @Test
    void standardResetStartsBothTeamsAroundTheirSpawnPointsAtFullHealth() {
        SmaxEnv env = new SmaxEnv(SmaxScenario.named("3s_vs_5z"));
        TimeStep ts = new TimeStep(env.spec());
        for (long seed = 0; seed < 20; seed++) {
            env.reset(seed, ts);
            SmaxState s = stateOf(env);
            assertSame(StepType.FIRST, ts.stepType);
            assertEquals(0, s.time);
            for (int u = 0; u < s.numUnits(); u++) {
                float cx = u < 3 ? 8f : 24f;
                // U(-2,2) noise plus the reset push (at most half of 4 overlaps of radius sum 1).
                assertTrue(Math.abs(s.x[u] - cx) <= 4f && Math.abs(s.y[u] - 16f) <= 4f, "unit " + u);
                assertEquals(UnitType.of(s.type[u]).maxHealth, s.health[u]);
                assertEquals(0f, s.cooldown[u]);
                assertEquals(u < 3 ? 2 : 3, s.type[u]);
            }
            for (int k = 0; k < 5; k++) {
                assertEquals(-1, s.enemyLastAttacked[k]);
                assertEquals(0f, s.enemyTargetX[k]);
            }
        }
    }

    @Test
    void sameSeedAndActionsGiveTheSameEpisode() {
        SmaxEnv a = new SmaxEnv(SmaxScenario.named("smacv2_5_units"));
        SmaxEnv b = new SmaxEnv(SmaxScenario.named("smacv2_5_units"));
        TimeStep ta = new TimeStep(a.spec());
        TimeStep tb = new TimeStep(b.spec());
        a.reset(77, ta);
        b.reset(77, tb);
        int[] actions = new int[5];
        while (!ta.isLast()) {
            for (int i = 0; i < 5; i++) {
                actions[i] = firstLegalAttackOr(ta, i, a.spec().numActions(), (ta.stepCount + i) % 4);
            }
            a.step(actions, ta);
            b.step(actions, tb);
            assertTrue(Arrays.equals(ta.obs, tb.obs), "obs at step " + ta.stepCount);
            assertEquals(ta.reward[0], tb.reward[0]);
        }
        assertTrue(tb.isLast());
    }

    private static int firstLegalAttackOr(TimeStep ts, int agent, int numActions, int move) {
        for (int k = 5; k < numActions; k++) {
            if (ts.actionMask[agent * numActions + k]) {
                return k;
            }
        }
        return ts.actionMask[agent * numActions + move] ? move : STOP;
    }
}
