package org.magpo.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.env.VectorEnv;

class RolloutBufferTest {

    @Test
    void recordsTimeStepsInTEnLayoutWithResetAndDoneFlags() {
        int steps = 4;
        try (VectorEnv env = new VectorEnv(CountingEnv::new, 2, 1L, 1)) {
            RolloutBuffer buf = new RolloutBuffer(env.spec(), steps, 2, 5, 2 * 3);
            env.reset();
            int[] actions = {1, 0, 0, 1};
            for (int t = 0; t < steps; t++) {
                buf.recordObservation(t, env);
                buf.recordActions(t, actions, new double[] {-1, -2, -3, -4}, new float[] {t, t, t, t});
                env.step(actions);
                buf.recordTransition(t, env);
            }
            // Obs of env 1, agent 1 at t = 2: [stepCount 2, agent 1].
            int k = buf.token(2, 1, 1);
            assertEquals(2f, buf.obs[k * 2]);
            assertEquals(1f, buf.obs[k * 2 + 1]);
            assertFalse(buf.actionMask[k * 3 + 2], "agent 1's action 2 is illegal");
            assertTrue(buf.actionMask[buf.token(2, 1, 0) * 3 + 2]);
            // Episodes last 3 steps: the step at t = 2 is LAST (truncation counts as done) and t = 3 starts anew.
            assertArrayEquals(new boolean[] {true, true, false, false, false, false, true, true}, buf.reset);
            assertArrayEquals(new boolean[] {false, false, false, false, true, true, false, false}, buf.done);
            assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2, 0, 0}, buf.stepCount);
            // Actions {env 0: 1, 0; env 1: 0, 1}; reward = own action.
            assertEquals(1f, buf.reward[buf.token(3, 0, 0)]);
            assertEquals(0f, buf.reward[buf.token(3, 0, 1)]);
            assertEquals(1f, buf.reward[buf.token(3, 1, 1)]);
            assertEquals(-3.0, buf.logProb[buf.token(1, 1, 0)]);
            assertEquals(1, buf.discreteActions[buf.token(1, 1, 1)]);
        }
    }

    @Test
    void computeAdvantagesUsesTheRecordedDones() {
        RolloutBuffer buf = new RolloutBuffer(CountingEnv.SPEC, 2, 1, 0, 0);
        buf.reward[buf.token(0, 0, 0)] = 1;
        buf.reward[buf.token(1, 0, 0)] = 2;
        buf.done[0] = true;
        buf.bootstrapValue[0] = 10;
        buf.computeAdvantages(1.0, 1.0);
        assertEquals(1f, buf.returns[buf.token(0, 0, 0)]);
        assertEquals(12f, buf.returns[buf.token(1, 0, 0)]);
    }

    @Test
    void mismatchedEnvIsRejected() {
        try (VectorEnv env = new VectorEnv(CountingEnv::new, 3, 1L, 1)) {
            RolloutBuffer buf = new RolloutBuffer(env.spec(), 2, 2, 0, 0);
            env.reset();
            assertThrows(IllegalArgumentException.class, () -> buf.recordObservation(0, env));
        }
    }

    @Test
    void continuousActionsAreRejectedByADiscreteBuffer() {
        RolloutBuffer buf = new RolloutBuffer(CountingEnv.SPEC, 1, 1, 0, 0);
        assertThrows(IllegalStateException.class,
                () -> buf.recordActions(0, new float[2], new double[2], new float[2]));
    }
}
