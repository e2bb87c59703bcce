package org.magpo.envs.connector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;

class ConnectorEnvTest {
    private static final int G = 5;

    private static int cell(int row, int col) {
        return row * G + col;
    }

    private static ConnectorEnv env(int agents, ConnectorObservation obs, boolean team) {
        return new ConnectorEnv(new ConnectorConfig("connector:test", G, agents, G * G, obs, team));
    }

    /** Builds a board with each agent's head at {@code heads[k]} and target at {@code targets[k]}. */
    private static TimeStep load(ConnectorEnv env, int[] heads, int[] targets) {
        int[] board = new int[G * G];
        for (int k = 0; k < heads.length; k++) {
            board[heads[k]] = GridCodes.head(k);
            board[targets[k]] = GridCodes.target(k);
        }
        TimeStep ts = new TimeStep(env.spec());
        env.loadState(board, heads, targets, heads.clone(), 0, ts);
        return ts;
    }

    private static int[] board(ConnectorEnv env) {
        int[] b = new int[G * G];
        env.board(b);
        return b;
    }

    private static boolean[] maskOf(TimeStep ts, int agent) {
        return Arrays.copyOfRange(ts.actionMask, agent * 5, agent * 5 + 5);
    }

    @Test
    void moveLeavesPathBehindAndNoopKeepsPlace() {
        ConnectorEnv env = env(2, ConnectorObservation.VECTOR, false);
        TimeStep ts = load(env, new int[] {cell(2, 2), cell(0, 0)}, new int[] {cell(4, 4), cell(0, 4)});
        env.step(new int[] {GridCodes.RIGHT, GridCodes.NOOP}, ts);
        int[] b = board(env);
        assertEquals(GridCodes.path(0), b[cell(2, 2)]);
        assertEquals(GridCodes.head(0), b[cell(2, 3)]);
        assertEquals(cell(2, 3), env.position(0));
        assertEquals(GridCodes.head(1), b[cell(0, 0)]);
        assertEquals(1, ts.stepCount);
        assertEquals(StepType.MID, ts.stepType);
    }

    @Test
    void contestedCellGoesToHigherIdAndLoserLeavesNoPath() {
        ConnectorEnv env = env(2, ConnectorObservation.VECTOR, false);
        TimeStep ts = load(env, new int[] {cell(2, 1), cell(2, 3)}, new int[] {cell(4, 4), cell(0, 0)});
        env.step(new int[] {GridCodes.RIGHT, GridCodes.LEFT}, ts);
        int[] b = board(env);
        assertEquals(GridCodes.head(1), b[cell(2, 2)]);
        assertEquals(GridCodes.path(1), b[cell(2, 3)]);
        assertEquals(GridCodes.head(0), b[cell(2, 1)], "the loser's cell stays its head, no path");
        assertEquals(cell(2, 1), env.position(0));
        assertEquals(3, env.totalPathLength(), "one path cell plus two heads");
    }

    @Test
    void masksForbidLeavingTheBoardAndEnteringHeadsPathsAndOtherTargets() {
        ConnectorEnv env = env(3, ConnectorObservation.VECTOR, false);
        // agent 0 in the top-left corner, agent 1 to its right, agent 2's target below it
        TimeStep ts = load(env, new int[] {cell(0, 0), cell(0, 1), cell(4, 4)},
                new int[] {cell(3, 3), cell(4, 0), cell(1, 0)});
        assertArrayEquals(new boolean[] {true, false, false, false, false}, maskOf(ts, 0));
        // agent 1: up off-board, right empty, down empty, left agent 0's head
        assertArrayEquals(new boolean[] {true, false, true, true, false}, maskOf(ts, 1));
        // agent 1 moves down; its old cell becomes a path that agent 0 may not enter either
        env.step(new int[] {0, GridCodes.DOWN, 0}, ts);
        assertArrayEquals(new boolean[] {true, false, false, false, false}, maskOf(ts, 0));
        assertTrue(ts.discount[0] == 0f, "agent 0 is blocked, hence done, so its MID discount is 0");
        assertEquals(1f, ts.discount[1]);
    }

    @Test
    void maskedActionsAreRejectedButIgnoredWhenReplayingTheReference() {
        ConnectorEnv env = env(2, ConnectorObservation.VECTOR, false);
        TimeStep ts = load(env, new int[] {cell(0, 0), cell(0, 1)}, new int[] {cell(3, 3), cell(4, 0)});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> env.step(new int[] {GridCodes.UP, 0}, ts));
        assertTrue(e.getMessage().contains("agent 0") && e.getMessage().contains("masked"), e.getMessage());
        int[] before = board(env);
        env.stepIgnoringMask(new int[] {GridCodes.UP, GridCodes.LEFT}, ts);
        assertArrayEquals(before, board(env), "invalid moves leave the board unchanged");
        assertEquals(1, ts.stepCount);
        assertThrows(IllegalArgumentException.class, () -> env.stepIgnoringMask(new int[] {5, 0}, ts));
        assertThrows(IllegalArgumentException.class, () -> env.stepIgnoringMask(new int[] {0}, ts));
    }

    @Test
    void connectingPaysOneMinusStepCostThenNothingAndOnlyNoopStaysLegal() {
        ConnectorEnv env = env(2, ConnectorObservation.VECTOR, false);
        TimeStep ts = load(env, new int[] {cell(2, 2), cell(0, 0)}, new int[] {cell(2, 3), cell(4, 4)});
        env.step(new int[] {GridCodes.RIGHT, GridCodes.DOWN}, ts);
        assertEquals(0.97f, ts.reward[0], 1e-6);
        assertEquals(-0.03f, ts.reward[1], 1e-6);
        assertTrue(env.connected(0));
        assertEquals(GridCodes.head(0), board(env)[cell(2, 3)], "the target now shows the head");
        assertArrayEquals(new boolean[] {true, false, false, false, false}, maskOf(ts, 0));
        assertEquals(0f, ts.discount[0]);
        assertEquals(1, env.numConnections());
        assertEquals(0.5, env.ratioConnections(), 1e-12);
        env.step(new int[] {GridCodes.NOOP, GridCodes.DOWN}, ts);
        assertEquals(0f, ts.reward[0], 0f);
        assertEquals(-0.03f, ts.reward[1], 1e-6);
    }

    @Test
    void teamRewardIsTheSumRepeatedForEveryAgent() {
        ConnectorEnv env = env(3, ConnectorObservation.VECTOR, true);
        TimeStep ts = load(env, new int[] {cell(2, 2), cell(0, 0), cell(4, 4)},
                new int[] {cell(2, 3), cell(4, 0), cell(0, 4)});
        env.step(new int[] {GridCodes.RIGHT, 0, 0}, ts);
        for (int k = 0; k < 3; k++) {
            assertEquals(0.97 - 0.03 - 0.03, ts.reward[k], 1e-6);
        }
    }

    @Test
    void episodeTerminatesWhenEveryAgentIsConnectedOrBlocked() {
        ConnectorEnv env = env(2, ConnectorObservation.VECTOR, false);
        // agent 1 sits in a corner boxed in by agent 0's target and head: blocked from the start
        TimeStep ts = load(env, new int[] {cell(0, 1), cell(0, 0)}, new int[] {cell(1, 0), cell(4, 4)});
        assertArrayEquals(new boolean[] {true, false, false, false, false}, maskOf(ts, 1));
        env.step(new int[] {GridCodes.DOWN, 0}, ts);
        assertEquals(StepType.MID, ts.stepType, "agent 0 still has to reach its target");
        env.step(new int[] {GridCodes.LEFT, 0}, ts);
        assertTrue(env.connected(0));
        assertEquals(StepType.LAST, ts.stepType);
        assertTrue(ts.terminated);
        assertArrayEquals(new float[] {0f, 0f}, ts.discount);
        assertThrows(IllegalStateException.class, () -> env.step(new int[] {0, 0}, ts));
    }

    @Test
    void timeLimitOfGridSquaredTruncatesWithZeroDiscount() {
        ConnectorEnv env = env(2, ConnectorObservation.VECTOR, true);
        TimeStep ts = load(env, new int[] {cell(2, 2), cell(0, 0)}, new int[] {cell(4, 4), cell(0, 4)});
        for (int t = 1; t < 25; t++) {
            env.step(new int[] {0, 0}, ts);
            assertEquals(StepType.MID, ts.stepType, "step " + t);
        }
        env.step(new int[] {0, 0}, ts);
        assertEquals(StepType.LAST, ts.stepType);
        assertTrue(ts.truncated);
        assertEquals(25, ts.stepCount);
        assertArrayEquals(new float[] {0f, 0f}, ts.discount);
    }

    @Test
    void vectorViewScalesCoordinatesByGridAreaAndPadsOutsideWithOne() {
        ConnectorEnv env = env(2, ConnectorObservation.VECTOR, true);
        TimeStep ts = load(env, new int[] {cell(0, 0), cell(1, 1)}, new int[] {cell(2, 1), cell(0, 2)});
        float[] v = Arrays.copyOfRange(ts.obs, 0, 54);
        assertEquals(0f, v[0]);
        assertEquals(0f, v[1]);
        assertEquals(2f / 25, v[2], 1e-7);
        assertEquals(1f / 25, v[3], 1e-7);
        // window rows -2..2, cols -2..2 around (0,0): only rows 0..2 x cols 0..2 are on the board
        float[] blockers = Arrays.copyOfRange(v, 4, 29);
        float[] targets = Arrays.copyOfRange(v, 29, 54);
        assertArrayEquals(new float[] {
            1, 1, 1, 1, 1,
            1, 1, 1, 1, 1,
            1, 1, 1, 0, 0, // own head at (0,0) counts as a blocker
            1, 1, 0, 1, 0, // agent 1's head at (1,1)
            1, 1, 0, 0, 0}, blockers);
        assertArrayEquals(new float[] {
            1, 1, 1, 1, 1,
            1, 1, 1, 1, 1,
            1, 1, 0, 0, -1, // agent 1's target at (0,2)
            1, 1, 0, 0, 0,
            1, 1, 0, 1, 0}, targets); // own target at (2,1)
        assertArrayEquals(Arrays.copyOf(ts.obs, 108), ts.state, "state concatenates every agent's vector");
    }

    @Test
    void connectedAgentsVectorViewReportsTargetAtOrigin() {
        ConnectorEnv env = env(2, ConnectorObservation.VECTOR, true);
        TimeStep ts = load(env, new int[] {cell(3, 3), cell(0, 0)}, new int[] {cell(3, 4), cell(4, 0)});
        env.step(new int[] {GridCodes.RIGHT, 0}, ts);
        assertEquals(3f / 25, ts.obs[0], 1e-7);
        assertEquals(4f / 25, ts.obs[1], 1e-7);
        assertEquals(0f, ts.obs[2]);
        assertEquals(0f, ts.obs[3]);
    }

    @Test
    void gridViewLabelsOwnersRelativeToTheObservingAgent() {
        ConnectorEnv env = env(3, ConnectorObservation.GRID, true);
        TimeStep ts = load(env, new int[] {cell(0, 0), cell(0, 2), cell(0, 4)},
                new int[] {cell(4, 0), cell(4, 2), cell(4, 4)});
        int dim = G * G * 5;
        // agent 1 sees its own head as relative index 0 -> 1/3 with the own-head flag,
        // agent 2's head as 2/3 and agent 0's head as 3/3
        int base = dim;
        assertEquals(1f / 3, ts.obs[base + cell(0, 2) * 5], 1e-7);
        assertEquals(1f, ts.obs[base + cell(0, 2) * 5 + 3]);
        assertEquals(2f / 3, ts.obs[base + cell(0, 4) * 5], 1e-7);
        assertEquals(1f, ts.obs[base + cell(0, 0) * 5], 1e-7);
        assertEquals(0f, ts.obs[base + cell(0, 0) * 5 + 3]);
        assertEquals(1f / 3, ts.obs[base + cell(4, 2) * 5 + 1], 1e-7);
        assertEquals(1f, ts.obs[base + cell(4, 2) * 5 + 4]);
        env.step(new int[] {GridCodes.DOWN, 0, 0}, ts);
        assertEquals(1f, ts.obs[base + cell(0, 0) * 5 + 2], "any path is 1 in channel 2");
        // global state: agent 0's un-rotated channels 0..2
        assertEquals(1f / 3, ts.state[cell(1, 0) * 3], 1e-7);
        assertEquals(2f / 3, ts.state[cell(0, 2) * 3], 1e-7);
        assertEquals(1f, ts.state[cell(4, 4) * 3 + 1], 1e-7);
        assertEquals(1f, ts.state[cell(0, 0) * 3 + 2]);
        assertEquals(G * G * 3, ts.state.length);
    }

    @Test
    void resetDrawsSolvableBoardsDeterministicallyPerSeed() {
        ConnectorEnv env = new ConnectorEnv(ConnectorConfig.benchmark(10, 10, ConnectorObservation.VECTOR));
        TimeStep ts = new TimeStep(env.spec());
        for (long seed = 0; seed < 50; seed++) {
            env.reset(seed, ts);
            int[] b = new int[100];
            env.board(b);
            int nonEmpty = 0;
            for (int v : b) {
                nonEmpty += v != 0 ? 1 : 0;
            }
            assertEquals(20, nonEmpty, "one head and one target per agent, seed " + seed);
            for (int k = 0; k < 10; k++) {
                assertEquals(GridCodes.head(k), b[env.position(k)]);
                assertEquals(GridCodes.target(k), b[env.target(k)]);
                assertEquals(env.start(k), env.position(k));
                assertFalse(env.connected(k));
            }
            assertEquals(StepType.FIRST, ts.stepType);
            assertEquals(0, ts.stepCount);
        }
        env.reset(7, ts);
        float[] obs = ts.obs.clone();
        int[] b1 = board(env, 100);
        env.reset(8, ts);
        env.reset(7, ts);
        assertArrayEquals(obs, ts.obs);
        assertArrayEquals(b1, board(env, 100));
    }

    private static int[] board(ConnectorEnv env, int cells) {
        int[] b = new int[cells];
        env.board(b);
        return b;
    }

    @Test
    void malformedStatesConfigsAndActionsAreRejected() {
        ConnectorEnv env = env(2, ConnectorObservation.VECTOR, true);
        TimeStep ts = new TimeStep(env.spec());
        int[] board = new int[25];
        board[0] = GridCodes.head(0);
        board[1] = GridCodes.head(1);
        board[2] = GridCodes.target(0);
        board[3] = GridCodes.target(1);
        int[] heads = {0, 1};
        int[] targets = {2, 3};
        assertThrows(IllegalArgumentException.class, () -> env.loadState(new int[24], heads, targets, heads, 0, ts));
        assertThrows(IllegalArgumentException.class, () -> env.loadState(board, new int[] {1, 0}, targets, heads, 0, ts));
        assertThrows(IllegalArgumentException.class, () -> env.loadState(board, heads, new int[] {3, 2}, heads, 0, ts));
        assertThrows(IllegalArgumentException.class, () -> env.loadState(board, heads, targets, heads, 25, ts));
        assertThrows(IllegalArgumentException.class, () -> env.loadState(board, heads, new int[] {2, 99}, heads, 0, ts));
        int[] bad = board.clone();
        bad[10] = 99;
        assertThrows(IllegalArgumentException.class, () -> env.loadState(bad, heads, targets, heads, 0, ts));
        env.loadState(board, heads, targets, heads, 0, ts);
        assertThrows(IllegalArgumentException.class, () -> env.step(new int[] {0}, ts));
        assertThrows(IllegalArgumentException.class, () -> env.step(new int[] {0, 5}, ts));
        assertThrows(IllegalArgumentException.class, () -> env.step(new float[2], ts));
        assertThrows(IllegalArgumentException.class, () -> new ConnectorConfig("c:x", 1, 1, 1, ConnectorObservation.GRID, true));
        assertThrows(IllegalArgumentException.class, () -> new ConnectorConfig("c:x", 5, 13, 25, ConnectorObservation.GRID, true));
        assertThrows(IllegalArgumentException.class, () -> new ConnectorConfig("c:x", 5, 3, 0, ConnectorObservation.GRID, true));
        assertThrows(IllegalArgumentException.class, () -> ConnectorObservation.parse("image"));
        assertThrows(IllegalStateException.class,
                () -> env(2, ConnectorObservation.VECTOR, true).stepIgnoringMask(new int[] {0, 0}, new TimeStep(env.spec())));
    }

    @Test
    void registryMakesTheFourBenchmarkTasksWithMavaShapes() {
        int[][] expected = {{5, 3, 57, 162}, {7, 5, 59, 270}, {10, 10, 64, 540}, {15, 23, 77, 1242}};
        for (int[] row : expected) {
            String id = "connector:con-" + row[0] + "x" + row[0] + "x" + row[1] + "a";
            EnvSpec spec = Envs.make(id).spec();
            assertEquals(row[1], spec.numAgents());
            assertEquals(row[2], spec.obsDim(), "54 features plus the one-hot id");
            assertEquals(row[3], spec.stateDim());
            assertEquals(5, spec.numActions());
            assertEquals(row[0] * row[0], spec.timeLimit());
            MultiAgentEnv grid = Envs.make(id, Map.of("observation", "grid"), false);
            assertEquals(row[0] * row[0] * 5, grid.spec().obsDim());
            assertEquals(row[0] * row[0] * 3, grid.spec().stateDim());
        }
        assertThrows(IllegalArgumentException.class, () -> Envs.make("connector:con-6x6x3a"));
        assertThrows(IllegalArgumentException.class, () -> Envs.make("connector:con-5x5x3a", Map.of("walls", "1"), false));
        assertThrows(IllegalArgumentException.class,
                () -> Envs.make("connector:con-5x5x3a", Map.of("aggregateRewards", "yes"), false));
        MultiAgentEnv perAgent = Envs.make("connector:con-5x5x3a", Map.of("aggregateRewards", "false"), false);
        assertFalse(((ConnectorEnv) perAgent).config().aggregateRewards());
    }

    @Test
    void steppingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (ConnectorObservation obs : ConnectorObservation.values()) {
            ConnectorEnv env = new ConnectorEnv(ConnectorConfig.benchmark(15, 23, obs));
            TimeStep ts = new TimeStep(env.spec());
            int[] actions = new int[23];
            long allocated = 0;
            for (int episode = 0; episode < 200; episode++) {
                env.reset(episode, ts);
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int t = 0; t < 10 && !ts.isLast(); t++) {
                    for (int k = 0; k < 23; k++) {
                        // first legal move in a fixed order, so agents actually walk
                        actions[k] = 0;
                        for (int a = 1; a < 5; a++) {
                            if (ts.actionMask[k * 5 + a]) {
                                actions[k] = a;
                                break;
                            }
                        }
                    }
                    env.step(actions, ts);
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, allocated, obs + ": bytes allocated by the steps of the last episode");
        }
    }
}
