package org.magpo.envs.mpe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * Mava-style episode returns (sum over the 26 steps of the agent-mean reward) over 2000 episodes,
 * against the reference statistics of section 10 of the spec. The reference means carry a standard
 * error of about 0.2, so a fixed-seed estimate must land within 0.8 (about 3 standard errors of the
 * difference of two such means).
 */
class SimpleSpreadStatisticsTest {
    private static final int EPISODES = 2000;
    private static final double BOUND = 0.8;

    @Test
    void zeroActionReturnsMatchTheReference() {
        assertEquals(-25.11, meanReturn(3, false), BOUND);
        assertEquals(-32.82, meanReturn(5, false), BOUND);
        assertEquals(-50.24, meanReturn(10, false), BOUND);
    }

    @Test
    void uniformRandomActionReturnsMatchTheReference() {
        assertEquals(-28.94, meanReturn(3, true), BOUND);
        assertEquals(-38.85, meanReturn(5, true), BOUND);
        assertEquals(-60.09, meanReturn(10, true), BOUND);
    }

    private static double meanReturn(int n, boolean random) {
        SimpleSpreadEnv env = new SimpleSpreadEnv(SimpleSpreadConfig.benchmark(n, MpeActionType.CONTINUOUS));
        TimeStep ts = new TimeStep(env.spec());
        Rng rng = new Rng(2024 + n);
        float[] a = new float[n * 5];
        double total = 0;
        for (int ep = 0; ep < EPISODES; ep++) {
            env.reset(rng.nextLong(), ts);
            int steps = 0;
            do {
                if (random) {
                    for (int k = 0; k < a.length; k++) {
                        a[k] = 2 * rng.nextFloat() - 1;
                    }
                }
                env.step(a, ts);
                steps++;
                double mean = 0;
                for (float r : ts.reward) {
                    mean += r;
                }
                total += mean / n;
            } while (!ts.isLast());
            assertEquals(26, steps, "episode length");
        }
        return total / EPISODES;
    }
}
