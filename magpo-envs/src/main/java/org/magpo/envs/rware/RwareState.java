package org.magpo.envs.rware;

import java.util.Arrays;

/**
 * An explicit warehouse state, for loading golden cases or hand-made scenarios into {@link RwareEnv#load}
 * and for inspecting an environment ({@link RwareEnv#state()}). Arrays are copied in and out.
 *
 * @param agentRow     {@code [N]} robot rows
 * @param agentCol     {@code [N]} robot columns
 * @param agentDir     {@code [N]} robot directions, 0 UP, 1 RIGHT, 2 DOWN, 3 LEFT
 * @param carrying     {@code [N]} whether each robot carries the shelf on its cell
 * @param shelfRow     {@code [S]} shelf rows (a carried shelf sits on its carrier's cell)
 * @param shelfCol     {@code [S]} shelf columns
 * @param requestQueue {@code [Q]} requested shelf ids in slot order
 * @param stepCount    steps taken in the episode so far
 */
public record RwareState(int[] agentRow, int[] agentCol, int[] agentDir, boolean[] carrying, int[] shelfRow,
                         int[] shelfCol, int[] requestQueue, int stepCount) {

    public RwareState {
        if (agentRow == null || agentCol == null || agentDir == null || carrying == null) {
            throw new IllegalArgumentException("RwareState agent arrays (agentRow, agentCol, agentDir, carrying) must not be null");
        }
        if (shelfRow == null || shelfCol == null || requestQueue == null) {
            throw new IllegalArgumentException("RwareState shelfRow, shelfCol and requestQueue must not be null");
        }
        int n = agentRow.length;
        if (agentCol.length != n || agentDir.length != n || carrying.length != n) {
            throw new IllegalArgumentException("RwareState agent arrays must all have length N=" + n + ", got agentCol "
                    + agentCol.length + ", agentDir " + agentDir.length + ", carrying " + carrying.length);
        }
        if (shelfCol.length != shelfRow.length) {
            throw new IllegalArgumentException("RwareState.shelfCol must have length S=" + shelfRow.length + ", got "
                    + shelfCol.length);
        }
        if (stepCount < 0) {
            throw new IllegalArgumentException("RwareState.stepCount must be >= 0, got " + stepCount);
        }
        agentRow = agentRow.clone();
        agentCol = agentCol.clone();
        agentDir = agentDir.clone();
        carrying = carrying.clone();
        shelfRow = shelfRow.clone();
        shelfCol = shelfCol.clone();
        requestQueue = requestQueue.clone();
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
    public int[] agentDir() {
        return agentDir.clone();
    }

    @Override
    public boolean[] carrying() {
        return carrying.clone();
    }

    @Override
    public int[] shelfRow() {
        return shelfRow.clone();
    }

    @Override
    public int[] shelfCol() {
        return shelfCol.clone();
    }

    @Override
    public int[] requestQueue() {
        return requestQueue.clone();
    }

    /** Number of robots N. */
    public int numAgents() {
        return agentRow.length;
    }

    /** Number of shelves S. */
    public int numShelves() {
        return shelfRow.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RwareState s && stepCount == s.stepCount && Arrays.equals(agentRow, s.agentRow)
                && Arrays.equals(agentCol, s.agentCol) && Arrays.equals(agentDir, s.agentDir)
                && Arrays.equals(carrying, s.carrying) && Arrays.equals(shelfRow, s.shelfRow)
                && Arrays.equals(shelfCol, s.shelfCol) && Arrays.equals(requestQueue, s.requestQueue);
    }

    @Override
    public int hashCode() {
        int h = Integer.hashCode(stepCount);
        h = 31 * h + Arrays.hashCode(agentRow);
        h = 31 * h + Arrays.hashCode(agentCol);
        h = 31 * h + Arrays.hashCode(agentDir);
        h = 31 * h + Arrays.hashCode(carrying);
        h = 31 * h + Arrays.hashCode(shelfRow);
        h = 31 * h + Arrays.hashCode(shelfCol);
        return 31 * h + Arrays.hashCode(requestQueue);
    }

    @Override
    public String toString() {
        return "RwareState[agentRow=" + Arrays.toString(agentRow) + ", agentCol=" + Arrays.toString(agentCol)
                + ", agentDir=" + Arrays.toString(agentDir) + ", carrying=" + Arrays.toString(carrying)
                + ", shelfRow=" + Arrays.toString(shelfRow) + ", shelfCol=" + Arrays.toString(shelfCol)
                + ", requestQueue=" + Arrays.toString(requestQueue) + ", stepCount=" + stepCount + "]";
    }
}
