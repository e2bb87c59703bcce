package org.magpo.envs.smax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * Registration of the ten SMAX tasks with the sizes of spec section 1, and clear errors for bad ids,
 * options, actions and loaded states; stepping allocates nothing.
 */
class SmaxProviderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // task, nA, obs, agents_view, state, actions
            "2s3z, 5, 127, 132, 120, 10",
            "3s5z, 8, 205, 213, 192, 13",
            "5m_vs_6m, 5, 140, 145, 132, 11",
            "10m_vs_11m, 10, 270, 280, 252, 16",
            "27m_vs_30m, 27, 738, 765, 684, 35",
            "3s5z_vs_3s6z, 8, 218, 226, 204, 14",
            "3s_vs_5z, 3, 101, 104, 96, 10",
            "6h_vs_8z, 6, 179, 185, 168, 13",
            "smacv2_5_units, 5, 127, 132, 120, 10",
            "smacv2_10_units, 10, 257, 267, 240, 15"})
    void everyBenchmarkTaskIsRegisteredWithTheSpecSizes(String task, int n, int obs, int view, int state, int actions) {
        String id = "smax:" + task;
        assertTrue(Envs.BENCHMARK_TASKS.contains(id));
        assertTrue(Envs.available().contains(id));
        MultiAgentEnv raw = Envs.make(id, Map.of(), false);
        assertEquals(n, raw.spec().numAgents());
        assertEquals(obs, raw.spec().obsDim());
        assertEquals(state, raw.spec().stateDim());
        assertEquals(actions, raw.spec().numActions());
        assertEquals(101, raw.spec().timeLimit());
        MultiAgentEnv withId = Envs.make(id);
        assertEquals(view, withId.spec().obsDim());
        TimeStep ts = new TimeStep(withId.spec());
        withId.reset(1, ts);
        for (int i = 0; i < n; i++) {
            assertEquals(1f, ts.obs[i * view + i], "one-hot agent id first");
        }
    }

    @Test
    void unknownMapsAndOptionsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make("smax:4m"));
        assertTrue(e.getMessage().contains("smax:4m"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SmaxScenario.named("3m"));
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class,
                () -> Envs.make("smax:2s3z", Map.of("maxSteps", "50"), false));
        assertTrue(o.getMessage().contains("maxSteps"), o.getMessage());
    }

    @Test
    void invalidScenariosNameTheField() {
        assertMessage(() -> new SmaxScenario("x", 0, 1, new int[1], false), "numAllies");
        assertMessage(() -> new SmaxScenario("x", 1, 1, new int[3], false), "unitTypes");
        assertMessage(() -> new SmaxScenario("x", 1, 1, new int[] {0, 6}, false), "unitTypes[1]");
        assertMessage(() -> new SmaxScenario("x", 3, 2, null, true), "numEnemies");
        assertMessage(() -> SmaxScenario.fixed("x", "mq", "m"), "shorthand");
    }

    @Test
    void illegalActionsAreRejected() {
        SmaxEnv env = new SmaxEnv(SmaxScenario.named("2s3z"));
        TimeStep ts = new TimeStep(env.spec());
        assertThrows(IllegalStateException.class, () -> env.step(new int[5], ts), "step before reset");
        env.reset(3, ts);
        // At reset the teams are 16 apart: every attack is masked.
        assertMessage(() -> env.step(new int[] {5, 4, 4, 4, 4}, ts), "masked");
        assertMessage(() -> env.step(new int[] {10, 4, 4, 4, 4}, ts), "expected 0..9");
        assertMessage(() -> env.step(new int[] {4, 4, 4, 4}, ts), "length");
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[5], ts), "continuous actions");
    }

    @Test
    void invalidLoadedStatesNameTheField() {
        SmaxEnv env = new SmaxEnv(SmaxScenario.fixed("t", "m", "s"));
        TimeStep ts = new TimeStep(env.spec());
        assertMessage(() -> env.loadState(new SmaxState(2, 1), 0, ts), "1 allies and 1 enemies");
        SmaxState s = SmaxState.blank(env.scenario()).place(0, 8f, 16f).place(1, 24f, 16f);
        s.health[1] = 161f;
        assertMessage(() -> env.loadState(s, 0, ts), "health[1]");
        s.health[1] = 160f;
        s.x[0] = Float.NaN;
        assertMessage(() -> env.loadState(s, 0, ts), "x[0]");
        s.x[0] = 8f;
        s.type[0] = 6;
        assertMessage(() -> env.loadState(s, 0, ts), "type[0]");
        s.type[0] = 0;
        s.time = 101;
        assertMessage(() -> env.loadState(s, 0, ts), "time");
        s.time = 0;
        s.enemyLastAttacked[0] = 1;
        assertMessage(() -> env.loadState(s, 0, ts), "enemyLastAttacked[0]");
        s.enemyLastAttacked[0] = -1;
        s.prevAttack[0] = 7;
        assertMessage(() -> env.loadState(s, 0, ts), "prevAttack[0]");
        s.prevAttack[0] = 5;
        env.loadState(s, 0, ts); // valid again
    }

    @Test
    void steppingAllocatesNothing() {
        SmaxEnv env = new SmaxEnv(SmaxScenario.named("27m_vs_30m"));
        TimeStep ts = new TimeStep(env.spec());
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Rng rng = new Rng(9);
        int n = env.spec().numAgents();
        int a = env.spec().numActions();
        int[] actions = new int[n];
        long allocated = 0;
        for (int episode = 0; episode < 40; episode++) {
            env.reset(episode, ts);
            while (!ts.isLast()) {
                for (int i = 0; i < n; i++) {
                    int pick;
                    do {
                        pick = rng.nextInt(a);
                    } while (!ts.actionMask[i * a + pick]);
                    actions[i] = pick;
                }
                long before = mx.getCurrentThreadAllocatedBytes();
                env.step(actions, ts);
                long after = mx.getCurrentThreadAllocatedBytes();
                if (episode >= 20) {
                    allocated += after - before;
                }
            }
        }
        assertEquals(0, allocated, "bytes allocated by step() after warm-up");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should mention " + fragment);
    }
}
