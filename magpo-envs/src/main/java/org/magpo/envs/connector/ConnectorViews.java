package org.magpo.envs.connector;

import java.util.Arrays;

/**
 * Mava's two Connector observation builders, written straight from the raw board (the "switch
 * perspective" relabelling is folded into the owner arithmetic, so nothing is allocated).
 *
 * <p>Vector view of agent i, {@code [54]}: own head (row, col) / G², own target (row, col) / G²
 * ((0, 0) once connected, a reference quirk), then two 5x5 windows centred on the head, row-major:
 * blockers (+1 any head including its own, -1 any path, 0 otherwise) and targets (+1 own, -1 other
 * agents'); cells outside the board read +1 in both windows.
 *
 * <p>Grid view of agent i, {@code [G, G, 5]} channel innermost: heads and targets labelled
 * {@code (relative index + 1) / N} where the relative index is {@code (owner - i) mod N}, any path 1,
 * own head 1, own target 1.
 */
public final class ConnectorViews {
    /** Length of the vector view (without agent id). */
    public static final int VECTOR_SIZE = 54;
    /** Channels of the grid view. */
    public static final int GRID_CHANNELS = 5;
    /** Channels of the grid global state (heads, targets, paths of agent 0's view). */
    public static final int STATE_CHANNELS = 3;

    private static final int WINDOW = 5;
    private static final int HALF = WINDOW / 2;

    private ConnectorViews() {
    }

    /**
     * Writes agent {@code agent}'s 54-vector at {@code dst[offset..offset+54)}.
     *
     * @param grid      board {@code [G*G]}
     * @param head      the agent's head cell
     * @param target    the agent's target cell
     * @param connected whether the agent is on its target (hides the target coordinates)
     */
    public static void writeVector(int[] grid, int g, int agent, int head, int target, boolean connected,
                                   float[] dst, int offset) {
        float area = g * g;
        int headRow = head / g;
        int headCol = head - headRow * g;
        dst[offset] = headRow / area;
        dst[offset + 1] = headCol / area;
        if (connected) {
            dst[offset + 2] = 0f;
            dst[offset + 3] = 0f;
        } else {
            dst[offset + 2] = (target / g) / area;
            dst[offset + 3] = (target % g) / area;
        }
        int blockers = offset + 4;
        int targets = blockers + WINDOW * WINDOW;
        int ownTarget = GridCodes.target(agent);
        int w = 0;
        for (int r = headRow - HALF; r <= headRow + HALF; r++) {
            for (int c = headCol - HALF; c <= headCol + HALF; c++, w++) {
                if (r < 0 || r >= g || c < 0 || c >= g) {
                    dst[blockers + w] = 1f;
                    dst[targets + w] = 1f;
                    continue;
                }
                int v = grid[r * g + c];
                dst[blockers + w] = v == GridCodes.EMPTY ? 0f : GridCodes.isHead(v) ? 1f : GridCodes.isPath(v) ? -1f : 0f;
                dst[targets + w] = !GridCodes.isTarget(v) ? 0f : v == ownTarget ? 1f : -1f;
            }
        }
    }

    /** Writes agent {@code agent}'s {@code [G, G, 5]} view at {@code dst[offset..offset+G*G*5)}. */
    public static void writeGrid(int[] grid, int g, int numAgents, int agent, float[] dst, int offset) {
        Arrays.fill(dst, offset, offset + grid.length * GRID_CHANNELS, 0f);
        for (int cell = 0; cell < grid.length; cell++) {
            int v = grid[cell];
            if (v == GridCodes.EMPTY) {
                continue;
            }
            int o = offset + cell * GRID_CHANNELS;
            int relative = Math.floorMod(GridCodes.owner(v) - agent, numAgents);
            float label = (float) (relative + 1) / numAgents;
            if (GridCodes.isHead(v)) {
                dst[o] = label;
                dst[o + 3] = relative == 0 ? 1f : 0f;
            } else if (GridCodes.isTarget(v)) {
                dst[o + 1] = label;
                dst[o + 4] = relative == 0 ? 1f : 0f;
            } else {
                dst[o + 2] = 1f;
            }
        }
    }

    /** Writes the grid global state {@code [G, G, 3]}: channels 0..2 of agent 0's view (un-rotated labels). */
    public static void writeGridState(int[] grid, int g, int numAgents, float[] dst) {
        Arrays.fill(dst, 0, grid.length * STATE_CHANNELS, 0f);
        for (int cell = 0; cell < grid.length; cell++) {
            int v = grid[cell];
            if (v == GridCodes.EMPTY) {
                continue;
            }
            int o = cell * STATE_CHANNELS;
            float label = (float) (GridCodes.owner(v) + 1) / numAgents;
            if (GridCodes.isHead(v)) {
                dst[o] = label;
            } else if (GridCodes.isTarget(v)) {
                dst[o + 1] = label;
            } else {
                dst[o + 2] = 1f;
            }
        }
    }
}
