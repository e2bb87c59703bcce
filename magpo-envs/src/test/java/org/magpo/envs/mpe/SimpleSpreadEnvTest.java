package org.magpo.envs.mpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;

class SimpleSpreadEnvTest {
    private static final double TOL = 1e-6;

    /** Two agents and two landmarks far apart, so that no contact force acts. */
    private static SimpleSpreadEnv twoAgents(MpeActionType type) {
        return new SimpleSpreadEnv(new SimpleSpreadConfig("mpe:test", 2, 2, 0.5, type));
    }

    private static double[] farApart() {
        return new double[] {-2, 0, 2, 0, 0, 3, 0, -3};
    }

    private static double[] agentPos(SimpleSpreadEnv env) {
        double[] p = new double[2 * (env.config().numAgents() + env.config().numLandmarks())];
        env.positions(p);
        return p;
    }

    private static double[] agentVel(SimpleSpreadEnv env) {
        double[] v = new double[2 * env.config().numAgents()];
        env.velocities(v);
        return v;
    }

    @Test
    void continuousActionGivesFiveTimesComponentDifferencesAndIgnoresSlotZero() {
        SimpleSpreadEnv env = twoAgents(MpeActionType.CONTINUOUS);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(farApart(), new double[4], 0, ts);
        // agent 0: ux = 5*(0.7-0.2) = 2.5, uy = 5*(0.1-0.6) = -2.5; slot 0 (=9) has no effect
        env.step(new float[] {9f, 0.2f, 0.7f, 0.6f, 0.1f, 0f, 0f, 0f, 0f, 0f}, ts);
        double[] v = agentVel(env);
        assertEquals(0.25, v[0], TOL);
        assertEquals(-0.25, v[1], TOL);
        assertEquals(0.0, v[2], TOL);
        assertEquals(0.0, v[3], TOL);
    }

    @Test
    void actionsOutsideTheUnitBoxAreNotClipped() {
        SimpleSpreadEnv env = twoAgents(MpeActionType.CONTINUOUS);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(farApart(), new double[4], 0, ts);
        // ux = 5*(1-(-1)) = 10 and uy = 5*(-1-1) = -10: both beyond what [0,1] actions allow
        env.step(new float[] {0f, -1f, 1f, 1f, -1f, 0f, 3f, -2f, 0f, 0f}, ts);
        double[] v = agentVel(env);
        assertEquals(1.0, v[0], TOL);
        assertEquals(-1.0, v[1], TOL);
        assertEquals(-2.5, v[2], TOL);
        assertEquals(0.0, v[3], TOL);
    }

    @Test
    void positionMovesWithOldVelocityAndVelocityIsDamped() {
        SimpleSpreadEnv env = twoAgents(MpeActionType.CONTINUOUS);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(farApart(), new double[] {0.4, -0.2, 0, 0}, 0, ts);
        // force (5*(0.2-0), 0) = (1, 0)
        env.step(new float[] {0f, 0f, 0.2f, 0f, 0f, 0f, 0f, 0f, 0f, 0f}, ts);
        double[] p = agentPos(env);
        double[] v = agentVel(env);
        assertEquals(-2 + 0.04, p[0], TOL, "x uses the pre-step velocity 0.4");
        assertEquals(0 - 0.02, p[1], TOL);
        assertEquals(0.4 * 0.75 + 1 * 0.1, v[0], TOL);
        assertEquals(-0.2 * 0.75, v[1], TOL);
        assertEquals(0.0, p[4] - 0.0, TOL, "landmarks never move");
        assertEquals(3.0, p[5], TOL);
    }

    @Test
    void overlappingAgentsPushEachOtherApartWithPenetrationTimesContactForce() {
        SimpleSpreadEnv env = twoAgents(MpeActionType.CONTINUOUS);
        TimeStep ts = new TimeStep(env.spec());
        // distance 0.2 < 0.3: penetration ~ 0.1 (softplus(100)*0.001), force 100*0.1 = 10 along x
        env.loadState(new double[] {0, 0, 0.2, 0, 5, 5, -5, -5}, new double[4], 0, ts);
        env.step(new float[10], ts);
        double[] v = agentVel(env);
        assertEquals(-1.0, v[0], 1e-9);
        assertEquals(1.0, v[2], 1e-9);
        assertEquals(0.0, v[1], 1e-12);
        assertEquals(0.0, v[3], 1e-12);
    }

    @Test
    void nearMissJustOutsideContactGivesTinyButNonzeroSoftplusForce() {
        SimpleSpreadEnv env = twoAgents(MpeActionType.CONTINUOUS);
        TimeStep ts = new TimeStep(env.spec());
        // distance 0.305: y = (0.3-0.305)/0.001 = -5, pen = 0.001*log(1+e^-5)
        env.loadState(new double[] {0, 0, 0, 0.305, 5, 5, -5, -5}, new double[4], 0, ts);
        env.step(new float[10], ts);
        double pen = 0.001 * Math.log1p(Math.exp(-5));
        double expectedVy = 100 * pen * 0.1;
        double[] v = agentVel(env);
        assertEquals(-expectedVy, v[1], 1e-12);
        assertEquals(expectedVy, v[3], 1e-12);
        assertTrue(expectedVy > 1e-5, "the force is small but real: " + expectedVy);
    }

    @Test
    void softplusIsStableForLargeArguments() {
        assertEquals(1000.0, SimpleSpreadEnv.softplus(1000.0), 1e-12);
        assertEquals(Math.exp(-1000.0), SimpleSpreadEnv.softplus(-1000.0), 1e-300);
        assertEquals(Math.log(2), SimpleSpreadEnv.softplus(0.0), 1e-15);
    }

    @Test
    void rewardMixesOwnCollisionsAndGlobalLandmarkCoverage() {
        SimpleSpreadEnv env = new SimpleSpreadEnv(new SimpleSpreadConfig("mpe:test", 3, 2, 0.5, MpeActionType.CONTINUOUS));
        TimeStep ts = new TimeStep(env.spec());
        // agents 0 and 1 overlap (distance 0.1), agent 2 is alone; velocities cancel the contact push
        // so the post-step positions are computed by hand below.
        double[] p = {0, 0, 0.1, 0, 3, 0, 0, 1, 3, -2};
        env.loadState(p, new double[6], 0, ts);
        env.step(new float[15], ts);
        double[] q = agentPos(env);
        // positions do not change in the first step (velocity was 0); forces only change velocities
        assertArrayEquals(p, q, 1e-12);
        double global = -(1.0 + 2.0); // landmark (0,1): nearest agent 0 at 1; landmark (3,-2): agent 2 at 2
        assertEquals(-0.5 * 1 + 0.5 * global, ts.reward[0], 1e-6);
        assertEquals(-0.5 * 1 + 0.5 * global, ts.reward[1], 1e-6);
        assertEquals(0.5 * global, ts.reward[2], 1e-6);
    }

    @Test
    void collisionThresholdIsStrict() {
        SimpleSpreadEnv env = twoAgents(MpeActionType.CONTINUOUS);
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(new double[] {0, 0, 0.3, 0, 0, 0, 0.3, 0}, new double[4], 0, ts);
        env.step(new float[10], ts);
        // both landmarks are covered exactly and the agents touch at exactly 0.3: no collision
        assertEquals(0.0, ts.reward[0], 1e-6);
        assertEquals(0.0, ts.reward[1], 1e-6);
    }

    @Test
    void observationListsVelocityPositionLandmarksThenOtherAgentsInAscendingOrderThenZeroComm() {
        SimpleSpreadEnv env = new SimpleSpreadEnv(new SimpleSpreadConfig("mpe:test", 3, 1, 0.5, MpeActionType.CONTINUOUS));
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, new double[] {0.5, -0.5, 0, 0, 0, 0}, 0, ts);
        assertEquals(4 + 2 + 4 * 2, env.spec().obsDim());
        int d = env.spec().obsDim();
        float[] agent1 = Arrays.copyOfRange(ts.obs, d, 2 * d);
        assertArrayEquals(new float[] {0, 0, 3, 4, 4, 4, -2, -2, 2, 2, 0, 0, 0, 0}, agent1);
        float[] agent0 = Arrays.copyOfRange(ts.obs, 0, d);
        assertArrayEquals(new float[] {0.5f, -0.5f, 1, 2, 6, 6, 2, 2, 4, 4, 0, 0, 0, 0}, agent0);
        float[] state = Arrays.copyOf(ts.state, 2 * d);
        assertArrayEquals(Arrays.copyOf(ts.obs, 2 * d), state, "state concatenates the agents' observations");
        assertEquals(3 * d, ts.state.length);
    }

    @Test
    void episodeEndsOnThe26thStepWithZeroDiscount() {
        SimpleSpreadEnv env = new SimpleSpreadEnv(SimpleSpreadConfig.benchmark(3, MpeActionType.CONTINUOUS));
        TimeStep ts = new TimeStep(env.spec());
        env.reset(3, ts);
        assertEquals(StepType.FIRST, ts.stepType);
        float[] a = new float[15];
        for (int t = 1; t <= 25; t++) {
            env.step(a, ts);
            assertEquals(StepType.MID, ts.stepType, "step " + t);
            assertEquals(1f, ts.discount[0]);
        }
        env.step(a, ts);
        assertEquals(StepType.LAST, ts.stepType);
        assertEquals(26, ts.stepCount);
        assertTrue(ts.truncated);
        assertFalse(ts.terminated);
        assertArrayEquals(new float[] {0, 0, 0}, ts.discount);
        assertEquals(26, env.spec().timeLimit());
        assertThrows(IllegalStateException.class, () -> env.step(a, ts));
    }

    @Test
    void resetDrawsPositionsInUnitSquareWithZeroVelocityDeterministicallyPerSeed() {
        SimpleSpreadEnv env = new SimpleSpreadEnv(SimpleSpreadConfig.benchmark(5, MpeActionType.CONTINUOUS));
        TimeStep ts = new TimeStep(env.spec());
        env.reset(11, ts);
        double[] p1 = agentPos(env);
        for (double v : p1) {
            assertTrue(v >= -1 && v < 1, "coordinate " + v);
        }
        assertArrayEquals(new double[10], agentVel(env));
        float[] obs1 = ts.obs.clone();
        env.step(new float[25], ts);
        env.reset(11, ts);
        assertArrayEquals(p1, agentPos(env));
        assertArrayEquals(obs1, ts.obs);
        env.reset(12, ts);
        assertFalse(Arrays.equals(p1, agentPos(env)));
    }

    @Test
    void discreteActionsPushWithMagnitudeFiveAlongOneAxis() {
        SimpleSpreadEnv env = new SimpleSpreadEnv(new SimpleSpreadConfig("mpe:test", 5, 1, 0.5, MpeActionType.DISCRETE));
        assertEquals(new ActionSpace.Discrete(5), env.spec().actionSpace());
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(new double[] {-4, 0, -2, 0, 0, 0, 2, 0, 4, 0, 0, 9}, new double[10], 0, ts);
        for (boolean legal : ts.actionMask) {
            assertTrue(legal);
        }
        env.step(new int[] {0, 1, 2, 3, 4}, ts);
        assertArrayEquals(new double[] {0, 0, -0.5, 0, 0.5, 0, 0, -0.5, 0, 0.5}, agentVel(env), TOL);
    }

    @Test
    void nonFiniteOrMisshapenActionsAreRejectedNamingTheAgent() {
        SimpleSpreadEnv env = new SimpleSpreadEnv(SimpleSpreadConfig.benchmark(3, MpeActionType.CONTINUOUS));
        TimeStep ts = new TimeStep(env.spec());
        env.reset(1, ts);
        float[] nan = new float[15];
        nan[7] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(nan, ts));
        assertTrue(e.getMessage().contains("agent 1"), e.getMessage());
        float[] inf = new float[15];
        inf[14] = Float.NEGATIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> env.step(inf, ts));
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[14], ts));
        assertThrows(IllegalArgumentException.class, () -> env.step(new int[] {0, 0, 0}, ts));
        SimpleSpreadEnv discrete = new SimpleSpreadEnv(SimpleSpreadConfig.benchmark(3, MpeActionType.DISCRETE));
        TimeStep dts = new TimeStep(discrete.spec());
        discrete.reset(1, dts);
        assertThrows(IllegalArgumentException.class, () -> discrete.step(new int[] {0, 5, 0}, dts));
        assertThrows(IllegalArgumentException.class, () -> discrete.step(new int[] {0, -1, 0}, dts));
    }

    @Test
    void badExplicitStatesAndConfigsAreRejected() {
        SimpleSpreadEnv env = twoAgents(MpeActionType.CONTINUOUS);
        TimeStep ts = new TimeStep(env.spec());
        assertThrows(IllegalArgumentException.class, () -> env.loadState(new double[7], new double[4], 0, ts));
        assertThrows(IllegalArgumentException.class, () -> env.loadState(new double[8], new double[3], 0, ts));
        assertThrows(IllegalArgumentException.class, () -> env.loadState(new double[8], new double[4], 26, ts));
        double[] nanPos = new double[8];
        nanPos[3] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> env.loadState(nanPos, new double[4], 0, ts));
        double[] movingLandmark = new double[8];
        movingLandmark[6] = 1;
        assertThrows(IllegalArgumentException.class, () -> env.loadState(new double[8], movingLandmark, 0, ts));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimpleSpreadConfig("mpe:x", 3, 3, 1.5, MpeActionType.CONTINUOUS));
        assertTrue(e.getMessage().contains("localRatio"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SimpleSpreadConfig("mpe:x", 0, 3, 0.5, MpeActionType.CONTINUOUS));
        assertThrows(IllegalArgumentException.class, () -> MpeActionType.parse("box"));
    }

    @Test
    void registryMakesTheThreeBenchmarkTasksWithMavaShapes() {
        int[][] expected = {{3, 21, 54}, {5, 35, 150}, {10, 70, 600}};
        for (int[] row : expected) {
            EnvSpec spec = Envs.make("mpe:simple_spread_" + row[0] + "ag").spec();
            assertEquals(row[0], spec.numAgents());
            assertEquals(row[1], spec.obsDim(), "agents_view with the one-hot id first");
            assertEquals(row[2], spec.stateDim());
            assertEquals(5, spec.actionSpace().actionDim());
            assertFalse(spec.isDiscrete());
        }
        MultiAgentEnv discrete = Envs.make("mpe:simple_spread_3ag", Map.of("actionType", "discrete"), false);
        assertTrue(discrete.spec().isDiscrete());
        assertThrows(IllegalArgumentException.class, () -> Envs.make("mpe:simple_spread_4ag"));
        assertThrows(IllegalArgumentException.class, () -> Envs.make("mpe:simple_spread_3ag", Map.of("walls", "on"), false));
        assertThrows(IllegalArgumentException.class, () -> Envs.make("mpe:simple_spread_3ag", Map.of("actionType", "x"), false));
    }

    @Test
    void steppingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SimpleSpreadEnv env = new SimpleSpreadEnv(SimpleSpreadConfig.benchmark(10, MpeActionType.CONTINUOUS));
        TimeStep ts = new TimeStep(env.spec());
        float[] a = new float[50];
        for (int k = 0; k < a.length; k++) {
            a[k] = (k % 7) / 7f - 0.4f;
        }
        long allocated = 0;
        for (int episode = 0; episode < 200; episode++) {
            env.reset(episode, ts);
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int t = 0; t < 26; t++) {
                env.step(a, ts);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertEquals(0, allocated, "bytes allocated by 26 steps of the last episode");
    }
}
