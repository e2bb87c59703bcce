package org.magpo.envs.lbf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.Envs;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Rng;

/** Long random-action runs: episode accounting through {@link VectorEnv} and allocation-free stepping. */
class LbfSteppingTest {

    @Test
    void vectorEnvAutoResetsAndEpisodeReturnsStayWithinOne() {
        int e = 8;
        try (VectorEnv vec = new VectorEnv(() -> Envs.make("lbf:2s-8x8-2p-2f-coop"), e, 11, 1)) {
            int n = vec.spec().numAgents();
            int[] actions = new int[e * n];
            Rng rng = new Rng(3);
            vec.reset();
            int finished = 0;
            int rewarded = 0;
            for (int t = 0; t < 3000; t++) {
                randomLegal(vec.actionMask, rng, actions);
                vec.step(actions);
                for (int k = 0; k < e; k++) {
                    for (int i = 1; i < n; i++) {
                        assertEquals(vec.reward[k * n], vec.reward[k * n + i], "team reward repeated per agent");
                    }
                    rewarded += vec.reward[k * n] > 0 ? 1 : 0;
                    if (vec.stepType[k] == StepType.LAST) {
                        finished++;
                        assertTrue(vec.finishedLength[k] <= 100, "episode length " + vec.finishedLength[k]);
                        assertTrue(vec.terminated[k] || vec.finishedLength[k] == 100);
                        // Team reward repeated per agent: the agent-mean return is the team return, at most 1.
                        assertTrue(vec.finishedReturn[k] <= 1.0 + 1e-5, "return " + vec.finishedReturn[k]);
                        assertEquals(vec.terminated[k] ? 0f : 1f, vec.discount[k * n]);
                        assertEquals(0, vec.stepCount[k], "observation replaced by the reset one");
                        assertTrue(vec.episodeStart[k]);
                    }
                }
            }
            assertTrue(finished >= 3000 * e / 100, "episodes finished: " + finished);
            assertTrue(rewarded > 0, "random agents sometimes eat a food together");
        }
    }

    @Test
    void steppingAllocatesNothingBeyondOneGeneratorPerReset() {
        LbfEnv env = (LbfEnv) new LbfEnvProvider().make("15x15-4p-5f", Map.of());
        TimeStep ts = new TimeStep(env.spec());
        int[] actions = new int[4];
        Rng rng = new Rng(1);
        long seed = 0;
        env.reset(seed++, ts);
        for (int t = 0; t < 200_000; t++) {
            if (ts.isLast()) {
                env.reset(seed++, ts);
            }
            randomLegal(ts.actionMask, rng, actions);
            env.step(actions, ts);
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long resets = 0;
        long before = bean.getThreadAllocatedBytes(tid);
        for (int t = 0; t < 100_000; t++) {
            if (ts.isLast()) {
                env.reset(seed++, ts);
                resets++;
            }
            randomLegal(ts.actionMask, rng, actions);
            env.step(actions, ts);
        }
        long bytes = bean.getThreadAllocatedBytes(tid) - before;
        // A reset may allocate its 32-byte Rng; steps allocate nothing. Slack for the measurement itself.
        assertTrue(bytes <= 48 * resets + 4096, bytes + " bytes allocated over 100000 steps and " + resets + " resets");
    }

    /**
     * Differential check on long random runs with arbitrary (also masked) actions: positions, loading,
     * eaten foods, per-agent rewards and masks must match a direct transcription of lbf.md sections 5-6
     * recomputed from the previous state snapshot.
     */
    @Test
    void randomRunsMatchADirectTranscriptionOfTheRules() {
        for (String task : new String[] {"2s-10x10-3p-3f", "15x15-4p-5f", "8x8-2p-2f-coop"}) {
            LbfEnv env = (LbfEnv) new LbfEnvProvider().make(task, Map.of("teamReward", "false"));
            LbfConfig c = env.config();
            int g = c.gridSize();
            int n = c.numAgents();
            int m = c.numFood();
            TimeStep ts = new TimeStep(env.spec());
            Rng rng = new Rng(17);
            int[] actions = new int[n];
            long seed = 0;
            env.reset(seed++, ts);
            int eatenTotal = 0;
            for (int t = 0; t < 10_000; t++) {
                if (ts.isLast()) {
                    env.reset(seed++, ts);
                }
                LbfState before = env.state();
                for (int i = 0; i < n; i++) {
                    // Bias toward LOAD so that foods get eaten in a random run.
                    actions[i] = rng.nextInt(4) == 0 ? LbfEnv.LOAD : rng.nextInt(6);
                }
                env.stepIgnoringMask(actions, ts);
                LbfState after = env.state();
                String w = task + " t=" + t + " from " + before + " actions " + java.util.Arrays.toString(actions);
                int[] r = before.agentRow();
                int[] col = before.agentCol();
                int[] fr = before.foodRow();
                int[] fc = before.foodCol();
                boolean[] fe = before.foodEaten();
                int[] tr = new int[n];
                int[] tc = new int[n];
                for (int i = 0; i < n; i++) {
                    int a = actions[i];
                    tr[i] = r[i] + (a == 1 ? -1 : a == 2 ? 1 : 0);
                    tc[i] = col[i] + (a == 3 ? -1 : a == 4 ? 1 : 0);
                    boolean blocked = tr[i] < 0 || tr[i] >= g || tc[i] < 0 || tc[i] >= g;
                    for (int j = 0; j < n; j++) {
                        blocked |= j != i && r[j] == tr[i] && col[j] == tc[i];
                    }
                    for (int f = 0; f < m; f++) {
                        blocked |= !fe[f] && fr[f] == tr[i] && fc[f] == tc[i];
                    }
                    if (blocked) {
                        tr[i] = r[i];
                        tc[i] = col[i];
                    }
                }
                for (int i = 0; i < n; i++) {
                    boolean clash = false;
                    for (int j = 0; j < n; j++) {
                        clash |= j != i && tr[i] == tr[j] && tc[i] == tc[j];
                    }
                    int er = clash ? r[i] : tr[i];
                    int ec = clash ? col[i] : tc[i];
                    assertEquals(er, after.agentRow()[i], w + " row of agent " + i);
                    assertEquals(ec, after.agentCol()[i], w + " col of agent " + i);
                    assertEquals(actions[i] == LbfEnv.LOAD, after.agentLoading()[i], w);
                }
                double total = 0;
                for (int f = 0; f < m; f++) {
                    total += before.foodLevel()[f];
                }
                double[] reward = new double[n];
                for (int f = 0; f < m; f++) {
                    if (fe[f]) {
                        assertTrue(after.foodEaten()[f], w);
                        continue;
                    }
                    int sum = 0;
                    for (int i = 0; i < n; i++) {
                        int d = Math.abs(after.agentRow()[i] - fr[f]) + Math.abs(after.agentCol()[i] - fc[f]);
                        sum += actions[i] == LbfEnv.LOAD && d == 1 ? after.agentLevel()[i] : 0;
                    }
                    boolean eaten = sum > 0 && sum >= before.foodLevel()[f];
                    assertEquals(eaten, after.foodEaten()[f], w + " food " + f);
                    if (eaten) {
                        eatenTotal++;
                        for (int i = 0; i < n; i++) {
                            int d = Math.abs(after.agentRow()[i] - fr[f]) + Math.abs(after.agentCol()[i] - fc[f]);
                            int l = actions[i] == LbfEnv.LOAD && d == 1 ? after.agentLevel()[i] : 0;
                            reward[i] += l * before.foodLevel()[f] / (sum * total);
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(reward[i], ts.reward[i], 1e-6, w + " reward " + i);
                    int ar = after.agentRow()[i];
                    int ac = after.agentCol()[i];
                    for (int a = 1; a <= 4; a++) {
                        int qr = ar + (a == 1 ? -1 : a == 2 ? 1 : 0);
                        int qc = ac + (a == 3 ? -1 : a == 4 ? 1 : 0);
                        boolean free = qr >= 0 && qr < g && qc >= 0 && qc < g;
                        for (int j = 0; j < n; j++) {
                            free &= !(j != i && after.agentRow()[j] == qr && after.agentCol()[j] == qc);
                        }
                        for (int f = 0; f < m; f++) {
                            free &= !(!after.foodEaten()[f] && fr[f] == qr && fc[f] == qc);
                        }
                        assertEquals(free, ts.actionMask[i * 6 + a], w + " mask of agent " + i + " action " + a);
                    }
                    boolean load = false;
                    for (int f = 0; f < m; f++) {
                        load |= !after.foodEaten()[f] && Math.abs(ar - fr[f]) + Math.abs(ac - fc[f]) == 1;
                    }
                    assertEquals(load, ts.actionMask[i * 6 + LbfEnv.LOAD], w + " LOAD mask of agent " + i);
                }
            }
            assertTrue(eatenTotal >= 5, task + ": foods eaten in the random run: " + eatenTotal);
        }
    }

    private static void randomLegal(boolean[] mask, Rng rng, int[] out) {
        for (int k = 0; k < out.length; k++) {
            int legal = 0;
            for (int a = 0; a < 6; a++) {
                legal += mask[k * 6 + a] ? 1 : 0;
            }
            int pick = rng.nextInt(legal);
            for (int a = 0; a < 6; a++) {
                if (mask[k * 6 + a] && pick-- == 0) {
                    out[k] = a;
                    break;
                }
            }
        }
    }
}
