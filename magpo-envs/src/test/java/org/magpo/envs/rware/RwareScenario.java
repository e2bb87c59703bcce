package org.magpo.envs.rware;

import org.magpo.env.TimeStep;

/**
 * Test helper: builds hand-made warehouse states (shelves at home unless moved) and loads them, so each
 * rule test reads as "robots here, facing there, then these actions".
 */
final class RwareScenario {
    final RwareEnv env;
    final TimeStep out;
    private final int[] agentRow;
    private final int[] agentCol;
    private final int[] agentDir;
    private final boolean[] carrying;
    private final int[] shelfRow;
    private final int[] shelfCol;
    private int[] queue;

    /** Tiny warehouse (11 x 10, 32 shelves, goals (10,4) (10,5)) with {@code n} robots and queue size {@code q}. */
    static RwareScenario tiny(int n, int q) {
        return new RwareScenario(new RwareConfig(1, 3, 8, n, 1, q, 500));
    }

    /** The golden cases' mini warehouse: 5 x 10, 8 shelves, goals (4,4) (4,5). */
    static RwareScenario mini(int n, int q, int timeLimit) {
        return new RwareScenario(new RwareConfig(1, 3, 2, n, 1, q, timeLimit));
    }

    RwareScenario(RwareConfig config) {
        this.env = new RwareEnv("rware:test", config, false);
        this.out = new TimeStep(env.spec());
        int n = config.numAgents();
        agentRow = new int[n];
        agentCol = new int[n];
        agentDir = new int[n];
        carrying = new boolean[n];
        RwareLayout layout = env.layout();
        int s = layout.numShelves();
        shelfRow = new int[s];
        shelfCol = new int[s];
        for (int k = 0; k < s; k++) {
            shelfRow[k] = layout.shelfHome(k) / layout.cols();
            shelfCol[k] = layout.shelfHome(k) % layout.cols();
        }
        queue = new int[config.requestQueueSize()];
        for (int k = 0; k < queue.length; k++) {
            queue[k] = k;
        }
        // Robots start parked far apart on the top highway row unless placed.
        for (int i = 0; i < n; i++) {
            agentRow[i] = 0;
            agentCol[i] = i;
        }
    }

    RwareScenario robot(int i, int row, int col, int dir) {
        agentRow[i] = row;
        agentCol[i] = col;
        agentDir[i] = dir;
        return this;
    }

    /** Robot {@code i} carries the shelf {@code s}, which is moved onto the robot's cell. */
    RwareScenario carrying(int i, int s) {
        carrying[i] = true;
        shelfRow[s] = agentRow[i];
        shelfCol[s] = agentCol[i];
        return this;
    }

    RwareScenario shelf(int s, int row, int col) {
        shelfRow[s] = row;
        shelfCol[s] = col;
        return this;
    }

    RwareScenario queue(int... ids) {
        queue = ids.clone();
        return this;
    }

    RwareScenario load() {
        env.load(new RwareState(agentRow, agentCol, agentDir, carrying, shelfRow, shelfCol, queue, 0), out);
        return this;
    }

    /** Steps through the validating API (masked actions are rejected). */
    RwareScenario step(int... actions) {
        env.step(actions, out);
        return this;
    }

    int shelfId(int row, int col) {
        return env.shelfLayerAt(row, col) - 1;
    }

    float view(int agent, int index) {
        return out.obs[agent * env.spec().obsDim() + index];
    }

    boolean legal(int agent, int action) {
        return out.actionMask[agent * RwareEnv.NUM_ACTIONS + action];
    }
}
