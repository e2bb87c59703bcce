package org.magpo.envs.connector;

/**
 * Jumanji's Connector cell encoding and moves on a G x G board stored flat, row-major
 * ({@code cell = row * G + col}).
 *
 * <p>0 is empty; agent k's wire uses PATH(k) = 1 + 3k (cells left behind), HEAD(k) = 2 + 3k (its
 * current position) and TARGET(k) = 3 + 3k (its goal, visible until it is reached). Actions: 0 NOOP,
 * 1 UP (row - 1), 2 RIGHT (col + 1), 3 DOWN (row + 1), 4 LEFT (col - 1).
 */
public final class GridCodes {
    public static final int EMPTY = 0;
    public static final int NOOP = 0;
    public static final int UP = 1;
    public static final int RIGHT = 2;
    public static final int DOWN = 3;
    public static final int LEFT = 4;
    /** Number of actions per agent. */
    public static final int NUM_ACTIONS = 5;

    private GridCodes() {
    }

    /** PATH(k): a cell agent k has left behind. */
    public static int path(int agent) {
        return 1 + 3 * agent;
    }

    /** HEAD(k): agent k's current position. */
    public static int head(int agent) {
        return 2 + 3 * agent;
    }

    /** TARGET(k): agent k's goal while it is not on it. */
    public static int target(int agent) {
        return 3 + 3 * agent;
    }

    /** True for any agent's path cell. */
    public static boolean isPath(int v) {
        return v != EMPTY && v % 3 == 1;
    }

    /** True for any agent's head cell. */
    public static boolean isHead(int v) {
        return v % 3 == 2;
    }

    /** True for any agent's (still visible) target cell. */
    public static boolean isTarget(int v) {
        return v != EMPTY && v % 3 == 0;
    }

    /** Owner agent of a non-empty value. */
    public static int owner(int v) {
        return (v - 1) / 3;
    }

    /** The cell reached from {@code cell} by {@code action} 1..4, or -1 when it leaves the board. */
    public static int neighbour(int cell, int action, int g) {
        int row = cell / g;
        int col = cell - row * g;
        return switch (action) {
            case UP -> row > 0 ? cell - g : -1;
            case RIGHT -> col < g - 1 ? cell + 1 : -1;
            case DOWN -> row < g - 1 ? cell + g : -1;
            case LEFT -> col > 0 ? cell - 1 : -1;
            default -> throw new IllegalArgumentException("move action must be 1..4 (UP, RIGHT, DOWN, LEFT), got " + action);
        };
    }
}
