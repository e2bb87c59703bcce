package org.magpo.envs.matrix;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A two-player cooperative matrix game as in InstaDeep's Matrax (which Mava wraps): both agents
 * receive {@code payoff[a0][a1]}.
 *
 * @param numActions A, actions per agent (>= 1)
 * @param payoff     row-major {@code [A, A]} common payoff, indexed {@code [a0 * A + a1]}; finite values
 * @param stateful   false (Matrax "stateless"): every observation is zeros; true ("stateful"): every agent
 *                   observes the previous joint action, {@code -1}s after reset
 * @param timeLimit  steps per episode (Matrax: 500 stateless, 1000 stateful), >= 1
 */
public record MatrixGameConfig(int numActions, float[] payoff, boolean stateful, int timeLimit) {

    /** Matrax's stateless episode length. */
    public static final int DEFAULT_TIME_LIMIT = 500;

    /** Registered task names: {@code climbing}, {@code penalty-0}, {@code penalty-25}, ..., {@code penalty-100}. */
    public static final Map<String, MatrixGameConfig> TASKS = tasks();

    public MatrixGameConfig {
        if (numActions < 1) {
            throw new IllegalArgumentException("MatrixGameConfig.numActions must be >= 1, got " + numActions);
        }
        if (payoff == null || payoff.length != numActions * numActions) {
            throw new IllegalArgumentException("MatrixGameConfig.payoff must have A*A=" + numActions * numActions
                    + " entries, got " + (payoff == null ? "null" : payoff.length));
        }
        payoff = payoff.clone();
        for (int i = 0; i < payoff.length; i++) {
            if (!Float.isFinite(payoff[i])) {
                throw new IllegalArgumentException("MatrixGameConfig.payoff[" + i + "] must be finite, got " + payoff[i]);
            }
        }
        if (timeLimit < 1) {
            throw new IllegalArgumentException("MatrixGameConfig.timeLimit must be >= 1, got " + timeLimit);
        }
    }

    /**
     * Climbing game (Claus and Boutilier 1998) in Matrax's orientation:
     * {@code [[11, -30, 0], [-30, 7, 0], [0, 6, 5]]}. Optimum (0, 0) = 11 is guarded by -30 miscoordination.
     */
    public static MatrixGameConfig climbing() {
        return new MatrixGameConfig(3, new float[] {11, -30, 0, -30, 7, 0, 0, 6, 5}, false, DEFAULT_TIME_LIMIT);
    }

    /**
     * Penalty game with penalty {@code k >= 0}: {@code [[-k, 0, 10], [0, 2, 0], [10, 0, -k]]}. Two optima
     * (0, 2) and (2, 0) worth 10; choosing the same side costs k.
     */
    public static MatrixGameConfig penalty(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("penalty k must be >= 0 (the payoff is -k), got " + k);
        }
        return new MatrixGameConfig(3, new float[] {-k, 0, 10, 0, 2, 0, 10, 0, -k}, false, DEFAULT_TIME_LIMIT);
    }

    /** Common reward of joint action {@code (a0, a1)}. */
    public float payoff(int a0, int a1) {
        return payoff[a0 * numActions + a1];
    }

    /** Largest entry of the payoff matrix (the return per step of optimal coordination). */
    public float maxPayoff() {
        float m = Float.NEGATIVE_INFINITY;
        for (float p : payoff) {
            m = Math.max(m, p);
        }
        return m;
    }

    @Override
    public float[] payoff() {
        return payoff.clone();
    }

    /** Same game, stateful or stateless. */
    public MatrixGameConfig withStateful(boolean keepState) {
        return new MatrixGameConfig(numActions, payoff, keepState, timeLimit);
    }

    /** Same game with another episode length. */
    public MatrixGameConfig withTimeLimit(int steps) {
        return new MatrixGameConfig(numActions, payoff, stateful, steps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MatrixGameConfig c && c.numActions == numActions && Arrays.equals(c.payoff, payoff)
                && c.stateful == stateful && c.timeLimit == timeLimit;
    }

    @Override
    public int hashCode() {
        return ((31 * numActions + Arrays.hashCode(payoff)) * 31 + Boolean.hashCode(stateful)) * 31 + timeLimit;
    }

    @Override
    public String toString() {
        return "MatrixGameConfig[numActions=" + numActions + ", payoff=" + Arrays.toString(payoff) + ", stateful="
                + stateful + ", timeLimit=" + timeLimit + "]";
    }

    private static Map<String, MatrixGameConfig> tasks() {
        Map<String, MatrixGameConfig> m = new LinkedHashMap<>();
        m.put("climbing", climbing());
        for (int k : new int[] {0, 25, 50, 75, 100}) {
            m.put("penalty-" + k, penalty(k));
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
