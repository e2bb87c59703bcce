package org.magpo.envs.coordsum;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of one CoordSum task "NxK-M": N agents choose actions in {@code [0, K)}, targets are
 * drawn uniformly from {@code [0, M)}, an episode lasts T steps.
 *
 * @param numAgents     N, >= 1
 * @param numActions    K, actions {@code 0..K-1}, >= 1
 * @param maxVal        M, targets {@code 0..M-1}, >= 1 (independent of K, as in the reference registrations)
 * @param timeLimit     T, steps per episode, >= 1
 * @param strictHistory false (default, as the reference): the history table has K rows and targets
 *                      {@code >= K-1} share row K-1; true: every target has its own row (M rows)
 */
public record CoordSumConfig(int numAgents, int numActions, int maxVal, int timeLimit, boolean strictHistory) {

    /** The four registered tasks, in the paper's order, with the reference time limit of 100. */
    public static final Map<String, CoordSumConfig> TASKS = tasks();

    public CoordSumConfig {
        if (numAgents < 1) {
            throw new IllegalArgumentException("CoordSumConfig.numAgents must be >= 1, got " + numAgents);
        }
        if (numActions < 1) {
            throw new IllegalArgumentException("CoordSumConfig.numActions must be >= 1, got " + numActions);
        }
        if (maxVal < 1) {
            throw new IllegalArgumentException("CoordSumConfig.maxVal must be >= 1, got " + maxVal);
        }
        if (timeLimit < 1) {
            throw new IllegalArgumentException("CoordSumConfig.timeLimit must be >= 1, got " + timeLimit);
        }
    }

    /** Number of rows of the history table: K (clamped, reference) or M (strict). */
    public int historyRows() {
        return strictHistory ? maxVal : numActions;
    }

    /** History row used for target {@code g}: {@code min(g, K-1)}, or {@code g} with strict history. */
    public int historyRow(int target) {
        return strictHistory ? target : Math.min(target, numActions - 1);
    }

    /** Largest reachable sum {@code N (K-1)}. */
    public int maxSum() {
        return numAgents * (numActions - 1);
    }

    /** Same task with the other history-table variant. */
    public CoordSumConfig withStrictHistory(boolean strict) {
        return new CoordSumConfig(numAgents, numActions, maxVal, timeLimit, strict);
    }

    /** Same task with another episode length. */
    public CoordSumConfig withTimeLimit(int steps) {
        return new CoordSumConfig(numAgents, numActions, maxVal, steps, strictHistory);
    }

    private static Map<String, CoordSumConfig> tasks() {
        Map<String, CoordSumConfig> m = new LinkedHashMap<>();
        m.put("3x10-30", new CoordSumConfig(3, 10, 30, 100, false));
        m.put("3x30-50", new CoordSumConfig(3, 30, 50, 100, false));
        m.put("5x20-80", new CoordSumConfig(5, 20, 80, 100, false));
        m.put("8x15-100", new CoordSumConfig(8, 15, 100, 100, false));
        return java.util.Collections.unmodifiableMap(m);
    }
}
