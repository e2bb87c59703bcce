package org.magpo.envs.rware;

import java.util.Arrays;
import org.magpo.env.AbstractMultiAgentEnv;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * Robotic Warehouse as Jumanji's {@code RobotWarehouse-v0} plays it (the version MAGPO was evaluated on),
 * see {@code shared/envs/rware.md}. N robots fetch requested shelves to two goal cells; every delivery pays
 * the whole team +1 and a new shelf is requested. Any two robots on one cell end the episode.
 *
 * <p>Outputs per step (raw, without the agent id that {@link org.magpo.env.AgentIdWrapper} prepends):
 * <ul>
 *   <li>{@code obs} {@code [N, obsSize]} (obsSize = 66 for sensor range 1): own row, col, carrying, direction
 *       one-hot (UP, RIGHT, DOWN, LEFT), own-cell-is-highway; 8 neighbour slots {@code [hasAgent, dir one-hot]};
 *       9 shelf slots {@code [hasShelf, requested]} (own cell included). After a collision the Jumanji write
 *       cursor and its index clamping are reproduced (rware.md 8.2).</li>
 *   <li>{@code actionMask} {@code [N, 5]}: only FORWARD can be illegal (loaded robot facing a shelf cell).</li>
 *   <li>{@code reward} {@code [N]}: the team's deliveries this step, repeated for every robot.</li>
 *   <li>{@code discount} {@code [N]}: 0 on the last step (collision or time limit, both terminations in
 *       Jumanji, so {@link TimeStep#terminated} is set for both), 1 otherwise.</li>
 *   <li>{@code state} {@code [N * obsSize]} only when built with {@code globalState}: the raw views of all
 *       robots concatenated (Jumanji's default global state).</li>
 * </ul>
 *
 * <p>Stepping works in place on int grids and allocates nothing.
 */
public final class RwareEnv extends AbstractMultiAgentEnv {
    /** Action ids. */
    public static final int NOOP = 0;
    public static final int FORWARD = 1;
    public static final int LEFT = 2;
    public static final int RIGHT = 3;
    public static final int TOGGLE_LOAD = 4;
    /** Number of actions A. */
    public static final int NUM_ACTIONS = 5;
    /** Directions. */
    public static final int DIR_UP = 0;
    public static final int DIR_RIGHT = 1;
    public static final int DIR_DOWN = 2;
    public static final int DIR_LEFT = 3;

    private final RwareConfig config;
    private final RwareLayout layout;
    private final boolean globalState;
    private final int rows;
    private final int cols;
    private final int numAgents;
    private final int numShelves;
    private final int queueSize;
    private final int obsSize;
    private final int range;
    /** FORWARD target of {@code cell} facing {@code dir} at {@code cell * 4 + dir}, clamped into the grid. */
    private final int[] forwardTarget;

    /** {@code [H*W]}: 0 or robot id + 1; real state, updated in place during a step. */
    private final int[] agentLayer;
    /** {@code [H*W]}: 0 or shelf id + 1. */
    private final int[] shelfLayer;
    private final int[] agentPos;
    private final int[] agentDir;
    private final boolean[] carrying;
    private final int[] shelfPos;
    private final boolean[] requested;
    private final int[] queue;
    /** {@code [N, 5]} mask of the current state, applied by the next step. */
    private final boolean[] mask;
    /** {@code [N]} actions of the last step after masked ones were turned into NOOP. */
    private final int[] effective;
    private int stepCount;
    private int lastDeliveries;
    private boolean lastCollision;
    private boolean episodeOver = true;
    private Rng rng = new Rng(0);

    /**
     * @param taskId      id reported in the spec, e.g. {@code "rware:tiny-2ag"}
     * @param config      task parameters
     * @param globalState whether to fill {@code TimeStep.state} with the concatenated raw views
     */
    public RwareEnv(String taskId, RwareConfig config, boolean globalState) {
        super(new EnvSpec(taskId, config.numAgents(), config.obsSize(),
                globalState ? config.numAgents() * config.obsSize() : 0,
                new ActionSpace.Discrete(NUM_ACTIONS), config.timeLimit()));
        this.config = config;
        this.layout = new RwareLayout(config);
        this.globalState = globalState;
        this.rows = layout.rows();
        this.cols = layout.cols();
        this.numAgents = config.numAgents();
        this.numShelves = layout.numShelves();
        this.queueSize = config.requestQueueSize();
        this.obsSize = config.obsSize();
        this.range = config.sensorRange();
        int cells = rows * cols;
        this.forwardTarget = new int[cells * 4];
        for (int cell = 0; cell < cells; cell++) {
            int r = cell / cols;
            int c = cell % cols;
            forwardTarget[cell * 4 + DIR_UP] = r > 0 ? cell - cols : cell;
            forwardTarget[cell * 4 + DIR_RIGHT] = c < cols - 1 ? cell + 1 : cell;
            forwardTarget[cell * 4 + DIR_DOWN] = r < rows - 1 ? cell + cols : cell;
            forwardTarget[cell * 4 + DIR_LEFT] = c > 0 ? cell - 1 : cell;
        }
        this.agentLayer = new int[cells];
        this.shelfLayer = new int[cells];
        this.agentPos = new int[numAgents];
        this.agentDir = new int[numAgents];
        this.carrying = new boolean[numAgents];
        this.shelfPos = new int[numShelves];
        this.requested = new boolean[numShelves];
        this.queue = new int[queueSize];
        this.mask = new boolean[numAgents * NUM_ACTIONS];
        this.effective = new int[numAgents];
    }

    public RwareConfig config() {
        return config;
    }

    public RwareLayout layout() {
        return layout;
    }

    /**
     * Reset distribution of Jumanji's {@code RandomGenerator}: robots on N distinct cells drawn uniformly from
     * all H*W cells (shelf homes, highways and goals alike), independent uniform directions, Q distinct
     * requested shelves drawn uniformly in random slot order, nothing carried, every shelf at home.
     */
    @Override
    protected void doReset(long seed, TimeStep out) {
        rng = new Rng(seed);
        Arrays.fill(agentLayer, 0);
        Arrays.fill(shelfLayer, 0);
        Arrays.fill(requested, false);
        int cells = rows * cols;
        // Rejection on the layer draws N distinct cells uniformly, without a scratch permutation.
        for (int i = 0; i < numAgents; i++) {
            int cell;
            do {
                cell = rng.nextInt(cells);
            } while (agentLayer[cell] != 0);
            agentPos[i] = cell;
            agentLayer[cell] = i + 1;
        }
        for (int i = 0; i < numAgents; i++) {
            agentDir[i] = rng.nextInt(4);
            carrying[i] = false;
        }
        for (int q = 0; q < queueSize; q++) {
            int s;
            do {
                s = rng.nextInt(numShelves);
            } while (requested[s]);
            requested[s] = true;
            queue[q] = s;
        }
        for (int s = 0; s < numShelves; s++) {
            shelfPos[s] = layout.shelfHome(s);
            shelfLayer[shelfPos[s]] = s + 1;
        }
        stepCount = 0;
        lastDeliveries = 0;
        lastCollision = false;
        Arrays.fill(effective, NOOP);
        out.beginFirst();
        writeOutputs(out);
        episodeOver = false;
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        applyStep(actions, out);
    }

    /**
     * Steps the way Jumanji does, where a masked action is silently turned into NOOP (which drops a carried
     * shelf on a non-highway cell) instead of being rejected as {@link #step(int[], TimeStep)} does. For
     * parity tests with the reference; see {@link #effectiveActions(int[])} for what was applied.
     *
     * @param actions {@code int[N]}, each in {@code [0, 5)}
     */
    public void stepTurningMaskedIntoNoop(int[] actions, TimeStep out) {
        checkShape(out);
        if (episodeOver) {
            throw new IllegalStateException(spec().taskId() + ": step called before reset/load or on a finished"
                    + " episode; call reset() or load() first");
        }
        if (actions == null || actions.length != numAgents) {
            throw new IllegalArgumentException(spec().taskId() + ": actions must have length N=" + numAgents + ", got "
                    + (actions == null ? "null" : actions.length));
        }
        for (int i = 0; i < numAgents; i++) {
            if (actions[i] < 0 || actions[i] >= NUM_ACTIONS) {
                throw new IllegalArgumentException(spec().taskId() + ": action of agent " + i + " is " + actions[i]
                        + ", expected 0.." + (NUM_ACTIONS - 1));
            }
        }
        applyStep(actions, out);
        stateLoaded(out);
    }

    private void applyStep(int[] actions, TimeStep out) {
        // 1. Masked actions become NOOP (only reachable through stepTurningMaskedIntoNoop).
        for (int i = 0; i < numAgents; i++) {
            int a = actions[i];
            effective[i] = mask[i * NUM_ACTIONS + a] ? a : NOOP;
        }
        // 2. Robots act strictly in id order on the shared layers, with no occupancy check (Jumanji's scan).
        for (int i = 0; i < numAgents; i++) {
            int p = agentPos[i];
            switch (effective[i]) {
                case FORWARD -> {
                    int t = forwardTarget[p * 4 + agentDir[i]];
                    agentLayer[p] = 0;
                    agentLayer[t] = i + 1;
                    agentPos[i] = t;
                    if (carrying[i]) {
                        int s = shelfLayer[p];
                        // s == 0 only happens in collided layers; JAX then indexes shelf -1, the last one.
                        shelfPos[s == 0 ? numShelves - 1 : s - 1] = t;
                        shelfLayer[p] = 0;
                        shelfLayer[t] = s;
                    }
                }
                case LEFT -> agentDir[i] = (agentDir[i] + 3) & 3;
                case RIGHT -> agentDir[i] = (agentDir[i] + 1) & 3;
                case TOGGLE_LOAD -> {
                    if (!carrying[i]) {
                        if (shelfLayer[p] > 0) {
                            carrying[i] = true;
                        }
                    } else if (!layout.isHighway(p)) {
                        carrying[i] = false;
                    }
                }
                default -> {
                    // NOOP puts a carried shelf down wherever shelves may stand (a Jumanji quirk).
                    if (!layout.isHighway(p)) {
                        carrying[i] = false;
                    }
                }
            }
        }
        // 3. Collision: some robot's cell no longer holds its id.
        boolean collision = false;
        for (int i = 0; i < numAgents; i++) {
            if (agentLayer[agentPos[i]] != i + 1) {
                collision = true;
                break;
            }
        }
        // 4. Deliveries, goal 0 before goal 1, computed even on a collision step.
        int deliveries = deliver(layout.goal0()) + deliver(layout.goal1());
        stepCount++;
        lastDeliveries = deliveries;
        lastCollision = collision;
        boolean done = collision || stepCount >= config.timeLimit();
        Arrays.fill(out.reward, deliveries);
        out.finish(stepCount, done, false);
        writeOutputs(out);
        episodeOver = done;
    }

    private int deliver(int goal) {
        int s = shelfLayer[goal];
        if (s == 0 || !requested[s - 1]) {
            return 0;
        }
        int delivered = s - 1;
        // Uniform over the shelves not in the queue as it is now (the delivered one is still in it).
        int k = rng.nextInt(numShelves - queueSize);
        int replacement = -1;
        for (int j = 0; j < numShelves; j++) {
            if (!requested[j] && k-- == 0) {
                replacement = j;
                break;
            }
        }
        for (int q = 0; q < queueSize; q++) {
            if (queue[q] == delivered) {
                queue[q] = replacement;
                break;
            }
        }
        requested[delivered] = false;
        requested[replacement] = true;
        return 1;
    }

    /** Mask, observations and (optionally) global state of the current state. */
    private void writeOutputs(TimeStep out) {
        for (int i = 0; i < numAgents; i++) {
            int base = i * NUM_ACTIONS;
            for (int a = 0; a < NUM_ACTIONS; a++) {
                mask[base + a] = true;
            }
            if (carrying[i]) {
                int p = agentPos[i];
                int t = forwardTarget[p * 4 + agentDir[i]];
                if (t != p && shelfLayer[t] != 0) {
                    mask[base + FORWARD] = false;
                }
            }
        }
        System.arraycopy(mask, 0, out.actionMask, 0, mask.length);
        for (int i = 0; i < numAgents; i++) {
            writeObservation(i, out.obs, i * obsSize);
        }
        if (globalState) {
            System.arraycopy(out.obs, 0, out.state, 0, numAgents * obsSize);
        }
    }

    /**
     * Jumanji's write-cursor construction (rware.md 8.2). In a normal state the own cell is skipped and every
     * write lands in its table slot; after a collision the own cell can hold another id (or 0), which shifts
     * the cursor, and every block write clamps its start to {@code obsSize - blockLength} as XLA does.
     */
    private void writeObservation(int i, float[] obs, int off) {
        Arrays.fill(obs, off, off + obsSize, 0f);
        int p = agentPos[i];
        int r = p / cols;
        int c = p - r * cols;
        obs[off] = r;
        obs[off + 1] = c;
        obs[off + 2] = carrying[i] ? 1f : 0f;
        obs[off + 3 + agentDir[i]] = 1f;
        obs[off + 7] = layout.isHighway(p) ? 1f : 0f;
        int idx = 8;
        int self = i + 1;
        for (int rr = r - range; rr <= r + range; rr++) {
            boolean rowInside = rr >= 0 && rr < rows;
            for (int cc = c - range; cc <= c + range; cc++) {
                int v = rowInside && cc >= 0 && cc < cols ? agentLayer[rr * cols + cc] : 0;
                if (v == self) {
                    continue;
                }
                if (v != 0) {
                    obs[off + Math.min(idx, obsSize - 1)] = 1f;
                    int dirStart = off + Math.min(idx + 1, obsSize - 4);
                    // The one-hot is a 4-wide block write: its zeros overwrite too.
                    obs[dirStart] = 0f;
                    obs[dirStart + 1] = 0f;
                    obs[dirStart + 2] = 0f;
                    obs[dirStart + 3] = 0f;
                    obs[dirStart + agentDir[v - 1]] = 1f;
                }
                idx += 5;
            }
        }
        for (int rr = r - range; rr <= r + range; rr++) {
            boolean rowInside = rr >= 0 && rr < rows;
            for (int cc = c - range; cc <= c + range; cc++) {
                int v = rowInside && cc >= 0 && cc < cols ? shelfLayer[rr * cols + cc] : 0;
                if (v != 0) {
                    int start = off + Math.min(idx, obsSize - 2);
                    obs[start] = 1f;
                    obs[start + 1] = requested[v - 1] ? 1f : 0f;
                }
                idx += 2;
            }
        }
    }

    /**
     * Replaces the current state by {@code state} (which must be a consistent, non-collided state of this
     * layout) and writes the observation a reset would return for it, with step type FIRST and the given
     * step count. The next {@code step} continues from there.
     */
    public void load(RwareState state, TimeStep out) {
        checkShape(out);
        validate(state);
        Arrays.fill(agentLayer, 0);
        Arrays.fill(shelfLayer, 0);
        Arrays.fill(requested, false);
        int[] ar = state.agentRow();
        int[] ac = state.agentCol();
        int[] ad = state.agentDir();
        boolean[] carry = state.carrying();
        for (int i = 0; i < numAgents; i++) {
            agentPos[i] = ar[i] * cols + ac[i];
            agentDir[i] = ad[i];
            carrying[i] = carry[i];
            agentLayer[agentPos[i]] = i + 1;
        }
        int[] sr = state.shelfRow();
        int[] sc = state.shelfCol();
        for (int s = 0; s < numShelves; s++) {
            shelfPos[s] = sr[s] * cols + sc[s];
            shelfLayer[shelfPos[s]] = s + 1;
        }
        int[] rq = state.requestQueue();
        for (int q = 0; q < queueSize; q++) {
            queue[q] = rq[q];
            requested[rq[q]] = true;
        }
        stepCount = state.stepCount();
        lastDeliveries = 0;
        lastCollision = false;
        Arrays.fill(effective, NOOP);
        out.beginFirst();
        out.stepCount = stepCount;
        writeOutputs(out);
        episodeOver = false;
        stateLoaded(out);
    }

    private void checkShape(TimeStep out) {
        if (out == null || out.obs.length != numAgents * obsSize || out.actionMask == null
                || out.actionMask.length != numAgents * NUM_ACTIONS || (globalState && out.state == null)) {
            throw new IllegalArgumentException(spec().taskId() + ": TimeStep buffer is not shaped for this spec"
                    + " (obs must be N*obsSize=" + numAgents * obsSize + "); create it with new TimeStep(env.spec())");
        }
    }

    private void validate(RwareState state) {
        String id = spec().taskId();
        if (state.numAgents() != numAgents) {
            throw new IllegalArgumentException(id + ": state has " + state.numAgents() + " robots, expected N="
                    + numAgents);
        }
        if (state.numShelves() != numShelves) {
            throw new IllegalArgumentException(id + ": state has " + state.numShelves() + " shelves, expected S="
                    + numShelves);
        }
        if (state.stepCount() >= config.timeLimit()) {
            throw new IllegalArgumentException(id + ": state stepCount " + state.stepCount() + " must be below the"
                    + " time limit " + config.timeLimit());
        }
        int[] ar = state.agentRow();
        int[] ac = state.agentCol();
        int[] ad = state.agentDir();
        boolean[] carry = state.carrying();
        int[] sr = state.shelfRow();
        int[] sc = state.shelfCol();
        int[] seen = new int[rows * cols];
        for (int i = 0; i < numAgents; i++) {
            int cell = cellOf("robot " + i, ar[i], ac[i]);
            if (ad[i] < 0 || ad[i] > 3) {
                throw new IllegalArgumentException(id + ": robot " + i + " direction is " + ad[i]
                        + ", expected 0 UP, 1 RIGHT, 2 DOWN or 3 LEFT");
            }
            if (seen[cell] != 0) {
                throw new IllegalArgumentException(id + ": robots " + (seen[cell] - 1) + " and " + i
                        + " share cell (" + ar[i] + "," + ac[i] + "); a loadable state has no collision");
            }
            seen[cell] = i + 1;
        }
        Arrays.fill(seen, 0);
        for (int s = 0; s < numShelves; s++) {
            int cell = cellOf("shelf " + s, sr[s], sc[s]);
            if (seen[cell] != 0) {
                throw new IllegalArgumentException(id + ": shelves " + (seen[cell] - 1) + " and " + s
                        + " share cell (" + sr[s] + "," + sc[s] + ")");
            }
            seen[cell] = s + 1;
        }
        for (int i = 0; i < numAgents; i++) {
            if (carry[i] && seen[ar[i] * cols + ac[i]] == 0) {
                throw new IllegalArgumentException(id + ": robot " + i + " carries but no shelf is on its cell ("
                        + ar[i] + "," + ac[i] + ")");
            }
        }
        int[] rq = state.requestQueue();
        if (rq.length != queueSize) {
            throw new IllegalArgumentException(id + ": request queue has " + rq.length + " ids, expected Q="
                    + queueSize);
        }
        boolean[] inQueue = new boolean[numShelves];
        for (int q = 0; q < rq.length; q++) {
            if (rq[q] < 0 || rq[q] >= numShelves) {
                throw new IllegalArgumentException(id + ": request queue slot " + q + " holds shelf " + rq[q]
                        + ", expected 0.." + (numShelves - 1));
            }
            if (inQueue[rq[q]]) {
                throw new IllegalArgumentException(id + ": shelf " + rq[q] + " appears twice in the request queue");
            }
            inQueue[rq[q]] = true;
        }
    }

    private int cellOf(String what, int row, int col) {
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IllegalArgumentException(spec().taskId() + ": " + what + " at (" + row + "," + col
                    + ") is outside the " + rows + "x" + cols + " grid");
        }
        return row * cols + col;
    }

    /** Snapshot of the current state (allocates; for tests and inspection). */
    public RwareState state() {
        int[] ar = new int[numAgents];
        int[] ac = new int[numAgents];
        for (int i = 0; i < numAgents; i++) {
            ar[i] = agentPos[i] / cols;
            ac[i] = agentPos[i] % cols;
        }
        int[] sr = new int[numShelves];
        int[] sc = new int[numShelves];
        for (int s = 0; s < numShelves; s++) {
            sr[s] = shelfPos[s] / cols;
            sc[s] = shelfPos[s] % cols;
        }
        return new RwareState(ar, ac, agentDir, carrying, sr, sc, queue, stepCount);
    }

    /** Agent layer value at {@code (row, col)}: 0 or robot id + 1 (may disagree with positions after a collision). */
    public int agentLayerAt(int row, int col) {
        return agentLayer[layout.cell(row, col)];
    }

    /** Shelf layer value at {@code (row, col)}: 0 or shelf id + 1. */
    public int shelfLayerAt(int row, int col) {
        return shelfLayer[layout.cell(row, col)];
    }

    /** Whether shelf {@code s} is currently requested. */
    public boolean isRequested(int s) {
        return requested[s];
    }

    /** Copies the actions the last step applied (masked ones as NOOP) into {@code dst[N]}. */
    public void effectiveActions(int[] dst) {
        System.arraycopy(effective, 0, dst, 0, numAgents);
    }

    /** Deliveries paid by the last step (0, 1 or 2). */
    public int lastDeliveries() {
        return lastDeliveries;
    }

    /** Whether the last step ended in a collision. */
    public boolean lastCollision() {
        return lastCollision;
    }
}
