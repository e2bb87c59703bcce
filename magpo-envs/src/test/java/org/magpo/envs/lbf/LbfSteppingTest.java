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
