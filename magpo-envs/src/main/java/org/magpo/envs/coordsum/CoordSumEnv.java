package org.magpo.envs.coordsum;

import java.util.Arrays;
import org.magpo.env.AbstractMultiAgentEnv;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * CoordSum, MAGPO's motivating task (liyheng/MAGPO {@code mava/coordsum/env.py}), exactly as
 * {@code shared/envs/coordsum.md} specifies.
 *
 * <p>Each step every agent sees the current target g; the joint action must sum to g. Reward (the
 * same for all agents): 0 if the sum misses, 1 if it hits and agent 0 played the "guess" (the most
 * frequent earlier action of agent 0 in g's history row, lowest value on ties, 0 when empty), 2 if it
 * hits and agent 0 was unpredictable. Agent 0's action is recorded in the row after every step, hit
 * or miss. By default the history table has K rows and targets {@code >= K-1} share row K-1 (the
 * reference's JAX index clamping, kept on purpose); {@link CoordSumConfig#strictHistory()} gives every
 * target its own row.
 *
 * <p>Shapes: observation {@code [N, 1]} = the raw target {@code targets[t]} (not normalised); global
 * state {@code [N]} = the target repeated N times; action mask {@code [N, K]} all true; reward
 * {@code [N]}. The step reaching T is LAST with discount 0 (a termination, as in the reference).
 * Stepping allocates nothing.
 */
public final class CoordSumEnv extends AbstractMultiAgentEnv {
    private final CoordSumConfig config;
    private final int n;
    private final int k;
    /** {@code targets[0..T]}; {@code targets[T]} is only ever shown as the final observation. */
    private final int[] targets;
    /** Histogram of agent 0's actions per history row, {@code [rows, K]}. */
    private final int[] counts;
    /** Current mode of each row (lowest value on ties; 0 for an empty row), kept incrementally. */
    private final int[] modeValue;
    private final int[] modeCount;
    private int t;

    /** A copy of {@code config} registered as {@code coordsum:<task>}. */
    public CoordSumEnv(String taskId, CoordSumConfig config) {
        super(new EnvSpec(taskId, config.numAgents(), 1, config.numAgents(),
                new ActionSpace.Discrete(config.numActions()), config.timeLimit()));
        this.config = config;
        this.n = config.numAgents();
        this.k = config.numActions();
        this.targets = new int[config.timeLimit() + 1];
        this.counts = new int[config.historyRows() * k];
        this.modeValue = new int[config.historyRows()];
        this.modeCount = new int[config.historyRows()];
    }

    public CoordSumConfig config() {
        return config;
    }

    @Override
    protected void doReset(long seed, TimeStep out) {
        Rng rng = new Rng(seed);
        for (int i = 0; i < targets.length; i++) {
            targets[i] = rng.nextInt(config.maxVal());
        }
        startEpisode(out);
    }

    /**
     * Starts an episode on explicit targets (golden cases, curricula): {@code given} fills
     * {@code targets[0..given.length-1]}, the rest up to index T is 0. The history is emptied.
     *
     * @param given at most T+1 targets, each in {@code [0, M)}
     */
    public void resetWithTargets(int[] given, TimeStep out) {
        if (out == null || out.obs.length != n || out.state == null || out.state.length != n) {
            throw new IllegalArgumentException(spec().taskId() + ": TimeStep buffer is not shaped for this spec;"
                    + " create it with new TimeStep(env.spec())");
        }
        if (given == null || given.length == 0 || given.length > targets.length) {
            throw new IllegalArgumentException(spec().taskId() + ": targets must have 1.." + targets.length
                    + " (T+1) entries, got " + (given == null ? "null" : given.length));
        }
        for (int i = 0; i < given.length; i++) {
            if (given[i] < 0 || given[i] >= config.maxVal()) {
                throw new IllegalArgumentException(spec().taskId() + ": targets[" + i + "] is " + given[i]
                        + ", expected 0.." + (config.maxVal() - 1));
            }
        }
        Arrays.fill(targets, 0);
        System.arraycopy(given, 0, targets, 0, given.length);
        startEpisode(out);
        stateLoaded(out);
    }

    private void startEpisode(TimeStep out) {
        t = 0;
        Arrays.fill(counts, 0);
        Arrays.fill(modeValue, 0);
        Arrays.fill(modeCount, 0);
        out.beginFirst();
        writeObservation(out);
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        int g = targets[t];
        int row = config.historyRow(g);
        int a0 = actions[0];
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += actions[i];
        }
        float r = sum != g ? 0f : (a0 == modeValue[row] ? 1f : 2f);
        Arrays.fill(out.reward, r);
        // Recorded even when the sum missed, as in the reference.
        int c = ++counts[row * k + a0];
        if (c > modeCount[row] || (c == modeCount[row] && a0 < modeValue[row])) {
            modeValue[row] = a0;
            modeCount[row] = c;
        }
        t++;
        boolean done = t >= config.timeLimit();
        out.finish(t, done, false);
        writeObservation(out);
    }

    private void writeObservation(TimeStep out) {
        float g = targets[t];
        Arrays.fill(out.obs, g);
        Arrays.fill(out.state, g);
    }

    /** Target the agents must reach at the current step, {@code targets[t]}. */
    public int currentTarget() {
        return targets[t];
    }

    /** Steps taken in the current episode. */
    public int stepIndex() {
        return t;
    }

    /**
     * The guess for history row {@code row}: agent 0's most frequent earlier action there, the lowest
     * value on ties, 0 for an empty row.
     */
    public int guess(int row) {
        if (row < 0 || row >= modeValue.length) {
            throw new IllegalArgumentException(spec().taskId() + ": history row " + row + " out of range 0.."
                    + (modeValue.length - 1));
        }
        return modeValue[row];
    }

    /** How often agent 0 played {@code action} in history row {@code row} this episode. */
    public int historyCount(int row, int action) {
        if (row < 0 || row >= modeValue.length || action < 0 || action >= k) {
            throw new IllegalArgumentException(spec().taskId() + ": (row, action) = (" + row + ", " + action
                    + ") out of range [0, " + modeValue.length + ") x [0, " + k + ")");
        }
        return counts[row * k + action];
    }
}
