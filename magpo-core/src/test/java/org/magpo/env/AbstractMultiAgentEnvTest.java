package org.magpo.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AbstractMultiAgentEnvTest {

    private static String message(Class<? extends RuntimeException> type, Runnable r) {
        return assertThrows(type, r::run).getMessage();
    }

    @Test
    void stepBeforeResetIsRejected() {
        ScriptedEnv env = new ScriptedEnv(5);
        TimeStep ts = new TimeStep(env.spec());
        String m = message(IllegalStateException.class, () -> env.step(new int[] {1, 1}, ts));
        assertTrue(m.contains("before reset"), m);
    }

    @Test
    void wrongActionLengthNamesTheExpectedLength() {
        ScriptedEnv env = new ScriptedEnv(5);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        String m = message(IllegalArgumentException.class, () -> env.step(new int[] {1, 1, 1}, ts));
        assertTrue(m.contains("N=2") && m.contains("got 3"), m);
        m = message(IllegalArgumentException.class, () -> env.step((int[]) null, ts));
        assertTrue(m.contains("null"), m);
    }

    @Test
    void outOfRangeActionNamesAgentValueAndRange() {
        ScriptedEnv env = new ScriptedEnv(5);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        String m = message(IllegalArgumentException.class, () -> env.step(new int[] {1, 3}, ts));
        assertTrue(m.contains("agent 1") && m.contains("is 3") && m.contains("0..2"), m);
        m = message(IllegalArgumentException.class, () -> env.step(new int[] {-1, 0}, ts));
        assertTrue(m.contains("agent 0") && m.contains("-1"), m);
    }

    @Test
    void maskedActionIsRejectedListingTheLegalOnes() {
        ScriptedEnv env = new ScriptedEnv(5);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        String m = message(IllegalArgumentException.class, () -> env.step(new int[] {2, 2}, ts));
        assertTrue(m.contains("action 2 of agent 1") && m.contains("masked") && m.contains("[0, 1]"), m);
    }

    @Test
    void maskIsCheckedAgainstTheEnvNotTheCallersBuffer() {
        ScriptedEnv env = new ScriptedEnv(5);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        ts.actionMask[1 * 3 + 2] = true; // a caller editing its copy must not unlock the action
        assertThrows(IllegalArgumentException.class, () -> env.step(new int[] {0, 2}, ts));
    }

    @Test
    void steppingAFinishedEpisodeNeedsAReset() {
        ScriptedEnv env = new ScriptedEnv(5);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        env.step(new int[] {0, 0}, ts);
        assertTrue(ts.isLast() && ts.terminated && !ts.truncated);
        assertArrayEquals(new float[] {0, 0}, ts.discount);
        String m = message(IllegalStateException.class, () -> env.step(new int[] {1, 1}, ts));
        assertTrue(m.contains("finished episode") && m.contains("reset"), m);
        env.reset(1, ts);
        env.step(new int[] {1, 1}, ts);
        assertEquals(StepType.MID, ts.stepType);
    }

    @Test
    void timeLimitTruncatesWithDiscountOne() {
        ScriptedEnv env = new ScriptedEnv(2);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        env.step(new int[] {1, 1}, ts);
        assertFalse(ts.isLast());
        env.step(new int[] {1, 1}, ts);
        assertTrue(ts.isLast() && ts.truncated && !ts.terminated);
        assertArrayEquals(new float[] {1, 1}, ts.discount);
        assertEquals(2, ts.stepCount);
    }

    @Test
    void actionKindMustMatchTheActionSpace() {
        ScriptedEnv discrete = new ScriptedEnv(5);
        TimeStep td = new TimeStep(discrete.spec());
        discrete.reset(0, td);
        String m = message(IllegalArgumentException.class, () -> discrete.step(new float[] {0f, 0f}, td));
        assertTrue(m.contains("discrete") && m.contains("int[]"), m);
        BoxEnv box = new BoxEnv(5);
        TimeStep tb = new TimeStep(box.spec());
        box.reset(0, tb);
        m = message(IllegalArgumentException.class, () -> box.step(new int[] {0, 0}, tb));
        assertTrue(m.contains("continuous") && m.contains("float[]") && m.contains("4"), m);
    }

    @Test
    void nonFiniteContinuousActionNamesAgentAndComponent() {
        BoxEnv env = new BoxEnv(5);
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        String m = message(IllegalArgumentException.class,
                () -> env.step(new float[] {0f, 0f, 0f, Float.NaN}, ts));
        assertTrue(m.contains("component 1") && m.contains("agent 1") && m.contains("NaN"), m);
        m = message(IllegalArgumentException.class, () -> env.step(new float[] {0f, 0f, 0f}, ts));
        assertTrue(m.contains("N*dims=4") && m.contains("got 3"), m);
        // Out-of-box but finite values are the environment's business (e.g. MPE clips), not an error.
        env.step(new float[] {2f, 0f, -3f, 0f}, ts);
        assertArrayEquals(new float[] {2f, -3f}, ts.reward);
    }

    @Test
    void bufferShapedForAnotherSpecIsRejected() {
        ScriptedEnv env = new ScriptedEnv(5);
        TimeStep wrong = new TimeStep(new EnvSpec("test:other", 3, 1, 0, new ActionSpace.Discrete(3), 5));
        String m = message(IllegalArgumentException.class, () -> env.reset(0, wrong));
        assertTrue(m.contains("not shaped"), m);
    }

    @Test
    void specValidationNamesTheField() {
        ActionSpace a = new ActionSpace.Discrete(2);
        assertTrue(message(IllegalArgumentException.class, () -> new EnvSpec("x:y", 0, 1, 0, a, 1))
                .contains("numAgents"));
        assertTrue(message(IllegalArgumentException.class, () -> new EnvSpec("x:y", 1, 0, 0, a, 1))
                .contains("obsDim"));
        assertTrue(message(IllegalArgumentException.class, () -> new EnvSpec(" ", 1, 1, 0, a, 1))
                .contains("taskId"));
        assertTrue(message(IllegalArgumentException.class, () -> new ActionSpace.Discrete(0)).contains("n must"));
        assertTrue(message(IllegalArgumentException.class,
                () -> new ActionSpace.Box(2, new float[] {0, 1}, new float[] {1, 0})).contains("low[1]"));
        EnvSpec box = new EnvSpec("x:y", 1, 1, 0, ActionSpace.Box.uniform(2, -1, 1), 1);
        assertTrue(message(IllegalStateException.class, box::numActions).contains("continuous"));
    }
}
