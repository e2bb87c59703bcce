package org.magpo.envs.rware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * Reset distribution of rware.md section 4 on tiny-2ag (11 x 10 = 110 cells, 32 shelves, queue 2), checked
 * with a fixed seed against the probabilities the spec implies: robot cells uniform over all 110 cells
 * (so 32/110 start under a shelf, 2/110 on a goal), distinct; directions uniform and independent;
 * requests uniform without replacement. Bounds are 4 standard deviations (or chi-square mean + 4 sd).
 */
class RwareResetDistributionTest {
    private static final int RESETS = 22_000;

    private static double fourSigma(double p, int n) {
        return 4 * Math.sqrt(p * (1 - p) / n);
    }

    private static double chiSquare(int[] counts, int total) {
        double expected = (double) total / counts.length;
        double chi = 0;
        for (int c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }

    private static double chiSquareBound(int categories) {
        int df = categories - 1;
        return df + 4 * Math.sqrt(2.0 * df);
    }

    @Test
    void resetMatchesTheSpecifiedDistribution() {
        RwareEnv env = new RwareEnv("rware:tiny-2ag", RwareProvider.config("tiny-2ag"), false);
        RwareLayout layout = env.layout();
        TimeStep out = new TimeStep(env.spec());
        Rng seeds = new Rng(20240601L);
        int cells = layout.cells();
        int shelves = layout.numShelves();
        int[] robot0Cell = new int[cells];
        int[] robot1Cell = new int[cells];
        int[][] dirCounts = new int[2][4];
        int sameDir = 0;
        int underShelf = 0;
        int onGoal = 0;
        int[] slot0 = new int[shelves];
        int[] requestedCount = new int[shelves];
        for (int k = 0; k < RESETS; k++) {
            env.reset(seeds.nextLong(), out);
            RwareState st = env.state();
            int c0 = layout.cell(st.agentRow()[0], st.agentCol()[0]);
            int c1 = layout.cell(st.agentRow()[1], st.agentCol()[1]);
            assertNotEquals(c0, c1, "robots start on distinct cells");
            robot0Cell[c0]++;
            robot1Cell[c1]++;
            underShelf += layout.isHighway(c0) ? 0 : 1;
            onGoal += (c0 == layout.goal0() || c0 == layout.goal1()) ? 1 : 0;
            int[] dirs = st.agentDir();
            dirCounts[0][dirs[0]]++;
            dirCounts[1][dirs[1]]++;
            sameDir += dirs[0] == dirs[1] ? 1 : 0;
            int[] q = st.requestQueue();
            assertEquals(2, q.length);
            assertNotEquals(q[0], q[1], "requests are distinct");
            slot0[q[0]]++;
            requestedCount[q[0]]++;
            requestedCount[q[1]]++;
        }
        assertTrue(chiSquare(robot0Cell, RESETS) < chiSquareBound(cells), "robot 0 cell uniform over all cells");
        assertTrue(chiSquare(robot1Cell, RESETS) < chiSquareBound(cells), "robot 1 cell uniform over all cells");
        double pShelf = 32.0 / 110;
        assertEquals(pShelf, (double) underShelf / RESETS, fourSigma(pShelf, RESETS), "P(start under a shelf)");
        double pGoal = 2.0 / 110;
        assertEquals(pGoal, (double) onGoal / RESETS, fourSigma(pGoal, RESETS), "P(start on a goal)");
        for (int i = 0; i < 2; i++) {
            for (int d = 0; d < 4; d++) {
                assertEquals(0.25, (double) dirCounts[i][d] / RESETS, fourSigma(0.25, RESETS),
                        "P(robot " + i + " dir " + d + ")");
            }
        }
        assertEquals(0.25, (double) sameDir / RESETS, fourSigma(0.25, RESETS), "directions independent");
        assertTrue(chiSquare(slot0, RESETS) < chiSquareBound(shelves), "first request slot uniform over shelves");
        double pRequested = 2.0 / 32;
        for (int s = 0; s < shelves; s++) {
            assertEquals(pRequested, (double) requestedCount[s] / RESETS, fourSigma(pRequested, RESETS),
                    "P(shelf " + s + " requested)");
        }
    }

    @Test
    void resetStartsEmptyHandedWithShelvesAtHomeAndEverythingLegal() {
        RwareEnv env = new RwareEnv("rware:large-8ag", RwareProvider.config("large-8ag"), false);
        TimeStep out = new TimeStep(env.spec());
        for (long seed = 0; seed < 200; seed++) {
            env.reset(seed, out);
            RwareState st = env.state();
            assertEquals(StepType.FIRST, out.stepType);
            assertEquals(0, out.stepCount);
            assertArrayEquals(new boolean[8], st.carrying());
            for (int s = 0; s < st.numShelves(); s++) {
                assertEquals(env.layout().shelfHome(s), env.layout().cell(st.shelfRow()[s], st.shelfCol()[s]));
                boolean inQueue = false;
                for (int q : st.requestQueue()) {
                    inQueue |= q == s;
                }
                assertEquals(inQueue, env.isRequested(s), "requested flag of shelf " + s + " follows the queue");
            }
            for (boolean legal : out.actionMask) {
                assertTrue(legal, "nobody carries at reset, so every action is legal");
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(i + 1, env.agentLayerAt(st.agentRow()[i], st.agentCol()[i]));
            }
        }
    }

    @Test
    void resetIsAPureFunctionOfTheSeed() {
        RwareEnv a = new RwareEnv("rware:tiny-4ag", RwareProvider.config("tiny-4ag"), false);
        RwareEnv b = new RwareEnv("rware:tiny-4ag", RwareProvider.config("tiny-4ag"), false);
        TimeStep ta = new TimeStep(a.spec());
        TimeStep tb = new TimeStep(b.spec());
        a.reset(1, ta);
        a.step(new int[] {1, 1, 1, 1}, ta);
        a.reset(99, ta);
        b.reset(99, tb);
        assertArrayEquals(tb.obs, ta.obs);
        assertEquals(b.state(), a.state());
        b.reset(100, tb);
        assertFalse(b.state().equals(a.state()), "another seed gives another start");
    }
}
