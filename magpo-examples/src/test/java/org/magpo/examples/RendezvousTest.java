package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;

/** The example game's rules, and its registration through {@link RendezvousProvider}. */
class RendezvousTest {

    @Test
    void walkingTowardsEachOtherMeetsWithRewardOneAndDiscountZero() {
        Rendezvous env = new Rendezvous(5, 2, 10);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(3L, ts);
        assertEquals(StepType.FIRST, ts.stepType);
        int[] actions = new int[2];
        int steps = 0;
        while (!ts.isLast()) {
            int p0 = position(ts, 0, 5);
            int p1 = position(ts, 1, 5);
            assertTrue(p0 != p1, "still apart before the last step");
            assertEquals(0f, ts.reward[0]);
            // the agent on the left steps right, the other stays: they meet after |p0 - p1| steps
            actions[0] = p0 < p1 ? 2 : 1;
            actions[1] = p1 < p0 ? 2 : 1;
            env.step(actions, ts);
            steps++;
        }
        assertTrue(ts.terminated);
        assertFalse(ts.truncated);
        assertEquals(steps, ts.stepCount);
        assertArrayEquals(new float[] {1f, 1f}, ts.reward);
        assertArrayEquals(new float[] {0f, 0f}, ts.discount);
        assertEquals(position(ts, 0, 5), position(ts, 1, 5));
    }

    @Test
    void stayingPutIsTruncatedAtTheTimeLimitWithDiscountOne() {
        Rendezvous env = new Rendezvous(5, 2, 4);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(11L, ts);
        for (int t = 0; t < 4; t++) {
            assertFalse(ts.isLast(), "step " + t);
            env.step(new int[] {1, 1}, ts);
        }
        assertTrue(ts.isLast());
        assertTrue(ts.truncated);
        assertFalse(ts.terminated);
        assertArrayEquals(new float[] {1f, 1f}, ts.discount);
        assertArrayEquals(new float[] {0f, 0f}, ts.reward);
    }

    @Test
    void movingOffTheLineIsMaskedAndRejected() {
        Rendezvous env = new Rendezvous(2, 2, 10);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(5L, ts);
        // on two cells with distinct starts one agent is on cell 0, the other on cell 1
        int left = position(ts, 0, 2) == 0 ? 0 : 1;
        assertFalse(ts.actionMask[left * 3], "left agent cannot move left");
        assertTrue(ts.actionMask[left * 3 + 2], "left agent can move right");
        assertFalse(ts.actionMask[(1 - left) * 3 + 2], "right agent cannot move right");
        int[] illegal = {1, 1};
        illegal[left] = 0;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(illegal, ts));
        assertTrue(e.getMessage().contains("agent " + left), e.getMessage());
    }

    @Test
    void everyAgentObservesEveryPositionAndTheStateMatches() {
        Rendezvous env = new Rendezvous(8, 3, 20);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(42L, ts);
        assertEquals(9, ts.obs.length);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(ts.state[j], ts.obs[i * 3 + j], "agent " + i + " sees agent " + j);
            }
        }
    }

    @Test
    void badSizesFailFastNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Rendezvous(1, 2, 10));
        assertTrue(e.getMessage().contains("cells"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Rendezvous(5, 1, 10));
        assertTrue(e.getMessage().contains("agents"), e.getMessage());
    }

    @Test
    void registeredProviderMakesTheGameByIdWithAgentIds() {
        MultiAgentEnv env = Envs.make("rendezvous:line8-3ag");
        assertEquals("rendezvous:line8-3ag", env.spec().taskId());
        assertEquals(3 + 3, env.spec().obsDim(), "one-hot id (3) + positions (3)");
        assertTrue(Envs.available().contains("rendezvous:line5-2ag"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("rendezvous:line5-2ag", Map.of("cells", "9"), false));
        assertTrue(e.getMessage().contains("no options"), e.getMessage());
    }

    private static int position(TimeStep ts, int agent, int cells) {
        return Math.round(ts.state[agent] * (cells - 1));
    }
}
