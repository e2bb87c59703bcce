package org.magpo.envs.connector;

import java.util.Arrays;
import org.magpo.nn.Rng;

/**
 * Jumanji's {@code RandomWalkGenerator}: draws a solvable Connector puzzle by letting every agent
 * walk a one-cell-thick, self-avoiding wire from a random start until no agent can move, then
 * keeping only the start (as the head) and the end (as the target) of each wire.
 *
 * <p>Agents are placed one after the other (start, then a first step); the walks then advance in
 * simultaneous rounds with the environment's conflict rule (the higher id gets a contested cell).
 * A neighbour is available to agent k when it is on the board, empty, and at most one of its own
 * four neighbours belongs to wire k. In the rare board where an agent has no available first step
 * the reference samples from all-zero probabilities; this port redraws the whole board instead.
 * The random stream differs from the reference (not bit-exact), the distribution does not.
 */
public final class RandomWalkGenerator {
    /** The reference lists neighbours up, down, left, right; the order matters for the correlated first step. */
    private static final int[] REFERENCE_ORDER = {GridCodes.UP, GridCodes.DOWN, GridCodes.LEFT, GridCodes.RIGHT};
    private final int g;
    private final int n;
    /** Scratch board used for walking {@code [G*G]}. */
    private final int[] walk;
    private final int[] heads;
    private final int[] choice;
    /** Highest agent id proposing each cell in the current round, or -1 {@code [G*G]}. */
    private final int[] claim;
    private final int[] candidates = new int[4];
    private final int[] emptyCells;
    /** Neighbour table {@code [G*G, 4]} in {@link #REFERENCE_ORDER}, -1 off the board (avoids divisions in the walk). */
    private final int[] neighbours;
    /** Agents that found no available neighbour; they stay stuck because cells never become empty again. */
    private final boolean[] stuck;
    private int redraws;

    public RandomWalkGenerator(int gridSize, int numAgents) {
        if (gridSize < 2 || numAgents < 1 || 2 * numAgents > gridSize * gridSize) {
            throw new IllegalArgumentException("RandomWalkGenerator needs gridSize >= 2 and 1 <= numAgents <= gridSize²/2, got "
                    + gridSize + " and " + numAgents);
        }
        this.g = gridSize;
        this.n = numAgents;
        this.walk = new int[g * g];
        this.heads = new int[n];
        this.choice = new int[n];
        this.claim = new int[g * g];
        this.emptyCells = new int[g * g];
        this.stuck = new boolean[n];
        this.neighbours = new int[g * g * 4];
        for (int c = 0; c < g * g; c++) {
            for (int d = 0; d < 4; d++) {
                neighbours[4 * c + d] = GridCodes.neighbour(c, REFERENCE_ORDER[d], g);
            }
        }
        Arrays.fill(claim, -1);
    }

    /**
     * Draws a puzzle.
     *
     * @param grid   receives the board {@code [G*G]}: HEAD(k) at each start, TARGET(k) at each target
     * @param start  receives each agent's start cell {@code [N]} (also its position)
     * @param target receives each agent's target cell {@code [N]}
     */
    public void generate(Rng rng, int[] grid, int[] start, int[] target) {
        while (!tryGenerate(rng, start)) {
            redraws++;
        }
        for (int k = 0; k < n; k++) {
            target[k] = heads[k];
        }
        Arrays.fill(grid, GridCodes.EMPTY);
        for (int k = 0; k < n; k++) {
            grid[start[k]] = GridCodes.head(k);
            grid[target[k]] = GridCodes.target(k);
        }
    }

    /** Boards redrawn so far because an agent had no first step (for diagnostics). */
    public int redraws() {
        return redraws;
    }

    private boolean tryGenerate(Rng rng, int[] start) {
        Arrays.fill(walk, GridCodes.EMPTY);
        Arrays.fill(stuck, false);
        for (int k = 0; k < n; k++) {
            int numEmpty = 0;
            for (int c = 0; c < walk.length; c++) {
                if (walk[c] == GridCodes.EMPTY) {
                    emptyCells[numEmpty++] = c;
                }
            }
            // The reference draws the start and the first step with the same key, hence the same
            // uniform u: both picks sit at the same quantile of their candidate lists.
            double u = rng.nextDouble();
            int s = emptyCells[quantilePick(numEmpty, u)];
            // The start holds TARGET(k) while walking, so the walk never comes back next to it.
            walk[s] = GridCodes.target(k);
            start[k] = s;
            int count = available(k, s);
            if (count == 0) {
                return false;
            }
            int first = candidates[quantilePick(count, u)];
            walk[first] = GridCodes.head(k);
            heads[k] = first;
        }
        while (true) {
            boolean anyMove = false;
            for (int k = 0; k < n; k++) {
                int count = stuck[k] ? 0 : available(k, heads[k]);
                stuck[k] = count == 0;
                choice[k] = count == 0 ? -1 : candidates[rng.nextInt(count)];
                anyMove |= count > 0;
            }
            if (!anyMove) {
                return true;
            }
            for (int k = 0; k < n; k++) {
                if (choice[k] >= 0) {
                    claim[choice[k]] = k;
                }
            }
            for (int k = 0; k < n; k++) {
                int c = choice[k];
                if (c >= 0 && claim[c] == k) {
                    walk[heads[k]] = GridCodes.path(k);
                    walk[c] = GridCodes.head(k);
                    heads[k] = c;
                }
            }
            for (int k = 0; k < n; k++) {
                if (choice[k] >= 0) {
                    claim[choice[k]] = -1;
                }
            }
        }
    }

    /**
     * {@code jax.random.choice} with uniform weights over {@code count} items: the first index whose
     * cumulative weight reaches {@code count * (1 - u)}.
     */
    static int quantilePick(int count, double u) {
        int idx = (int) Math.ceil(count * (1.0 - u)) - 1;
        return Math.max(0, Math.min(count - 1, idx));
    }

    /** Copies the walked (solved) board of the last puzzle {@code [G*G]}: TARGET(k) marks each start, HEAD(k) each target. */
    public void solvedBoard(int[] dst) {
        System.arraycopy(walk, 0, dst, 0, walk.length);
    }

    /** Writes the available neighbours of {@code cell} for agent k into {@link #candidates}; returns their count. */
    private int available(int k, int cell) {
        int count = 0;
        for (int d = 0; d < 4; d++) {
            int c = neighbours[4 * cell + d];
            if (c >= 0 && walk[c] == GridCodes.EMPTY && ownNeighbours(k, c) <= 1) {
                candidates[count++] = c;
            }
        }
        return count;
    }

    private int ownNeighbours(int k, int cell) {
        int count = 0;
        for (int d = 0; d < 4; d++) {
            int c = neighbours[4 * cell + d];
            if (c >= 0) {
                int v = walk[c];
                if (v != GridCodes.EMPTY && GridCodes.owner(v) == k) {
                    count++;
                }
            }
        }
        return count;
    }
}
