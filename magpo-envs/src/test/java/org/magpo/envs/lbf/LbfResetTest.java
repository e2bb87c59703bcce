package org.magpo.envs.lbf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;

/**
 * The reset distribution of lbf.md section 3: invariants on every task, the agent-placement row-ban quirk
 * (and the option turning it off), and fixed-seed statistical checks of the uniform draws.
 */
class LbfResetTest {

    private static LbfEnv make(String task, Map<String, String> options) {
        return (LbfEnv) new LbfEnvProvider().make(task, options);
    }

    @Test
    void everyTaskResetSatisfiesTheGeneratorInvariants() {
        for (String task : LbfEnvProvider.TASKS) {
            LbfEnv env = make(task, Map.of());
            LbfConfig c = env.config();
            int g = c.gridSize();
            TimeStep ts = new TimeStep(env.spec());
            boolean sawEdgeRowAgent = false;
            for (long seed = 0; seed < 3000; seed++) {
                env.reset(seed, ts);
                LbfState s = env.state();
                String w = task + " seed " + seed + ": " + s;
                assertEquals(StepType.FIRST, ts.stepType, w);
                assertEquals(0, ts.stepCount, w);
                int[] fr = s.foodRow();
                int[] fc = s.foodCol();
                int[] ar = s.agentRow();
                int[] ac = s.agentCol();
                int[] al = s.agentLevel();
                boolean[] banned = new boolean[g];
                for (int f = 0; f < c.numFood(); f++) {
                    assertTrue(fr[f] >= 1 && fr[f] <= g - 2 && fc[f] >= 1 && fc[f] <= g - 2, "food interior: " + w);
                    for (int k = 0; k < f; k++) {
                        int d = Math.abs(fr[f] - fr[k]) + Math.abs(fc[f] - fc[k]);
                        assertTrue(d >= 2, "foods neither shared nor 4-adjacent: " + w);
                    }
                    banned[fr[f]] = true;
                    banned[fc[f]] = true;
                    assertFalse(s.foodEaten()[f], w);
                }
                assertFalse(banned[0] || banned[g - 1], "edge rows are never banned: " + w);
                int cap = lowestThreeSum(al);
                for (int i = 0; i < c.numAgents(); i++) {
                    assertTrue(al[i] >= 1 && al[i] <= c.maxAgentLevel(), w);
                    assertFalse(banned[ar[i]], "agent " + i + " in a banned row: " + w);
                    assertFalse(s.agentLoading()[i], w);
                    sawEdgeRowAgent |= ar[i] == 0 || ar[i] == g - 1;
                    for (int j = 0; j < i; j++) {
                        assertFalse(ar[i] == ar[j] && ac[i] == ac[j], "agents share a cell: " + w);
                    }
                }
                for (int f = 0; f < c.numFood(); f++) {
                    int level = s.foodLevel()[f];
                    if (c.forceCoop()) {
                        assertEquals(cap, level, "coop food level = sum of lowest levels: " + w);
                    } else {
                        assertTrue(level >= 1 && level <= cap, "food level in 1..cap: " + w);
                    }
                }
            }
            assertTrue(sawEdgeRowAgent, task + ": agents should start in the edge rows sometimes");
        }
    }

    private static int lowestThreeSum(int[] levels) {
        int[] l = levels.clone();
        java.util.Arrays.sort(l);
        int sum = 0;
        for (int i = 0; i < Math.min(3, l.length); i++) {
            sum += l[i];
        }
        return sum;
    }

    @Test
    void rowBanOffLetsAgentsStartInFoodRowsButNeverOnFood() {
        LbfEnv env = make("2s-8x8-2p-2f-coop", Map.of("agentRowBan", "false"));
        TimeStep ts = new TimeStep(env.spec());
        int inBannedRow = 0;
        for (long seed = 0; seed < 2000; seed++) {
            env.reset(seed, ts);
            LbfState s = env.state();
            for (int i = 0; i < 2; i++) {
                for (int f = 0; f < 2; f++) {
                    assertFalse(s.agentRow()[i] == s.foodRow()[f] && s.agentCol()[i] == s.foodCol()[f], s.toString());
                    if (s.agentRow()[i] == s.foodRow()[f] || s.agentRow()[i] == s.foodCol()[f]) {
                        inBannedRow++;
                    }
                }
            }
        }
        // At least 2 of 8 rows are banned by the quirk; without it agents land there about a quarter of the time.
        assertTrue(inBannedRow > 500, "agents in food rows with the quirk off: " + inBannedRow);
    }

    @Test
    void resetIsAPureFunctionOfTheSeed() {
        LbfEnv a = make("15x15-4p-5f", Map.of());
        LbfEnv b = make("15x15-4p-5f", Map.of());
        TimeStep ta = new TimeStep(a.spec());
        TimeStep tb = new TimeStep(b.spec());
        a.reset(99, ta);
        b.reset(5, tb);
        b.reset(99, tb);
        assertEquals(a.state(), b.state());
        assertArrayEquals(ta.obs, tb.obs);
        assertArrayEquals(ta.actionMask, tb.actionMask);
        b.reset(100, tb);
        assertNotEquals(a.state(), b.state());
    }

    @Test
    void agentLevelsAreUniformAndCoopFoodLevelFollowsTheirSum() {
        // 2 agents, levels uniform in {1,2}: coop food level = l0 + l1 is 2, 3, 4 with probabilities 1/4, 1/2, 1/4.
        LbfEnv env = make("8x8-2p-2f-coop", Map.of());
        TimeStep ts = new TimeStep(env.spec());
        int resets = 20000;
        int[] capCount = new int[5];
        int levelTwo = 0;
        for (long seed = 0; seed < resets; seed++) {
            env.reset(seed, ts);
            LbfState s = env.state();
            capCount[s.foodLevel()[0]]++;
            levelTwo += (s.agentLevel()[0] == 2 ? 1 : 0) + (s.agentLevel()[1] == 2 ? 1 : 0);
        }
        assertWithinSigmas(levelTwo, 2 * resets, 0.5, "agent level 2");
        assertWithinSigmas(capCount[2], resets, 0.25, "coop level 2");
        assertWithinSigmas(capCount[3], resets, 0.5, "coop level 3");
        assertWithinSigmas(capCount[4], resets, 0.25, "coop level 4");
    }

    @Test
    void nonCoopFoodLevelsAreUniformUpToTheCap() {
        // 3 agents with max level 2: cap = sum of all three levels; each food level uniform in 1..cap.
        LbfEnv env = make("10x10-3p-3f", Map.of());
        TimeStep ts = new TimeStep(env.spec());
        int draws = 0;
        int atCap = 0;
        int atOne = 0;
        double expectedAtCap = 0;
        for (long seed = 0; seed < 20000; seed++) {
            env.reset(seed, ts);
            LbfState s = env.state();
            int cap = lowestThreeSum(s.agentLevel());
            for (int f = 0; f < 3; f++) {
                int level = s.foodLevel()[f];
                draws++;
                atCap += level == cap ? 1 : 0;
                atOne += level == 1 ? 1 : 0;
                expectedAtCap += 1.0 / cap;
            }
        }
        double p = expectedAtCap / draws;
        assertWithinSigmas(atCap, draws, p, "food level == cap");
        assertWithinSigmas(atOne, draws, p, "food level == 1");
    }

    @Test
    void firstFoodIsUniformOverInteriorCells() {
        LbfEnv env = make("2s-8x8-2p-2f-coop", Map.of());
        TimeStep ts = new TimeStep(env.spec());
        int resets = 36 * 600;
        int[] count = new int[64];
        for (long seed = 0; seed < resets; seed++) {
            env.reset(seed, ts);
            LbfState s = env.state();
            count[s.foodRow()[0] * 8 + s.foodCol()[0]]++;
        }
        double chi2 = 0;
        for (int r = 1; r <= 6; r++) {
            for (int c = 1; c <= 6; c++) {
                double d = count[r * 8 + c] - 600.0;
                chi2 += d * d / 600.0;
            }
        }
        // 35 degrees of freedom: P(chi2 > 75) ~ 1e-4.
        assertTrue(chi2 < 75, "chi2 of the first food's cell over 36 interior cells = " + chi2);
    }

    @Test
    void agentCellIsUniformOverTheCellsTheRowBanLeaves() {
        // Probability-integral transform: the rank of agent 0's cell among the allowed cells (row-major),
        // divided by their count, must be uniform on [0, 1) whatever the foods' layout.
        LbfEnv env = make("15x15-4p-5f", Map.of());
        TimeStep ts = new TimeStep(env.spec());
        int g = 15;
        int resets = 20000;
        int[] bins = new int[10];
        for (long seed = 0; seed < resets; seed++) {
            env.reset(seed, ts);
            LbfState s = env.state();
            boolean[] banned = new boolean[g];
            for (int f = 0; f < 5; f++) {
                banned[s.foodRow()[f]] = true;
                banned[s.foodCol()[f]] = true;
            }
            int allowedRows = 0;
            int rowsBefore = 0;
            for (int r = 0; r < g; r++) {
                if (!banned[r]) {
                    allowedRows++;
                    if (r < s.agentRow()[0]) {
                        rowsBefore++;
                    }
                }
            }
            double u = (rowsBefore * g + s.agentCol()[0]) / (double) (allowedRows * g);
            bins[(int) (u * 10)]++;
        }
        double chi2 = 0;
        for (int b : bins) {
            double d = b - resets / 10.0;
            chi2 += d * d / (resets / 10.0);
        }
        // 9 degrees of freedom: P(chi2 > 30) ~ 4e-4.
        assertTrue(chi2 < 30, "chi2 of agent 0's rank among allowed cells = " + chi2);
    }

    private static void assertWithinSigmas(int count, int trials, double p, String what) {
        double mean = trials * p;
        double sd = Math.sqrt(trials * p * (1 - p));
        assertTrue(Math.abs(count - mean) < 5 * sd, what + ": count " + count + " vs expected " + mean + " +- 5*" + sd);
    }

    @Test
    void tooManyFoodsForTheInteriorFailsAtResetNamingTheFood() {
        // 5x5: 9 interior cells hold at most 5 foods that are pairwise not 4-adjacent; 6 can never be placed.
        LbfEnv env = new LbfEnv("lbf:crowded", new LbfConfig(5, 5, 1, 6, 2, false, 100, true, true));
        TimeStep ts = new TimeStep(env.spec());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.reset(1, ts));
        assertTrue(e.getMessage().contains("cannot be placed"), e.getMessage());
    }

    @Test
    void tooManyAgentsForTheRowsTheQuirkLeavesFailsAtReset() {
        // 5x5 with one food: at least one of rows 1..3 is banned, so at most 20 cells remain for 21 agents.
        LbfEnv env = new LbfEnv("lbf:crowded", new LbfConfig(5, 5, 21, 1, 2, false, 100, true, true));
        TimeStep ts = new TimeStep(env.spec());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.reset(1, ts));
        assertTrue(e.getMessage().contains("cannot place 21 agents"), e.getMessage());
        // Without the quirk the same task fits (24 free cells).
        LbfEnv plain = new LbfEnv("lbf:crowded", new LbfConfig(5, 5, 21, 1, 2, false, 100, false, true));
        plain.reset(1, new TimeStep(plain.spec()));
    }
}
