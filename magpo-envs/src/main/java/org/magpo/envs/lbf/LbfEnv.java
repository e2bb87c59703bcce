package org.magpo.envs.lbf;

import java.util.Arrays;
import org.magpo.env.AbstractMultiAgentEnv;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * Level-Based Foraging as Jumanji's {@code LevelBasedForaging-v0} (vector observer, normalised rewards,
 * penalty 0) behind Mava's {@code LbfWrapper}, following {@code shared/envs/lbf.md}.
 *
 * <p>N agents with levels walk on a G x G grid and eat M foods with levels; a food is eaten when the
 * levels of the agents next to it (4-neighbourhood) that LOAD in the same step add up to at least its
 * level. Foods never respawn; the episode terminates when all are eaten (discount 0) and is truncated
 * at the time limit (discount 1); termination wins when both happen.
 *
 * <ul>
 *   <li>Actions {@code int[N]}: 0 NOOP, 1 UP (row-1), 2 DOWN (row+1), 3 LEFT (col-1), 4 RIGHT (col+1), 5 LOAD.</li>
 *   <li>Observation {@code [N, 3(M+N)]}: per agent, triples {@code (r', c', level)} for food 0..M-1, then
 *       itself, then the other agents in id order; hidden or eaten entities read {@code (-1, -1, 0)}.
 *       Coordinates are local to the agent's view window, clipped at the top/left border
 *       ({@code r' = row_e - row_i + min(fov, row_i)}). The one-hot agent id is added by
 *       {@link org.magpo.env.AgentIdWrapper} (Mava's {@code AgentIDWrapper}).</li>
 *   <li>Action mask {@code [N, 6]}: moves into the grid, off other agents' cells and off uneaten foods;
 *       LOAD when an uneaten food is at Manhattan distance 1.</li>
 *   <li>Reward {@code [N]}: agent i gets {@code L_i * level_f / (S_f * T)} for each food f eaten this step,
 *       where {@code S_f} sums the loading levels around f and T all M food levels. With
 *       {@link LbfConfig#teamReward()} every agent receives the team sum (as in MAGPO);
 *       {@link #agentReward(int)} keeps the per-agent value.</li>
 * </ul>
 *
 * <p>{@link #step(int[], TimeStep)} refuses masked actions (the library contract);
 * {@link #stepIgnoringMask} applies any in-range action as Jumanji does (an illegal move has no effect).
 * Stepping allocates nothing; the state lives in flat int arrays of a few entries.
 */
public final class LbfEnv extends AbstractMultiAgentEnv {

    public static final int NOOP = 0;
    public static final int UP = 1;
    public static final int DOWN = 2;
    public static final int LEFT = 3;
    public static final int RIGHT = 4;
    public static final int LOAD = 5;

    private static final int[] DROW = {0, -1, 1, 0, 0, 0};
    private static final int[] DCOL = {0, 0, 0, -1, 1, 0};

    private final LbfConfig config;
    private final int g;
    private final int fov;
    private final int n;
    private final int m;
    private final int obsDim;

    private final int[] agentRow;
    private final int[] agentCol;
    private final int[] agentLevel;
    private final boolean[] agentLoading;
    private final int[] foodRow;
    private final int[] foodCol;
    private final int[] foodLevel;
    private final boolean[] foodEaten;
    private final boolean[] foodEatenNow;
    private final float[] agentReward;
    private int stepCount;
    private int totalFoodLevel;
    private int foodLeft;
    /** Our own copy of "an episode is running", for {@link #stepIgnoringMask}, which bypasses the base checks. */
    private boolean running;
    private boolean hasState;

    // Step scratch: proposed cells and conflict flags.
    private final int[] targetRow;
    private final int[] targetCol;
    private final boolean[] conflict;
    /** What stands on each cell {@code [G*G]}, row-major: EMPTY, AGENT or (uneaten) FOOD; makes masks O(1). */
    private final byte[] occupancy;
    private static final byte EMPTY = 0;
    private static final byte AGENT = 1;
    private static final byte FOOD = 2;
    // Reset scratch: cells still allowed for food [G*G], banned rows [G], sorted levels [N].
    private final boolean[] allowed;
    private final boolean[] bannedRow;
    private final int[] sortedLevels;

    /** Builds the environment; {@code taskId} is what {@link #spec()} reports (e.g. {@code lbf:15x15-4p-5f}). */
    public LbfEnv(String taskId, LbfConfig config) {
        super(new EnvSpec(taskId, requireConfig(config).numAgents(), config.obsDim(), 0,
                new ActionSpace.Discrete(LbfConfig.NUM_ACTIONS), config.timeLimit()));
        this.config = config;
        this.g = config.gridSize();
        this.fov = config.fov();
        this.n = config.numAgents();
        this.m = config.numFood();
        this.obsDim = config.obsDim();
        this.agentRow = new int[n];
        this.agentCol = new int[n];
        this.agentLevel = new int[n];
        this.agentLoading = new boolean[n];
        this.foodRow = new int[m];
        this.foodCol = new int[m];
        this.foodLevel = new int[m];
        this.foodEaten = new boolean[m];
        this.foodEatenNow = new boolean[m];
        this.agentReward = new float[n];
        this.targetRow = new int[n];
        this.targetCol = new int[n];
        this.conflict = new boolean[n];
        this.occupancy = new byte[g * g];
        this.allowed = new boolean[g * g];
        this.bannedRow = new boolean[g];
        this.sortedLevels = new int[n];
    }

    private static LbfConfig requireConfig(LbfConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("LbfEnv.config must not be null");
        }
        return config;
    }

    /** The task parameters this copy was built with. */
    public LbfConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ reset

    @Override
    protected void doReset(long seed, TimeStep out) {
        running = false; // a layout that cannot be placed must not leave a half-reset episode steppable
        Rng rng = new Rng(seed);
        placeFoods(rng);
        placeAgents(rng);
        for (int i = 0; i < n; i++) {
            agentLevel[i] = 1 + rng.nextInt(config.maxAgentLevel());
            agentLoading[i] = false;
        }
        int cap = lowestLevelsSum();
        totalFoodLevel = 0;
        for (int f = 0; f < m; f++) {
            foodLevel[f] = config.forceCoop() ? cap : 1 + rng.nextInt(cap);
            foodEaten[f] = false;
            foodEatenNow[f] = false;
            totalFoodLevel += foodLevel[f];
        }
        foodLeft = m;
        stepCount = 0;
        Arrays.fill(agentReward, 0f);
        out.beginFirst();
        writeObservation(out);
        writeActionMask(out);
        running = true;
        hasState = true;
    }

    /**
     * Foods one after another, uniform over interior cells not taken by or 4-adjacent to an earlier food.
     * Drawn by rejection from the interior, which is exactly uniform over the allowed cells.
     */
    private void placeFoods(Rng rng) {
        Arrays.fill(allowed, false);
        for (int r = 1; r < g - 1; r++) {
            Arrays.fill(allowed, r * g + 1, r * g + g - 1, true);
        }
        int count = (g - 2) * (g - 2);
        for (int f = 0; f < m; f++) {
            if (count == 0) {
                throw new IllegalStateException(spec().taskId() + ": food " + f + " of " + m + " cannot be placed:"
                        + " no interior cell of the " + g + "x" + g + " grid is left that is neither a food nor next"
                        + " to one; use fewer foods or a larger grid");
            }
            int cell;
            do {
                cell = (1 + rng.nextInt(g - 2)) * g + 1 + rng.nextInt(g - 2);
            } while (!allowed[cell]);
            foodRow[f] = cell / g;
            foodCol[f] = cell % g;
            // Interior cell: all four neighbours are inside the grid.
            count -= disallow(cell) + disallow(cell - g) + disallow(cell + g) + disallow(cell - 1) + disallow(cell + 1);
        }
    }

    private int disallow(int cell) {
        if (allowed[cell]) {
            allowed[cell] = false;
            return 1;
        }
        return 0;
    }

    /**
     * N distinct cells, uniform without replacement (by rejection). With the row-ban quirk (Jumanji's
     * {@code mask.at[food_positions].set(False)} indexes whole rows by every food row AND column
     * number) candidate cells are those whose row is not such a number; otherwise all non-food cells.
     * Leaves {@link #occupancy} describing the new layout.
     */
    private void placeAgents(Rng rng) {
        Arrays.fill(occupancy, EMPTY);
        for (int f = 0; f < m; f++) {
            occupancy[foodRow[f] * g + foodCol[f]] = FOOD;
        }
        boolean rowBan = config.agentRowBan();
        int available = g * g - m;
        if (rowBan) {
            Arrays.fill(bannedRow, false);
            for (int f = 0; f < m; f++) {
                bannedRow[foodRow[f]] = true;
                bannedRow[foodCol[f]] = true;
            }
            int freeRows = 0;
            for (boolean b : bannedRow) {
                freeRows += b ? 0 : 1;
            }
            available = freeRows * g;
        }
        if (available < n) {
            throw new IllegalStateException(spec().taskId() + ": cannot place " + n + " agents, only " + available
                    + " cells are allowed after placing the foods" + (rowBan ? " (row-ban quirk on)" : ""));
        }
        for (int i = 0; i < n; i++) {
            int cell;
            do {
                cell = rng.nextInt(g * g);
            } while (occupancy[cell] != EMPTY || (rowBan && bannedRow[cell / g]));
            occupancy[cell] = AGENT;
            agentRow[i] = cell / g;
            agentCol[i] = cell % g;
        }
    }

    private void rebuildOccupancy() {
        Arrays.fill(occupancy, EMPTY);
        for (int f = 0; f < m; f++) {
            if (!foodEaten[f]) {
                occupancy[foodRow[f] * g + foodCol[f]] = FOOD;
            }
        }
        for (int i = 0; i < n; i++) {
            occupancy[agentRow[i] * g + agentCol[i]] = AGENT;
        }
    }

    /** Sum of the min(3, N) lowest agent levels: the largest food level that is guaranteed to be eatable. */
    private int lowestLevelsSum() {
        System.arraycopy(agentLevel, 0, sortedLevels, 0, n);
        for (int i = 1; i < n; i++) {
            int v = sortedLevels[i];
            int j = i - 1;
            while (j >= 0 && sortedLevels[j] > v) {
                sortedLevels[j + 1] = sortedLevels[j];
                j--;
            }
            sortedLevels[j + 1] = v;
        }
        int sum = 0;
        for (int i = 0; i < Math.min(3, n); i++) {
            sum += sortedLevels[i];
        }
        return sum;
    }

    // ------------------------------------------------------------------ explicit states

    /**
     * Replaces the current state by {@code s} and writes its observation and mask into {@code out}
     * (step type FIRST when its step count is 0, MID otherwise; zero rewards, unit discounts).
     *
     * @throws IllegalArgumentException when {@code s} does not fit this task: wrong N or M, a position off
     *                                  the grid, two agents or two uneaten foods on one cell, an agent on an
     *                                  uneaten food, no food left, or a step count at or past the time limit
     */
    public void loadState(LbfState s, TimeStep out) {
        validate(s);
        checkOut(out);
        int[] ar = s.agentRow();
        int[] ac = s.agentCol();
        int[] al = s.agentLevel();
        boolean[] aload = s.agentLoading();
        int[] fr = s.foodRow();
        int[] fc = s.foodCol();
        int[] fl = s.foodLevel();
        boolean[] fe = s.foodEaten();
        System.arraycopy(ar, 0, agentRow, 0, n);
        System.arraycopy(ac, 0, agentCol, 0, n);
        System.arraycopy(al, 0, agentLevel, 0, n);
        System.arraycopy(aload, 0, agentLoading, 0, n);
        System.arraycopy(fr, 0, foodRow, 0, m);
        System.arraycopy(fc, 0, foodCol, 0, m);
        System.arraycopy(fl, 0, foodLevel, 0, m);
        System.arraycopy(fe, 0, foodEaten, 0, m);
        Arrays.fill(foodEatenNow, false);
        Arrays.fill(agentReward, 0f);
        totalFoodLevel = 0;
        foodLeft = 0;
        for (int f = 0; f < m; f++) {
            totalFoodLevel += foodLevel[f];
            if (!foodEaten[f]) {
                foodLeft++;
            }
        }
        stepCount = s.stepCount();
        rebuildOccupancy();
        out.beginFirst();
        out.stepCount = stepCount;
        out.stepType = stepCount == 0 ? StepType.FIRST : StepType.MID;
        writeObservation(out);
        writeActionMask(out);
        running = true;
        hasState = true;
        stateLoaded(out);
    }

    private void validate(LbfState s) {
        String id = spec().taskId();
        if (s == null) {
            throw new IllegalArgumentException(id + ": state must not be null");
        }
        if (s.numAgents() != n || s.numFood() != m) {
            throw new IllegalArgumentException(id + ": state has " + s.numAgents() + " agents and " + s.numFood()
                    + " foods, the task has N=" + n + " and M=" + m);
        }
        int[] ar = s.agentRow();
        int[] ac = s.agentCol();
        int[] fr = s.foodRow();
        int[] fc = s.foodCol();
        boolean[] fe = s.foodEaten();
        for (int i = 0; i < n; i++) {
            requireInGrid(id, "agent " + i, ar[i], ac[i]);
            for (int j = 0; j < i; j++) {
                if (ar[i] == ar[j] && ac[i] == ac[j]) {
                    throw new IllegalArgumentException(id + ": agents " + j + " and " + i + " share cell (" + ar[i]
                            + "," + ac[i] + "); every agent needs its own cell");
                }
            }
        }
        boolean anyLeft = false;
        for (int f = 0; f < m; f++) {
            requireInGrid(id, "food " + f, fr[f], fc[f]);
            if (fe[f]) {
                continue;
            }
            anyLeft = true;
            for (int k = 0; k < f; k++) {
                if (!fe[k] && fr[k] == fr[f] && fc[k] == fc[f]) {
                    throw new IllegalArgumentException(id + ": uneaten foods " + k + " and " + f + " share cell ("
                            + fr[f] + "," + fc[f] + ")");
                }
            }
            for (int i = 0; i < n; i++) {
                if (ar[i] == fr[f] && ac[i] == fc[f]) {
                    throw new IllegalArgumentException(id + ": agent " + i + " stands on uneaten food " + f + " at ("
                            + fr[f] + "," + fc[f] + "); agents may only stand on eaten foods' cells");
                }
            }
        }
        if (!anyLeft) {
            throw new IllegalArgumentException(id + ": every food is eaten; such a state has already terminated");
        }
        if (s.stepCount() >= config.timeLimit()) {
            throw new IllegalArgumentException(id + ": stepCount=" + s.stepCount() + " must be < timeLimit="
                    + config.timeLimit() + " (such a state has already been truncated)");
        }
    }

    private void requireInGrid(String id, String what, int r, int c) {
        if (r < 0 || r >= g || c < 0 || c >= g) {
            throw new IllegalArgumentException(id + ": " + what + " at (" + r + "," + c + ") is off the " + g + "x" + g
                    + " grid; rows and columns must be in 0.." + (g - 1));
        }
    }

    /** A copy of the current state (allocates; for tests and inspection, not the hot path). */
    public LbfState state() {
        if (!hasState) {
            throw new IllegalStateException(spec().taskId() + ": no state yet; call reset() or loadState() first");
        }
        return new LbfState(agentRow, agentCol, agentLevel, agentLoading, foodRow, foodCol, foodLevel, foodEaten,
                stepCount);
    }

    /** Agent i's own (not team-summed) reward of the last step; 0 after a reset. */
    public float agentReward(int i) {
        return agentReward[i];
    }

    /** Whether food f was eaten by the last step. */
    public boolean foodEatenThisStep(int f) {
        return foodEatenNow[f];
    }

    /** Sum of all M food levels of the episode, the reward normaliser T. */
    public int totalFoodLevel() {
        return totalFoodLevel;
    }

    // ------------------------------------------------------------------ step

    /**
     * Steps with Jumanji's semantics, where the action mask is advice only: any action in 0..5 is
     * applied and an illegal move simply leaves the agent in place. Used to replay reference
     * trajectories that contain masked actions.
     *
     * @throws IllegalArgumentException for a wrong length or an action outside 0..5
     * @throws IllegalStateException    before a reset/load or after the episode ended
     */
    public void stepIgnoringMask(int[] actions, TimeStep out) {
        String id = spec().taskId();
        if (!running) {
            throw new IllegalStateException(id + ": no running episode; call reset() or loadState() first");
        }
        if (actions == null || actions.length != n) {
            throw new IllegalArgumentException(id + ": actions must have length N=" + n + ", got "
                    + (actions == null ? "null" : actions.length));
        }
        for (int i = 0; i < n; i++) {
            if (actions[i] < 0 || actions[i] >= LbfConfig.NUM_ACTIONS) {
                throw new IllegalArgumentException(id + ": action of agent " + i + " is " + actions[i]
                        + ", expected 0.." + (LbfConfig.NUM_ACTIONS - 1));
            }
        }
        checkOut(out);
        doStep(actions, out);
        stateLoaded(out);
    }

    private void checkOut(TimeStep out) {
        if (out == null || out.obs.length != n * obsDim || out.reward.length != n || out.actionMask == null
                || out.actionMask.length != n * LbfConfig.NUM_ACTIONS) {
            throw new IllegalArgumentException(spec().taskId() + ": TimeStep buffer is not shaped for this spec"
                    + " (obs must be N*obsDim=" + n * obsDim + "); create it with new TimeStep(env.spec())");
        }
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        moveAgents(actions);
        eatFoods();
        stepCount++;
        boolean terminated = foodLeft == 0;
        boolean truncated = stepCount >= config.timeLimit();
        writeReward(out);
        out.finish(stepCount, terminated, truncated);
        writeObservation(out);
        writeActionMask(out);
        running = !(terminated || truncated);
    }

    /** Steps 1-3 of lbf.md section 6: proposals against pre-step cells, conflicts revert, loading flags. */
    private void moveAgents(int[] actions) {
        for (int i = 0; i < n; i++) {
            int a = actions[i];
            int r = agentRow[i] + DROW[a];
            int c = agentCol[i] + DCOL[a];
            if (a >= UP && a <= RIGHT && !isFree(r, c)) {
                r = agentRow[i];
                c = agentCol[i];
            }
            targetRow[i] = r;
            targetCol[i] = c;
        }
        for (int i = 0; i < n; i++) {
            boolean clash = false;
            for (int j = 0; j < n; j++) {
                if (j != i && targetRow[i] == targetRow[j] && targetCol[i] == targetCol[j]) {
                    clash = true;
                    break;
                }
            }
            conflict[i] = clash;
        }
        for (int i = 0; i < n; i++) {
            if (!conflict[i] && (targetRow[i] != agentRow[i] || targetCol[i] != agentCol[i])) {
                // A target is never another agent's pre-step cell, so clearing the old cell is safe.
                occupancy[agentRow[i] * g + agentCol[i]] = EMPTY;
                occupancy[targetRow[i] * g + targetCol[i]] = AGENT;
                agentRow[i] = targetRow[i];
                agentCol[i] = targetCol[i];
            }
            agentLoading[i] = actions[i] == LOAD;
        }
    }

    /**
     * Whether an agent may enter (r, c): inside the grid, not any agent's current cell, not an uneaten food.
     * (A move's target is never the mover's own cell, so "any agent" equals "another agent".)
     */
    private boolean isFree(int r, int c) {
        return r >= 0 && r < g && c >= 0 && c < g && occupancy[r * g + c] == EMPTY;
    }

    private boolean isFood(int r, int c) {
        return r >= 0 && r < g && c >= 0 && c < g && occupancy[r * g + c] == FOOD;
    }

    /** Steps 4-6: every uneaten food is judged on its own; an agent next to two foods counts for both. */
    private void eatFoods() {
        Arrays.fill(agentReward, 0f);
        float t = totalFoodLevel;
        for (int f = 0; f < m; f++) {
            foodEatenNow[f] = false;
            if (foodEaten[f]) {
                continue;
            }
            int s = 0;
            for (int i = 0; i < n; i++) {
                s += loadingLevel(i, f);
            }
            if (s == 0 || s < foodLevel[f]) {
                continue;
            }
            foodEatenNow[f] = true;
            // float32 as Jumanji: (L * level) / (S * T), both products exact in float.
            float denom = s * t;
            for (int i = 0; i < n; i++) {
                int l = loadingLevel(i, f);
                if (l > 0) {
                    agentReward[i] += (float) (l * foodLevel[f]) / denom;
                }
            }
        }
        for (int f = 0; f < m; f++) {
            if (foodEatenNow[f]) {
                foodEaten[f] = true;
                foodLeft--;
                occupancy[foodRow[f] * g + foodCol[f]] = EMPTY;
            }
        }
    }

    private int loadingLevel(int i, int f) {
        if (!agentLoading[i]) {
            return 0;
        }
        int d = Math.abs(agentRow[i] - foodRow[f]) + Math.abs(agentCol[i] - foodCol[f]);
        return d == 1 ? agentLevel[i] : 0;
    }

    private void writeReward(TimeStep out) {
        if (config.teamReward()) {
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum += agentReward[i];
            }
            Arrays.fill(out.reward, sum);
        } else {
            System.arraycopy(agentReward, 0, out.reward, 0, n);
        }
    }

    // ------------------------------------------------------------------ observation and mask

    private void writeObservation(TimeStep out) {
        float[] obs = out.obs;
        for (int i = 0; i < n; i++) {
            int base = i * obsDim;
            int r = agentRow[i];
            int c = agentCol[i];
            int offR = Math.min(fov, r);
            int offC = Math.min(fov, c);
            for (int f = 0; f < m; f++) {
                int k = base + 3 * f;
                int dr = foodRow[f] - r;
                int dc = foodCol[f] - c;
                if (!foodEaten[f] && Math.abs(dr) <= fov && Math.abs(dc) <= fov) {
                    obs[k] = dr + offR;
                    obs[k + 1] = dc + offC;
                    obs[k + 2] = foodLevel[f];
                } else {
                    obs[k] = -1f;
                    obs[k + 1] = -1f;
                    obs[k + 2] = 0f;
                }
            }
            int k = base + 3 * m;
            obs[k] = offR;
            obs[k + 1] = offC;
            obs[k + 2] = agentLevel[i];
            k += 3;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                int dr = agentRow[j] - r;
                int dc = agentCol[j] - c;
                if (Math.abs(dr) <= fov && Math.abs(dc) <= fov) {
                    obs[k] = dr + offR;
                    obs[k + 1] = dc + offC;
                    obs[k + 2] = agentLevel[j];
                } else {
                    obs[k] = -1f;
                    obs[k + 1] = -1f;
                    obs[k + 2] = 0f;
                }
                k += 3;
            }
        }
    }

    private void writeActionMask(TimeStep out) {
        boolean[] mask = out.actionMask;
        for (int i = 0; i < n; i++) {
            int base = i * LbfConfig.NUM_ACTIONS;
            int r = agentRow[i];
            int c = agentCol[i];
            mask[base + NOOP] = true;
            mask[base + UP] = isFree(r - 1, c);
            mask[base + DOWN] = isFree(r + 1, c);
            mask[base + LEFT] = isFree(r, c - 1);
            mask[base + RIGHT] = isFree(r, c + 1);
            mask[base + LOAD] = isFood(r - 1, c) || isFood(r + 1, c) || isFood(r, c - 1) || isFood(r, c + 1);
        }
    }

    @Override
    public String toString() {
        return "LbfEnv[" + spec().taskId() + ", " + config + "]";
    }
}
