package org.magpo.envs.matrix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;

class MatrixGameEnvTest {

    private static float reward(MultiAgentEnv env, int a0, int a1) {
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        env.step(new int[] {a0, a1}, ts);
        assertEquals(ts.reward[0], ts.reward[1], "both agents share the payoff");
        return ts.reward[0];
    }

    @Test
    void climbingPaysMatraxMatrixToBothAgents() {
        MultiAgentEnv env = Envs.make("matrix:climbing", Map.of(), false);
        float[][] expected = {{11, -30, 0}, {-30, 7, 0}, {0, 6, 5}};
        for (int a0 = 0; a0 < 3; a0++) {
            for (int a1 = 0; a1 < 3; a1++) {
                assertEquals(expected[a0][a1], reward(env, a0, a1), "payoff(" + a0 + ", " + a1 + ")");
            }
        }
    }

    @Test
    void penaltyGamesCostKWhenBothPickTheSameCorner() {
        for (int k : new int[] {0, 25, 50, 75, 100}) {
            MultiAgentEnv env = Envs.make("matrix:penalty-" + k, Map.of(), false);
            assertEquals(-k, reward(env, 0, 0));
            assertEquals(-k, reward(env, 2, 2));
            assertEquals(10f, reward(env, 0, 2));
            assertEquals(10f, reward(env, 2, 0));
            assertEquals(2f, reward(env, 1, 1));
            assertEquals(0f, reward(env, 1, 0));
        }
    }

    @Test
    void statelessObservationIsZerosAndEpisodeLasts500Steps() {
        MultiAgentEnv env = Envs.make("matrix:penalty-50", Map.of(), false);
        assertEquals(2, env.spec().numAgents());
        assertEquals(2, env.spec().obsDim());
        assertEquals(3, env.spec().numActions());
        TimeStep ts = new TimeStep(env.spec());
        env.reset(1, ts);
        for (int s = 1; s <= 500; s++) {
            env.step(new int[] {0, 2}, ts);
            assertArrayEquals(new float[4], ts.obs);
            assertEquals(s, ts.stepCount);
            assertEquals(s == 500 ? StepType.LAST : StepType.MID, ts.stepType);
        }
        assertArrayEquals(new float[] {0, 0}, ts.discount);
    }

    @Test
    void statefulObservationIsThePreviousJointAction() {
        MultiAgentEnv env = Envs.make("matrix:climbing", Map.of("stateful", "true", "timeLimit", "3"), false);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        assertArrayEquals(new float[] {-1, -1, -1, -1}, ts.obs);
        env.step(new int[] {2, 1}, ts);
        assertArrayEquals(new float[] {2, 1, 2, 1}, ts.obs);
        assertArrayEquals(new float[] {2, 1, 2, 1}, ts.state);
        env.step(new int[] {0, 0}, ts);
        env.step(new int[] {0, 0}, ts);
        assertEquals(StepType.LAST, ts.stepType);
    }

    @Test
    void badConfigurationsAndOptionsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MatrixGameConfig(3, new float[8], false, 10));
        assertTrue(e.getMessage().contains("payoff") && e.getMessage().contains("9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MatrixGameConfig.penalty(-5));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("matrix:climbing", Map.of("keepState", "true"), false));
        assertTrue(e.getMessage().contains("keepState"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Envs.make("matrix:penalty-10"));
        assertTrue(e.getMessage().contains("matrix:penalty-25"), e.getMessage());
    }

    @Test
    void configDefendsItsPayoffArray() {
        float[] p = {1, 2, 3, 4};
        MatrixGameConfig c = new MatrixGameConfig(2, p, false, 5);
        p[0] = 99;
        c.payoff()[1] = 99;
        assertEquals(1f, c.payoff(0, 0));
        assertEquals(2f, c.payoff(0, 1));
        assertEquals(4f, c.maxPayoff());
        assertEquals(c, new MatrixGameConfig(2, new float[] {1, 2, 3, 4}, false, 5));
    }
}
