package org.magpo.envs.smax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;

/**
 * Unit-list observations, world state and availability masks (spec sections 8 and 9), checked index
 * by index on one hand-built 2-vs-2 state: a stalker and a zealot against a marine and a hydralisk.
 */
class SmaxObservationTest {
    private static final float EPS = 1e-6f;
    private static final float[] STALKER = {0, 0, 1, 0, 0, 0};
    private static final float[] ZEALOT = {0, 0, 0, 1, 0, 0};
    private static final float[] MARINE = {1, 0, 0, 0, 0, 0};
    private static final float[] HYDRALISK = {0, 0, 0, 0, 0, 1};
    private static final float[] ZERO13 = new float[13];

    private final SmaxEnv env = new SmaxEnv(SmaxScenario.fixed("sz_vs_mh", "sz", "mh"));
    private final TimeStep ts = new TimeStep(env.spec());

    /** unit 0 stalker (10,16), 1 zealot (12,17), 2 marine (15,16), 3 hydralisk (25,16). */
    private SmaxState handBuilt() {
        SmaxState s = SmaxState.blank(env.scenario()).place(0, 10f, 16f).place(1, 12f, 17f).place(2, 15f, 16f)
                .place(3, 25f, 16f);
        s.health[0] = 80f;
        s.cooldown[0] = -0.75f;
        s.prevMoveX[0] = 1f;
        s.cooldown[1] = 0.25f;
        s.prevMoveY[1] = -1f;
        s.health[2] = 30f;
        s.cooldown[2] = -2.5f;
        s.prevAttack[2] = 6;
        s.time = 7;
        return s;
    }

    private static float[] cat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int k = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, k, p.length);
            k += p.length;
        }
        return out;
    }

    private static float[] v(float... xs) {
        return xs;
    }

    private float[] obsOf(int agent) {
        int d = env.spec().obsDim();
        return Arrays.copyOfRange(ts.obs, agent * d, (agent + 1) * d);
    }

    @Test
    void sizesFollowTheFormula() {
        assertEquals(13 * 1 + 13 * 2 + 10, env.spec().obsDim());
        assertEquals(12 * 4, env.spec().stateDim());
        assertEquals(5 + 2, env.spec().numActions());
    }

    @Test
    void allyObservationListsAlliesThenEnemiesInAscendingOrderThenOwnFeatures() {
        env.loadState(handBuilt(), 1, ts);
        assertEquals(StepType.MID, ts.stepType);
        assertEquals(7, ts.stepCount);
        float[] expected0 = cat(
                // zealot (unit 1): health, dx/10, dy/10, prev move, prev attack, cooldown, type
                v(1f, 0.2f, 0.1f, 0f, -1f, 0f, 0.25f), ZEALOT,
                // marine (unit 2) at distance 5 < sight 10: raw previous attack 6 and raw cooldown
                v(30f / 45f, 0.5f, 0f, 0f, 0f, 6f, -2.5f), MARINE,
                // hydralisk (unit 3) at distance 15: invisible
                ZERO13,
                // own: health, x/32, y/32, cooldown, type
                v(0.5f, 10f / 32f, 0.5f, -0.75f), STALKER);
        assertArrayEquals(expected0, obsOf(0), EPS);
        float[] expected1 = cat(
                v(0.5f, -2f / 9f, -1f / 9f, 1f, 0f, 0f, -0.75f), STALKER,
                v(30f / 45f, 3f / 9f, -1f / 9f, 0f, 0f, 6f, -2.5f), MARINE,
                ZERO13, // distance 13.04 >= zealot sight 9
                v(1f, 12f / 32f, 17f / 32f, 0.25f), ZEALOT);
        assertArrayEquals(expected1, obsOf(1), EPS);
    }

    @Test
    void enemyObservationListsEnemiesThenAlliesInDescendingOrder() {
        env.loadState(handBuilt(), 1, ts);
        float[] obs = new float[env.spec().obsDim()];
        env.writeUnitObservation(2, obs, 0);
        float[] expected = cat(
                ZERO13, // hydralisk at distance 10 >= marine sight 9
                v(1f, -3f / 9f, 1f / 9f, 0f, -1f, 0f, 0.25f), ZEALOT,
                v(0.5f, -5f / 9f, 0f, 1f, 0f, 0f, -0.75f), STALKER,
                v(30f / 45f, 15f / 32f, 0.5f, -2.5f), MARINE);
        assertArrayEquals(expected, obs, EPS);
    }

    @Test
    void worldStateHoldsRawPositionsThenTeamsThenTypes() {
        env.loadState(handBuilt(), 1, ts);
        float[] expected = cat(
                v(0.5f, 10f, 16f, -0.75f), STALKER,
                v(1f, 12f, 17f, 0.25f), ZEALOT,
                v(30f / 45f, 15f, 16f, -2.5f), MARINE,
                v(1f, 25f, 16f, 0f), HYDRALISK,
                v(0f, 0f, 1f, 1f),
                v(2f, 3f, 0f, 5f));
        assertArrayEquals(expected, ts.state, EPS);
    }

    @Test
    void maskAllowsStopAlwaysMovesWhenAliveAndAttacksStrictlyInRange() {
        env.loadState(handBuilt(), 1, ts);
        boolean[] expected = {
                true, true, true, true, true, true, false, // stalker: marine at 5 < 6, hydralisk at 15
                true, true, true, true, true, false, false}; // zealot: marine at 3.16 >= 2
        assertArrayEquals(expected, ts.actionMask);
    }

    @Test
    void deadUnitsVanishFromObservationsStateAndMasks() {
        SmaxState s = handBuilt();
        s.health[1] = 0f; // the zealot ally
        s.health[2] = 0f; // the marine enemy
        env.loadState(s, 1, ts);
        float[] expected0 = cat(ZERO13, ZERO13, ZERO13, v(0.5f, 10f / 32f, 0.5f, -0.75f), STALKER);
        assertArrayEquals(expected0, obsOf(0), EPS);
        assertArrayEquals(new float[env.spec().obsDim()], obsOf(1), "a dead ally observes nothing");
        float[] unitState = Arrays.copyOfRange(ts.state, 10, 30);
        assertArrayEquals(new float[20], unitState, "dead units' features are zero in the world state");
        assertArrayEquals(v(0f, 0f, 1f, 1f, 2f, 3f, 0f, 5f), Arrays.copyOfRange(ts.state, 40, 48),
                "teams and types stay");
        boolean[] expected = {
                true, true, true, true, true, false, false,
                false, false, false, false, true, false, false};
        assertArrayEquals(expected, ts.actionMask);
        assertEquals(1f, ts.discount[0]);
        assertEquals(0f, ts.discount[1]);
    }
}
