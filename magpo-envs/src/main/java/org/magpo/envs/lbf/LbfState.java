package org.magpo.envs.lbf;

import java.util.Arrays;

/**
 * An explicit Level-Based Foraging state, for loading golden cases or curricula into {@link LbfEnv}
 * and for inspecting a running episode. Arrays are copied in and out, so a state is immutable.
 *
 * <p>Agent arrays are {@code [N]}, food arrays {@code [M]}; positions are {@code (row, col)} with row 0
 * at the top. Geometric checks (inside the grid, no overlaps) need the grid size and happen in
 * {@link LbfEnv#loadState}.
 *
 * @param agentRow     {@code [N]}
 * @param agentCol     {@code [N]}
 * @param agentLevel   {@code [N]}, each >= 1
 * @param agentLoading {@code [N]}, whether the agent's last action was LOAD
 * @param foodRow      {@code [M]}
 * @param foodCol      {@code [M]}
 * @param foodLevel    {@code [M]}, each >= 1
 * @param foodEaten    {@code [M]}
 * @param stepCount    steps taken in the episode, >= 0
 */
public record LbfState(int[] agentRow, int[] agentCol, int[] agentLevel, boolean[] agentLoading,
                       int[] foodRow, int[] foodCol, int[] foodLevel, boolean[] foodEaten, int stepCount) {

    public LbfState {
        requireLength("agentRow", agentRow, -1);
        int n = agentRow.length;
        requireLength("agentCol", agentCol, n);
        requireLength("agentLevel", agentLevel, n);
        if (agentLoading == null || agentLoading.length != n) {
            throw new IllegalArgumentException("LbfState.agentLoading must have length N=" + n);
        }
        requireLength("foodRow", foodRow, -1);
        int m = foodRow.length;
        requireLength("foodCol", foodCol, m);
        requireLength("foodLevel", foodLevel, m);
        if (foodEaten == null || foodEaten.length != m) {
            throw new IllegalArgumentException("LbfState.foodEaten must have length M=" + m);
        }
        for (int i = 0; i < n; i++) {
            if (agentLevel[i] < 1) {
                throw new IllegalArgumentException("LbfState.agentLevel[" + i + "] must be >= 1, got " + agentLevel[i]);
            }
        }
        for (int f = 0; f < m; f++) {
            if (foodLevel[f] < 1) {
                throw new IllegalArgumentException("LbfState.foodLevel[" + f + "] must be >= 1, got " + foodLevel[f]);
            }
        }
        if (stepCount < 0) {
            throw new IllegalArgumentException("LbfState.stepCount must be >= 0, got " + stepCount);
        }
        agentRow = agentRow.clone();
        agentCol = agentCol.clone();
        agentLevel = agentLevel.clone();
        agentLoading = agentLoading.clone();
        foodRow = foodRow.clone();
        foodCol = foodCol.clone();
        foodLevel = foodLevel.clone();
        foodEaten = foodEaten.clone();
    }

    /** A start state: no agent loading, no food eaten, step count 0. */
    public static LbfState initial(int[] agentRow, int[] agentCol, int[] agentLevel,
                                   int[] foodRow, int[] foodCol, int[] foodLevel) {
        int n = agentRow == null ? 0 : agentRow.length;
        int m = foodRow == null ? 0 : foodRow.length;
        return new LbfState(agentRow, agentCol, agentLevel, new boolean[n], foodRow, foodCol, foodLevel,
                new boolean[m], 0);
    }

    public int numAgents() {
        return agentRow.length;
    }

    public int numFood() {
        return foodRow.length;
    }

    @Override
    public int[] agentRow() {
        return agentRow.clone();
    }

    @Override
    public int[] agentCol() {
        return agentCol.clone();
    }

    @Override
    public int[] agentLevel() {
        return agentLevel.clone();
    }

    @Override
    public boolean[] agentLoading() {
        return agentLoading.clone();
    }

    @Override
    public int[] foodRow() {
        return foodRow.clone();
    }

    @Override
    public int[] foodCol() {
        return foodCol.clone();
    }

    @Override
    public int[] foodLevel() {
        return foodLevel.clone();
    }

    @Override
    public boolean[] foodEaten() {
        return foodEaten.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LbfState s && s.stepCount == stepCount
                && Arrays.equals(s.agentRow, agentRow) && Arrays.equals(s.agentCol, agentCol)
                && Arrays.equals(s.agentLevel, agentLevel) && Arrays.equals(s.agentLoading, agentLoading)
                && Arrays.equals(s.foodRow, foodRow) && Arrays.equals(s.foodCol, foodCol)
                && Arrays.equals(s.foodLevel, foodLevel) && Arrays.equals(s.foodEaten, foodEaten);
    }

    @Override
    public int hashCode() {
        int h = stepCount;
        h = 31 * h + Arrays.hashCode(agentRow);
        h = 31 * h + Arrays.hashCode(agentCol);
        h = 31 * h + Arrays.hashCode(agentLevel);
        h = 31 * h + Arrays.hashCode(agentLoading);
        h = 31 * h + Arrays.hashCode(foodRow);
        h = 31 * h + Arrays.hashCode(foodCol);
        h = 31 * h + Arrays.hashCode(foodLevel);
        return 31 * h + Arrays.hashCode(foodEaten);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LbfState[step=").append(stepCount).append(", agents=");
        for (int i = 0; i < agentRow.length; i++) {
            sb.append(i == 0 ? "" : " ").append('(').append(agentRow[i]).append(',').append(agentCol[i])
                    .append(" L").append(agentLevel[i]).append(agentLoading[i] ? " loading" : "").append(')');
        }
        sb.append(", foods=");
        for (int f = 0; f < foodRow.length; f++) {
            sb.append(f == 0 ? "" : " ").append('(').append(foodRow[f]).append(',').append(foodCol[f])
                    .append(" L").append(foodLevel[f]).append(foodEaten[f] ? " eaten" : "").append(')');
        }
        return sb.append(']').toString();
    }

    private static void requireLength(String field, int[] a, int expected) {
        if (a == null) {
            throw new IllegalArgumentException("LbfState." + field + " must not be null");
        }
        if (expected >= 0 && a.length != expected) {
            throw new IllegalArgumentException("LbfState." + field + " must have length " + expected + ", got "
                    + a.length);
        }
    }
}
