package org.magpo.envs.connector;

import java.util.Arrays;
import org.magpo.env.AbstractMultiAgentEnv;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * Jumanji's {@code Connector-v2} with Mava's wrappers: N agents each draw a wire from their start to
 * their target on a G x G board; wires may not cross.
 *
 * <p>Rules ({@code shared/envs/connector.md}): a move is valid into an empty cell or the agent's own
 * target, judged on the old board, and only while the agent is not connected; when several agents
 * move into one cell the highest id gets it and the others stay put (leaving no path). Dense reward
 * per agent: +1 on connecting, -0.03 on every step it starts unconnected; with
 * {@link ConnectorConfig#aggregateRewards()} (Mava's default) every agent receives the team sum. The
 * mask allows NOOP always and a move when it is valid on the new board. An agent is done when
 * connected or blocked; the episode ends when all are done (terminated) or at the time limit
 * (truncated). Discount: 0 for every agent on the LAST step, {@code 1 - done_k} on MID steps.
 *
 * <p>Outputs: {@code obs [N, 54]} or {@code [N, G*G*5]} ({@link ConnectorObservation}),
 * {@code state [N*54]} or {@code [G*G*3]}, {@code actionMask [N, 5]}, {@code reward [N]},
 * {@code discount [N]}. Extras as Jumanji reports them: {@link #numConnections()},
 * {@link #ratioConnections()}, {@link #totalPathLength()}.
 */
public final class ConnectorEnv extends AbstractMultiAgentEnv {
    /** Reward for connecting. */
    public static final double CONNECTED_REWARD = 1.0;
    /** Reward per step an agent starts unconnected. */
    public static final double TIMESTEP_REWARD = -0.03;

    private final ConnectorConfig config;
    private final int g;
    private final int n;
    private final RandomWalkGenerator generator;
    /** Board {@code [G*G]}, row-major. */
    private final int[] grid;
    private final int[] position;
    private final int[] target;
    private final int[] start;
    private final boolean[] wasConnected;
    private final boolean[] done;
    private final int[] proposal;
    /** Highest agent id proposing each cell this step, or -1 {@code [G*G]}. */
    private final int[] claim;
    private final double[] agentReward;
    /** Cell reached by each move {@code [G*G, 4]} (actions 1..4), -1 off the board. */
    private final int[] moves;
    private int stepCount;
    /** True between a reset (or loaded state) and the LAST step, for {@link #stepIgnoringMask}. */
    private boolean running;

    public ConnectorEnv(ConnectorConfig config) {
        super(spec(config));
        this.config = config;
        this.g = config.gridSize();
        this.n = config.numAgents();
        this.generator = new RandomWalkGenerator(g, n);
        this.grid = new int[g * g];
        this.position = new int[n];
        this.target = new int[n];
        this.start = new int[n];
        this.wasConnected = new boolean[n];
        this.done = new boolean[n];
        this.proposal = new int[n];
        this.claim = new int[g * g];
        this.agentReward = new double[n];
        this.moves = new int[g * g * 4];
        for (int c = 0; c < g * g; c++) {
            for (int a = GridCodes.UP; a <= GridCodes.LEFT; a++) {
                moves[4 * c + a - 1] = GridCodes.neighbour(c, a, g);
            }
        }
        Arrays.fill(claim, -1);
    }

    private static EnvSpec spec(ConnectorConfig c) {
        if (c == null) {
            throw new IllegalArgumentException("ConnectorEnv.config must not be null");
        }
        return new EnvSpec(c.taskId(), c.numAgents(), c.obsDim(), c.stateDim(),
                new ActionSpace.Discrete(GridCodes.NUM_ACTIONS), c.timeLimit());
    }

    /** The task parameters. */
    public ConnectorConfig config() {
        return config;
    }

    @Override
    protected void doReset(long seed, TimeStep out) {
        generator.generate(new Rng(seed), grid, start, target);
        System.arraycopy(start, 0, position, 0, n);
        stepCount = 0;
        running = true;
        out.beginFirst();
        writeMasksAndDone(out.actionMask);
        writeObservations(out);
    }

    /**
     * Loads an explicit board (golden tests, curricula) as a FIRST step with step count {@code steps}.
     *
     * @param board     {@code [G*G]} row-major raw encoding
     * @param positions each agent's head cell {@code [N]} (row * G + col)
     * @param targets   each agent's target cell {@code [N]}
     * @param starts    each agent's start cell {@code [N]} (informational)
     */
    public void loadState(int[] board, int[] positions, int[] targets, int[] starts, int steps, TimeStep out) {
        checkLength("board", board, g * g);
        checkLength("positions", positions, n);
        checkLength("targets", targets, n);
        checkLength("starts", starts, n);
        if (steps < 0 || steps >= config.timeLimit()) {
            throw new IllegalArgumentException("step count must lie in [0, " + (config.timeLimit() - 1) + "], got " + steps);
        }
        for (int c = 0; c < board.length; c++) {
            if (board[c] < 0 || board[c] > GridCodes.target(n - 1)) {
                throw new IllegalArgumentException("board cell " + c + " holds " + board[c] + ", expected 0.."
                        + GridCodes.target(n - 1) + " for " + n + " agents");
            }
        }
        for (int k = 0; k < n; k++) {
            checkCell("position of agent " + k, positions[k]);
            checkCell("target of agent " + k, targets[k]);
            checkCell("start of agent " + k, starts[k]);
            if (board[positions[k]] != GridCodes.head(k)) {
                throw new IllegalArgumentException("agent " + k + " is at cell " + positions[k] + " but the board holds "
                        + board[positions[k]] + " there, expected its head value " + GridCodes.head(k));
            }
            if (positions[k] != targets[k] && board[targets[k]] != GridCodes.target(k)) {
                throw new IllegalArgumentException("agent " + k + " is not connected but its target cell " + targets[k]
                        + " holds " + board[targets[k]] + ", expected " + GridCodes.target(k));
            }
        }
        System.arraycopy(board, 0, grid, 0, grid.length);
        System.arraycopy(positions, 0, position, 0, n);
        System.arraycopy(targets, 0, target, 0, n);
        System.arraycopy(starts, 0, start, 0, n);
        stepCount = steps;
        running = true;
        out.beginFirst();
        out.stepCount = steps;
        writeMasksAndDone(out.actionMask);
        writeObservations(out);
        stateLoaded(out);
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        applyRules(actions, out);
    }

    /**
     * Steps the way the reference does for any action in 0..4: a move the mask forbids is ignored
     * (the agent stays) instead of rejected. For replaying reference trajectories; training code
     * uses {@link #step(int[], TimeStep)}, which rejects masked actions.
     */
    public void stepIgnoringMask(int[] actions, TimeStep out) {
        if (actions == null || actions.length != n) {
            throw new IllegalArgumentException(config.taskId() + ": actions must have length N=" + n + ", got "
                    + (actions == null ? "null" : actions.length));
        }
        for (int k = 0; k < n; k++) {
            if (actions[k] < 0 || actions[k] >= GridCodes.NUM_ACTIONS) {
                throw new IllegalArgumentException(config.taskId() + ": action of agent " + k + " is " + actions[k]
                        + ", expected 0..4");
            }
        }
        if (!running) {
            throw new IllegalStateException(config.taskId() + ": no running episode; call reset() or loadState() first");
        }
        applyRules(actions, out);
        stateLoaded(out);
    }

    private void applyRules(int[] actions, TimeStep out) {
        for (int k = 0; k < n; k++) {
            wasConnected[k] = position[k] == target[k];
            proposal[k] = -1;
            if (actions[k] != GridCodes.NOOP) {
                int c = validMove(k, actions[k]);
                if (c >= 0) {
                    proposal[k] = c;
                    claim[c] = k; // ascending ids: the highest proposer overwrites
                }
            }
        }
        for (int k = 0; k < n; k++) {
            int c = proposal[k];
            if (c >= 0 && claim[c] == k) {
                grid[position[k]] = GridCodes.path(k);
                grid[c] = GridCodes.head(k);
                position[k] = c;
            }
        }
        for (int k = 0; k < n; k++) {
            if (proposal[k] >= 0) {
                claim[proposal[k]] = -1;
            }
        }
        stepCount++;

        double team = 0;
        for (int k = 0; k < n; k++) {
            double r = 0;
            if (!wasConnected[k]) {
                r = TIMESTEP_REWARD + (position[k] == target[k] ? CONNECTED_REWARD : 0.0);
            }
            agentReward[k] = r;
            team += r;
        }
        for (int k = 0; k < n; k++) {
            out.reward[k] = (float) (config.aggregateRewards() ? team : agentReward[k]);
        }

        boolean allDone = writeMasksAndDone(out.actionMask);
        out.finish(stepCount, allDone, stepCount >= config.timeLimit());
        running = !out.isLast();
        for (int k = 0; k < n; k++) {
            out.discount[k] = out.isLast() || done[k] ? 0f : 1f;
        }
        writeObservations(out);
    }

    /** The cell agent k would enter with move {@code action}, or -1 when the move is invalid on the current board. */
    private int validMove(int k, int action) {
        if (position[k] == target[k]) {
            return -1;
        }
        int c = moves[4 * position[k] + action - 1];
        if (c < 0) {
            return -1;
        }
        int v = grid[c];
        return v == GridCodes.EMPTY || v == GridCodes.target(k) ? c : -1;
    }

    /** Writes the {@code [N, 5]} mask and the per-agent done flags; returns whether every agent is done. */
    private boolean writeMasksAndDone(boolean[] mask) {
        boolean all = true;
        for (int k = 0; k < n; k++) {
            int row = k * GridCodes.NUM_ACTIONS;
            mask[row] = true;
            boolean anyMove = false;
            for (int a = GridCodes.UP; a <= GridCodes.LEFT; a++) {
                boolean ok = validMove(k, a) >= 0;
                mask[row + a] = ok;
                anyMove |= ok;
            }
            done[k] = position[k] == target[k] || !anyMove;
            all &= done[k];
        }
        return all;
    }

    private void writeObservations(TimeStep out) {
        int dim = config.obsDim();
        if (config.observation() == ConnectorObservation.VECTOR) {
            for (int k = 0; k < n; k++) {
                ConnectorViews.writeVector(grid, g, k, position[k], target[k], position[k] == target[k], out.obs, k * dim);
            }
            System.arraycopy(out.obs, 0, out.state, 0, n * dim);
        } else {
            for (int k = 0; k < n; k++) {
                ConnectorViews.writeGrid(grid, g, n, k, out.obs, k * dim);
            }
            ConnectorViews.writeGridState(grid, g, n, out.state);
        }
    }

    private void checkLength(String what, int[] a, int expected) {
        if (a == null || a.length != expected) {
            throw new IllegalArgumentException(what + " must have length " + expected + ", got " + (a == null ? "null" : a.length));
        }
    }

    private void checkCell(String what, int cell) {
        if (cell < 0 || cell >= g * g) {
            throw new IllegalArgumentException(what + " is cell " + cell + ", expected 0.." + (g * g - 1) + " (row * G + col)");
        }
    }

    /** Number of agents on their target. */
    public int numConnections() {
        int c = 0;
        for (int k = 0; k < n; k++) {
            if (position[k] == target[k]) {
                c++;
            }
        }
        return c;
    }

    /** Fraction of agents on their target (Mava's {@code won_episode} is this being 1). */
    public double ratioConnections() {
        return (double) numConnections() / n;
    }

    /** Jumanji's {@code total_path_length}: path cells on the board plus N. */
    public int totalPathLength() {
        int paths = 0;
        for (int v : grid) {
            if (GridCodes.isPath(v)) {
                paths++;
            }
        }
        return paths + n;
    }

    /** Steps taken in the episode. */
    public int stepCount() {
        return stepCount;
    }

    /** Copies the board {@code [G*G]} into {@code dst}. */
    public void board(int[] dst) {
        System.arraycopy(grid, 0, dst, 0, grid.length);
    }

    /** Head cell of agent k (row * G + col). */
    public int position(int k) {
        return position[k];
    }

    /** Target cell of agent k. */
    public int target(int k) {
        return target[k];
    }

    /** Start cell of agent k. */
    public int start(int k) {
        return start[k];
    }

    /** Whether agent k is on its target. */
    public boolean connected(int k) {
        return position[k] == target[k];
    }
}
