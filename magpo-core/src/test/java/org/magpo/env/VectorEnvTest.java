package org.magpo.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VectorEnvTest {

    @Test
    void resetPublishesFirstStepsOfEveryCopy() {
        try (VectorEnv vec = new VectorEnv(() -> new ScriptedEnv(3), 4, 1, 1)) {
            vec.reset();
            for (int e = 0; e < 4; e++) {
                assertEquals(StepType.FIRST, vec.stepType[e]);
                assertTrue(vec.episodeStart[e]);
                assertEquals(0, vec.stepCount[e]);
                assertFalse(vec.actionMask[e * 6 + 5], "agent 1 action 2 masked in copy " + e);
                assertEquals(vec.obs[e * 2] + 10, vec.obs[e * 2 + 1]);
            }
        }
    }

    @Test
    void lastStepIsFollowedByTheResetObservationInTheSameBuffers() {
        try (VectorEnv vec = new VectorEnv(() -> new ScriptedEnv(3), 2, 7, 1)) {
            vec.reset();
            float offset1 = vec.obs[2];
            // copy 0 terminates (both play 0), copy 1 continues
            vec.step(new int[] {0, 0, 2, 1});
            assertEquals(StepType.LAST, vec.stepType[0]);
            assertTrue(vec.terminated[0]);
            assertTrue(vec.episodeStart[0]);
            assertEquals(0, vec.stepCount[0], "observation side already shows the new episode");
            assertArrayEquals(new float[] {0, 0}, new float[] {vec.reward[0], vec.reward[1]});
            assertArrayEquals(new float[] {0, 0}, new float[] {vec.discount[0], vec.discount[1]});
            assertEquals(vec.terminalObs[0] + 10, vec.terminalObs[1]);
            assertEquals(1, vec.finishedLength[0]);
            assertEquals(0.0, vec.finishedReturn[0]);
            assertEquals(0f, vec.state[0], "reset state t = 0");

            assertEquals(StepType.MID, vec.stepType[1]);
            assertFalse(vec.episodeStart[1]);
            assertEquals(1, vec.stepCount[1]);
            assertEquals(offset1 + 1, vec.obs[2]);
            assertArrayEquals(new float[] {2, 1}, new float[] {vec.reward[2], vec.reward[3]});

            vec.step(new int[] {1, 1, 2, 1});
            assertEquals(StepType.MID, vec.stepType[0]);
            assertFalse(vec.episodeStart[0]);
            vec.step(new int[] {1, 1, 1, 1}); // copy 1 reaches its time limit of 3 (truncated)
            assertEquals(StepType.LAST, vec.stepType[1]);
            assertTrue(vec.truncated[1]);
            assertArrayEquals(new float[] {1, 1}, new float[] {vec.discount[2], vec.discount[3]});
            assertEquals(3, vec.finishedLength[1]);
            assertEquals((1.5 + 1.5 + 1.0), vec.finishedReturn[1], 1e-9, "sum over steps of agent-mean reward");
            assertEquals(offset1 + 3, vec.terminalObs[2]);
            assertEquals(0, vec.stepCount[1]);
        }
    }

    @Test
    void threadedSteppingGivesTheSameResultsAsSingleThreaded() {
        try (VectorEnv one = new VectorEnv(() -> new ScriptedEnv(4), 5, 3, 1);
                VectorEnv three = new VectorEnv(() -> new ScriptedEnv(4), 5, 3, 3)) {
            one.reset();
            three.reset();
            int[] actions = new int[10];
            for (int s = 0; s < 20; s++) {
                for (int k = 0; k < actions.length; k++) {
                    actions[k] = (s + k) % 2;
                }
                one.step(actions);
                three.step(actions);
                assertArrayEquals(one.obs, three.obs, "step " + s);
                assertArrayEquals(one.reward, three.reward);
                assertArrayEquals(one.stepType, three.stepType);
                assertArrayEquals(one.finishedReturn, three.finishedReturn);
            }
        }
    }

    @Test
    void copiesDrawDifferentResetSeeds() {
        try (VectorEnv vec = new VectorEnv(() -> new ScriptedEnv(3), 16, 5, 1)) {
            vec.reset();
            java.util.Set<Float> offsets = new java.util.HashSet<>();
            for (int e = 0; e < 16; e++) {
                offsets.add(vec.obs[e * 2]);
            }
            assertTrue(offsets.size() > 1, "all 16 copies got the same reset seed");
        }
    }

    @Test
    void invalidActionsFromAWorkerThreadReachTheCaller() {
        try (VectorEnv vec = new VectorEnv(() -> new ScriptedEnv(3), 4, 5, 2)) {
            vec.reset();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> vec.step(new int[] {0, 1, 0, 1, 0, 1, 0, 2}));
            assertTrue(e.getMessage().contains("agent 1"), e.getMessage());
        }
    }

    @Test
    void wrongBatchSizesAndArgumentsAreRejected() {
        try (VectorEnv vec = new VectorEnv(() -> new ScriptedEnv(3), 2, 5, 1)) {
            vec.reset();
            String m = assertThrows(IllegalArgumentException.class, () -> vec.step(new int[3])).getMessage();
            assertTrue(m.contains("E*N=4") && m.contains("got 3"), m);
        }
        assertThrows(IllegalArgumentException.class, () -> new VectorEnv(() -> new ScriptedEnv(3), 0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> new VectorEnv(() -> new ScriptedEnv(3), 2, 5, 0));
        VectorEnv closed = new VectorEnv(() -> new ScriptedEnv(3), 2, 5, 2);
        closed.close();
        assertThrows(IllegalStateException.class, closed::reset);
    }
}
