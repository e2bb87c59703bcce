package org.magpo.envs.rware;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * Stepping works in place: after warm-up, many steps with random legal actions (moves, pick-ups,
 * deliveries, collisions) allocate nothing on the stepping thread. Measured with HotSpot's per-thread
 * allocation counter; resets are excluded (each one creates the episode's generator).
 */
class RwareAllocationTest {

    @Test
    void steppingAllocatesNothingInSteadyState() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RwareEnv env = new RwareEnv("rware:tiny-4ag", RwareProvider.config("tiny-4ag"), false);
        TimeStep out = new TimeStep(env.spec());
        int[] actions = new int[4];
        Rng rng = new Rng(17);
        long tid = Thread.currentThread().getId();
        run(env, out, actions, rng, 200_000, bean, tid);
        long stepBytes = run(env, out, actions, rng, 200_000, bean, tid);
        assertTrue(stepBytes < 4096, "200k steps allocated " + stepBytes + " bytes");
    }

    /** Steps {@code steps} times, resetting on LAST; returns the bytes allocated by the steps alone. */
    private static long run(RwareEnv env, TimeStep out, int[] actions, Rng rng, int steps,
                            com.sun.management.ThreadMXBean bean, long tid) {
        long seed = 0;
        env.reset(seed++, out);
        long allocated = 0;
        for (int k = 0; k < steps; k++) {
            for (int i = 0; i < actions.length; i++) {
                int a;
                do {
                    a = rng.nextInt(RwareEnv.NUM_ACTIONS);
                } while (!out.actionMask[i * RwareEnv.NUM_ACTIONS + a]);
                actions[i] = a;
            }
            long before = bean.getThreadAllocatedBytes(tid);
            env.step(actions, out);
            allocated += bean.getThreadAllocatedBytes(tid) - before;
            if (out.isLast()) {
                env.reset(seed++, out);
            }
        }
        return allocated;
    }
}
