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
        for (int k = 0; k < n; k++) {
            int numEmpty = 0;
            for (int c = 0; c < walk.length; c++) {
                if (walk[c] == GridCodes.EMPTY) {
                    emptyCells[numEmpty++] = c;
                }
            }
            int s = emptyCells[rng.nextInt(numEmpty)];
            // The start holds TARGET(k) while walking, so the walk never comes back next to it.
            walk[s] = GridCodes.target(k);
            start[k] = s;
            int count = available(k, s);
            if (count == 0) {
                return false;
            }
            int first = candidates[rng.nextInt(count)];
            walk[first] = GridCodes.head(k);
            heads[k] = first;
        }
        while (true) {
            boolean anyMove = false;
            for (int k = 0; k < n; k++) {
                int count = available(k, heads[k]);
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

    /** Writes the available neighbours of {@code cell} for agent k into {@link #candidates}; returns their count. */
    private int available(int k, int cell) {
        int count = 0;
        for (int a = GridCodes.UP; a <= GridCodes.LEFT; a++) {
            int c = GridCodes.neighbour(cell, a, g);
            if (c >= 0 && walk[c] == GridCodes.EMPTY && ownNeighbours(k, c) <= 1) {
                candidates[count++] = c;
            }
        }
        return count;
    }

    private int ownNeighbours(int k, int cell) {
        int count = 0;
        for (int a = GridCodes.UP; a <= GridCodes.LEFT; a++) {
            int c = GridCodes.neighbour(cell, a, g);
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
