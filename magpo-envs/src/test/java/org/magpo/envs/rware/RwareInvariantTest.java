package org.magpo.envs.rware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * The state invariants of rware.md section 3 hold after every non-terminal step of random legal play on
 * several layouts: the grids agree with the positions, a carried shelf sits on its carrier's cell, the
 * queue holds distinct ids in sync with the requested flags, uncarried shelves stand on non-highway cells,
 * rewards equal the deliveries, and the mask follows section 6 (8k steps per layout).
 */
class RwareInvariantTest {

    @Test
    void invariantsHoldThroughoutRandomLegalPlay() {
        for (String task : new String[] {"tiny-4ag", "tiny-2ag-hard", "medium-6ag", "large-8ag"}) {
            RwareEnv env = new RwareEnv("rware:" + task, RwareProvider.config(task), false);
            TimeStep out = new TimeStep(env.spec());
            Rng rng = new Rng(task.hashCode());
            int n = env.spec().numAgents();
            int[] actions = new int[n];
            int steps = 0;
            int deliveries = 0;
            long seed = 0;
            env.reset(seed++, out);
            while (steps < 8_000) {
                for (int i = 0; i < n; i++) {
                    int a;
                    do {
                        // Favour FORWARD and TOGGLE so robots travel and carry.
                        int r = rng.nextInt(8);
                        a = r < 4 ? RwareEnv.FORWARD : r < 6 ? RwareEnv.TOGGLE_LOAD : rng.nextInt(5);
                    } while (!out.actionMask[i * 5 + a]);
                    actions[i] = a;
                }
                env.step(actions, out);
                steps++;
                assertEquals(env.lastDeliveries(), out.reward[0], 0f);
                deliveries += env.lastDeliveries();
                if (out.stepType == StepType.LAST) {
                    env.reset(seed++, out);
                    continue;
                }
                check(task + " step " + steps, env, out);
            }
            assertTrue(seed > 1, task + ": some episodes ended");
            if (task.startsWith("tiny")) {
                assertTrue(deliveries > 0, task + ": random play delivered at least once");
            }
        }
    }

    private static void check(String where, RwareEnv env, TimeStep out) {
        RwareLayout layout = env.layout();
        RwareState st = env.state();
        int n = st.numAgents();
        int[] ar = st.agentRow();
        int[] ac = st.agentCol();
        int[] ad = st.agentDir();
        boolean[] carrying = st.carrying();
        int agentsOnGrid = 0;
        int shelvesOnGrid = 0;
        for (int r = 0; r < layout.rows(); r++) {
            for (int c = 0; c < layout.cols(); c++) {
                agentsOnGrid += env.agentLayerAt(r, c) != 0 ? 1 : 0;
                shelvesOnGrid += env.shelfLayerAt(r, c) != 0 ? 1 : 0;
            }
        }
        assertEquals(n, agentsOnGrid, where + ": one agent-layer entry per robot");
        assertEquals(layout.numShelves(), shelvesOnGrid, where + ": one shelf-layer entry per shelf");
        int[] sr = st.shelfRow();
        int[] sc = st.shelfCol();
        boolean[] carried = new boolean[layout.numShelves()];
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, env.agentLayerAt(ar[i], ac[i]), where + ": agent layer at robot " + i);
            if (carrying[i]) {
                int s = env.shelfLayerAt(ar[i], ac[i]) - 1;
                assertTrue(s >= 0, where + ": robot " + i + " carries a shelf on its cell");
                carried[s] = true;
            }
            int t = forward(layout, ar[i], ac[i], ad[i]);
            boolean blocked = carrying[i] && t != layout.cell(ar[i], ac[i]) && env.shelfLayerAt(t / layout.cols(),
                    t % layout.cols()) != 0;
            assertEquals(!blocked, out.actionMask[i * 5 + RwareEnv.FORWARD], where + ": FORWARD mask of robot " + i);
        }
        for (int s = 0; s < layout.numShelves(); s++) {
            assertEquals(s + 1, env.shelfLayerAt(sr[s], sc[s]), where + ": shelf layer at shelf " + s);
            if (!carried[s]) {
                assertFalse(layout.isHighway(layout.cell(sr[s], sc[s])), where + ": shelf " + s + " put down on a highway");
            }
        }
        int[] queue = st.requestQueue();
        int requestedCount = 0;
        for (int s = 0; s < layout.numShelves(); s++) {
            requestedCount += env.isRequested(s) ? 1 : 0;
        }
        assertEquals(queue.length, requestedCount, where + ": requested flags count");
        for (int q : queue) {
            assertTrue(env.isRequested(q), where + ": queued shelf " + q + " flagged");
        }
    }

    private static int forward(RwareLayout layout, int r, int c, int dir) {
        int rr = Math.max(0, Math.min(layout.rows() - 1, r + (dir == 0 ? -1 : dir == 2 ? 1 : 0)));
        int cc = Math.max(0, Math.min(layout.cols() - 1, c + (dir == 1 ? 1 : dir == 3 ? -1 : 0)));
        return layout.cell(rr, cc);
    }
}
