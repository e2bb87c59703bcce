package org.magpo.envs.coordsum;

import java.util.Arrays;

/**
 * The history-aware joint policy of coordsum.md section 5 (expected return about 183 on 3x10-30 and
 * 198-199 on the other tasks): a reference upper baseline, not a learner.
 *
 * <p>It keeps its own copy of the history table from the targets it saw and agent 0's actions it
 * chose, so it needs only the observations. Per step: on an unreachable target agent 0 plays the
 * row's current mode (keeping the mode stable); otherwise agent 0 plays the least-used feasible value
 * that differs from the guess, avoiding K-1 in the shared row K-1 while another choice exists (a
 * forced {@code g = N(K-1)} must then find a mode other than K-1); agents 1..N-1 complete the sum
 * greedily. Call {@link #reset()} at every episode start.
 */
public final class CoordSumOracle {
    private final CoordSumConfig config;
    private final int k;
    private final int[] counts;
    private final int[] modeValue;
    private final int[] modeCount;

    public CoordSumOracle(CoordSumConfig config) {
        this.config = config;
        this.k = config.numActions();
        this.counts = new int[config.historyRows() * k];
        this.modeValue = new int[config.historyRows()];
        this.modeCount = new int[config.historyRows()];
    }

    /** Forgets the history (start of an episode). */
    public void reset() {
        Arrays.fill(counts, 0);
        Arrays.fill(modeValue, 0);
        Arrays.fill(modeCount, 0);
    }

    /**
     * Writes the joint action {@code int[N]} for target {@code g} and records agent 0's choice.
     */
    public void act(int g, int[] actions) {
        int n = config.numAgents();
        if (actions.length != n) {
            throw new IllegalArgumentException("CoordSumOracle: actions must have length N=" + n + ", got "
                    + actions.length);
        }
        int row = config.historyRow(g);
        int guess = modeValue[row];
        int a0;
        if (g > config.maxSum()) {
            a0 = guess;
        } else {
            int lo = Math.max(0, g - (n - 1) * (k - 1));
            int hi = Math.min(k - 1, g);
            boolean sharedRow = !config.strictHistory() && row == k - 1;
            a0 = -1;
            int best = Integer.MAX_VALUE;
            for (int pass = 0; pass < 2 && a0 < 0; pass++) {
                for (int a = lo; a <= hi; a++) {
                    boolean avoid = a == guess || (pass == 0 && sharedRow && a == k - 1);
                    if (!avoid && counts[row * k + a] < best) {
                        best = counts[row * k + a];
                        a0 = a;
                    }
                }
            }
            if (a0 < 0) {
                a0 = lo; // forced (lo == hi == guess): no unpredictable choice exists
            }
        }
        actions[0] = a0;
        int rest = Math.max(0, Math.min(g - a0, (n - 1) * (k - 1)));
        for (int i = 1; i < n; i++) {
            int a = Math.min(k - 1, rest);
            actions[i] = a;
            rest -= a;
        }
        int c = ++counts[row * k + a0];
        if (c > modeCount[row] || (c == modeCount[row] && a0 < modeValue[row])) {
            modeValue[row] = a0;
            modeCount[row] = c;
        }
    }
}
