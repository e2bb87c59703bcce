package org.magpo.envs.coordsum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;

class CoordSumEnvTest {

    private static CoordSumEnv env3x10() {
        return new CoordSumEnv("coordsum:3x10-30", CoordSumConfig.TASKS.get("3x10-30"));
    }

    @Test
    void rewardIsZeroWhenSumMisses() {
        CoordSumEnv env = env3x10();
        TimeStep ts = new TimeStep(env.spec());
        env.resetWithTargets(new int[] {5, 5}, ts);
        env.step(new int[] {1, 1, 1}, ts);
        assertArrayEquals(new float[] {0, 0, 0}, ts.reward);
    }

    @Test
    void rewardIsTwoOnFirstVisitWithNonZeroAgent0Action() {
        CoordSumEnv env = env3x10();
        TimeStep ts = new TimeStep(env.spec());
        env.resetWithTargets(new int[] {5}, ts);
        env.step(new int[] {3, 2, 0}, ts);
        assertArrayEquals(new float[] {2, 2, 2}, ts.reward);
    }

    @Test
    void rewardIsOneWhenAgent0RepeatsTheModeOfItsRow() {
        CoordSumEnv env = env3x10();
        TimeStep ts = new TimeStep(env.spec());
        env.resetWithTargets(new int[] {5, 5, 5}, ts);
        env.step(new int[] {3, 2, 0}, ts);
        env.step(new int[] {3, 0, 2}, ts);
        assertEquals(1f, ts.reward[0]);
        env.step(new int[] {4, 0, 1}, ts);
        assertEquals(2f, ts.reward[0]);
    }

    @Test
    void missedStepsStillRecordAgent0Action() {
        CoordSumEnv env = env3x10();
        TimeStep ts = new TimeStep(env.spec());
        env.resetWithTargets(new int[] {6, 6}, ts);
        env.step(new int[] {4, 0, 0}, ts); // sum 4 != 6
        assertEquals(0f, ts.reward[0]);
        assertEquals(1, env.historyCount(6, 4));
        assertEquals(4, env.guess(6));
        env.step(new int[] {4, 1, 1}, ts);
        assertEquals(1f, ts.reward[0]);
    }

    @Test
    void targetsAboveKMinusOneShareTheClampedRow() {
        CoordSumEnv env = env3x10();
        TimeStep ts = new TimeStep(env.spec());
        env.resetWithTargets(new int[] {12, 25}, ts);
        env.step(new int[] {9, 3, 0}, ts); // row 9 records 9
        assertEquals(2f, ts.reward[0]);
        env.step(new int[] {9, 9, 7}, ts); // target 25 reads row 9 too: guess 9
        assertEquals(1f, ts.reward[0]);
        assertEquals(2, env.historyCount(9, 9));
    }

    @Test
    void strictHistoryGivesEveryTargetItsOwnRow() {
        CoordSumEnv env = new CoordSumEnv("coordsum:3x10-30",
                CoordSumConfig.TASKS.get("3x10-30").withStrictHistory(true));
        TimeStep ts = new TimeStep(env.spec());
        env.resetWithTargets(new int[] {12, 25}, ts);
        env.step(new int[] {9, 3, 0}, ts);
        env.step(new int[] {9, 9, 7}, ts); // row 25 is empty: guess 0
        assertEquals(2f, ts.reward[0]);
        assertEquals(1, env.historyCount(12, 9));
        assertEquals(1, env.historyCount(25, 9));
    }

    @Test
    void tiesGoToTheLowestActionValue() {
        CoordSumEnv env = env3x10();
        TimeStep ts = new TimeStep(env.spec());
        env.resetWithTargets(new int[] {8, 8, 8}, ts);
        env.step(new int[] {6, 2, 0}, ts);
        env.step(new int[] {2, 6, 0}, ts);
        assertEquals(2, env.guess(8));
        env.step(new int[] {2, 6, 0}, ts);
        assertEquals(1f, ts.reward[0]);
    }

    @Test
    void targetZeroAlwaysPaysOne() {
        CoordSumEnv env = env3x10();
        TimeStep ts = new TimeStep(env.spec());
        env.resetWithTargets(new int[] {0, 0, 0}, ts);
        for (int s = 0; s < 3; s++) {
            env.step(new int[] {0, 0, 0}, ts);
            assertEquals(1f, ts.reward[0]);
        }
    }

    @Test
    void episodeEndsAtTimeLimitWithDiscountZeroAndFinalTargetObserved() {
        CoordSumEnv env = env3x10();
        TimeStep ts = new TimeStep(env.spec());
        int[] targets = new int[101];
        targets[100] = 17;
        env.resetWithTargets(targets, ts);
        for (int s = 0; s < 99; s++) {
            env.step(new int[] {0, 0, 0}, ts);
            assertEquals(StepType.MID, ts.stepType);
            assertEquals(1f, ts.discount[0]);
        }
        env.step(new int[] {0, 0, 0}, ts);
        assertEquals(StepType.LAST, ts.stepType);
        assertTrue(ts.terminated);
        assertEquals(100, ts.stepCount);
        assertArrayEquals(new float[] {0, 0, 0}, ts.discount);
        assertArrayEquals(new float[] {17, 17, 17}, ts.obs);
        assertThrows(IllegalStateException.class, () -> env.step(new int[] {0, 0, 0}, ts));
    }

    @Test
    void observationStateAndMaskFollowMava() {
        CoordSumEnv env = env3x10();
        EnvSpec spec = env.spec();
        assertEquals(3, spec.numAgents());
        assertEquals(1, spec.obsDim());
        assertEquals(3, spec.stateDim());
        assertEquals(10, spec.numActions());
        assertEquals(100, spec.timeLimit());
        TimeStep ts = new TimeStep(spec);
        env.resetWithTargets(new int[] {21, 4}, ts);
        assertEquals(StepType.FIRST, ts.stepType);
        assertEquals(0, ts.stepCount);
        assertArrayEquals(new float[] {21, 21, 21}, ts.obs);
        assertArrayEquals(new float[] {21, 21, 21}, ts.state);
        for (boolean legal : ts.actionMask) {
            assertTrue(legal);
        }
    }

    @Test
    void registryWrapsWithOneHotAgentIdGivingNPlusOneFeatures() {
        MultiAgentEnv env = Envs.make("coordsum:5x20-80");
        assertEquals(6, env.spec().obsDim());
        TimeStep ts = new TimeStep(env.spec());
        env.reset(3, ts);
        float g = ts.obs[5];
        assertTrue(g >= 0 && g < 80 && g == Math.rint(g), "target " + g);
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, g}, java.util.Arrays.copyOfRange(ts.obs, 12, 18));
    }

    @Test
    void resetDrawsTargetsFromTheSeedOnly() {
        MultiAgentEnv a = Envs.make("coordsum:3x30-50", Map.of(), false);
        MultiAgentEnv b = Envs.make("coordsum:3x30-50", Map.of(), false);
        TimeStep ta = new TimeStep(a.spec());
        TimeStep tb = new TimeStep(b.spec());
        int[] zeros = {0, 0, 0};
        a.reset(11, ta);
        b.reset(11, tb);
        boolean differsFromOtherSeed = false;
        MultiAgentEnv c = Envs.make("coordsum:3x30-50", Map.of(), false);
        TimeStep tc = new TimeStep(c.spec());
        c.reset(12, tc);
        for (int s = 0; s < 100; s++) {
            assertEquals(ta.obs[0], tb.obs[0]);
            differsFromOtherSeed |= ta.obs[0] != tc.obs[0];
            a.step(zeros, ta);
            b.step(zeros, tb);
            c.step(zeros, tc);
        }
        assertTrue(differsFromOtherSeed);
    }

    @Test
    void targetsAreUniformOverZeroToMaxValMinusOne() {
        CoordSumEnv env = new CoordSumEnv("coordsum:3x10-30", CoordSumConfig.TASKS.get("3x10-30"));
        TimeStep ts = new TimeStep(env.spec());
        int[] hist = new int[30];
        int[] zeros = {0, 0, 0};
        int draws = 0;
        for (long seed = 0; seed < 300; seed++) {
            env.reset(seed, ts);
            for (int s = 0; s < 100; s++) {
                hist[(int) ts.obs[0]]++;
                draws++;
                env.step(zeros, ts);
            }
        }
        // 30,000 draws, 1,000 expected per value; 6 sigma of a binomial(30000, 1/30) is about 190.
        for (int v = 0; v < 30; v++) {
            assertTrue(Math.abs(hist[v] - draws / 30.0) < 190, "value " + v + " drawn " + hist[v] + " times");
        }
    }

    @Test
    void providerRejectsUnknownOptionsAndBadValues() {
        CoordSumProvider p = new CoordSumProvider();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.make("3x10-30", Map.of("strict", "true")));
        assertTrue(e.getMessage().contains("strict"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.make("3x10-30", Map.of("strictHistory", "yes")));
        assertTrue(e.getMessage().contains("strictHistory") && e.getMessage().contains("yes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.make("4x4-4", Map.of()));
        assertTrue(e.getMessage().contains("3x10-30"), e.getMessage());
        CoordSumEnv strict = (CoordSumEnv) p.make("8x15-100", Map.of("strictHistory", "true", "timeLimit", "7"));
        assertTrue(strict.config().strictHistory());
        assertEquals(7, strict.spec().timeLimit());
        assertFalse(((CoordSumEnv) p.make("8x15-100", Map.of())).config().strictHistory());
    }

    @Test
    void configRejectsNonPositiveSizesNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CoordSumConfig(3, 0, 30, 100, false));
        assertTrue(e.getMessage().contains("numActions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CoordSumConfig(3, 10, 30, 0, false));
        assertTrue(e.getMessage().contains("timeLimit"), e.getMessage());
    }

    @Test
    void explicitTargetsOutOfRangeAreRejected() {
        CoordSumEnv env = env3x10();
        TimeStep ts = new TimeStep(env.spec());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> env.resetWithTargets(new int[] {3, 30}, ts));
        assertTrue(e.getMessage().contains("targets[1]") && e.getMessage().contains("30"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> env.resetWithTargets(new int[102], ts));
    }

    @Test
    void oracleNeverRepeatsTheGuessOnAFreeTarget() {
        CoordSumConfig cfg = CoordSumConfig.TASKS.get("3x30-50");
        CoordSumEnv env = new CoordSumEnv("coordsum:3x30-50", cfg);
        CoordSumOracle oracle = new CoordSumOracle(cfg);
        TimeStep ts = new TimeStep(env.spec());
        int[] a = new int[3];
        env.reset(5, ts);
        oracle.reset();
        while (!ts.isLast()) {
            int g = env.currentTarget();
            int guess = env.guess(cfg.historyRow(g));
            oracle.act(g, a);
            assertEquals(g, a[0] + a[1] + a[2], "oracle sum for target " + g);
            if (g != 0) {
                assertNotEquals(guess, a[0], "target " + g);
            }
            env.step(a, ts);
            assertEquals(g == 0 ? 1f : 2f, ts.reward[0]);
        }
    }
}
