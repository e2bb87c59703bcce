package org.magpo.envs.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;
import org.magpo.nn.Rng;

/**
 * Board statistics against the reference table of the spec (2000 reference boards per task), and
 * the walked wires as proofs of solvability. Bounds are about three standard errors of the
 * difference of two 2000-board means (per-agent spread: Manhattan distance ~2.5, wire length ~4).
 */
class RandomWalkGeneratorTest {
    private static final int BOARDS = 2000;

    @Test
    void boardStatisticsMatchTheReference() {
        // {G, N, mean wire length, mean Manhattan distance, covered fraction}
        double[][] reference = {
            {5, 3, 5.87, 3.54, 0.704},
            {7, 5, 6.92, 4.21, 0.707},
            {10, 10, 7.29, 4.51, 0.729},
            {15, 23, 7.27, 4.66, 0.744}};
        for (double[] row : reference) {
            int g = (int) row[0];
            int n = (int) row[1];
            double[] stats = statistics(g, n);
            String task = g + "x" + g + "x" + n + "a";
            assertEquals(row[2], stats[0], 0.15, task + " mean wire length");
            assertEquals(row[3], stats[1], 0.1, task + " mean Manhattan distance start-target");
            assertEquals(row[4], stats[2], 0.01, task + " covered fraction");
        }
    }

    @Test
    void walkedWiresConnectEveryStartToItsTargetWithoutTouchingThemselves() {
        int g = 10;
        int n = 10;
        RandomWalkGenerator gen = new RandomWalkGenerator(g, n);
        int[] grid = new int[g * g];
        int[] start = new int[n];
        int[] target = new int[n];
        int[] solved = new int[g * g];
        Rng rng = new Rng(3);
        for (int b = 0; b < 200; b++) {
            gen.generate(rng, grid, start, target);
            gen.solvedBoard(solved);
            for (int k = 0; k < n; k++) {
                assertTrue(start[k] != target[k], "start and target differ");
                assertEquals(GridCodes.target(k), solved[start[k]], "the walk began at the start");
                assertEquals(GridCodes.head(k), solved[target[k]], "the walk ended at the target");
                assertTrue(connectedThroughOwnWire(solved, g, k, start[k], target[k]), "wire " + k + " of board " + b);
                for (int c = 0; c < g * g; c++) {
                    if (solved[c] != 0 && GridCodes.owner(solved[c]) == k && ownNeighbours(solved, g, k, c) > 2) {
                        throw new AssertionError("wire " + k + " of board " + b + " is thicker than one cell at " + c);
                    }
                }
            }
        }
    }

    @Test
    void quantilePickFollowsJaxChoiceOnUniformWeights() {
        assertEquals(3, RandomWalkGenerator.quantilePick(4, 0.0), "u = 0 takes the last item");
        assertEquals(0, RandomWalkGenerator.quantilePick(4, 0.99), "u near 1 takes the first item");
        assertEquals(1, RandomWalkGenerator.quantilePick(4, 0.5));
        assertEquals(0, RandomWalkGenerator.quantilePick(1, 0.3));
    }

    private static double[] statistics(int g, int n) {
        RandomWalkGenerator gen = new RandomWalkGenerator(g, n);
        int[] grid = new int[g * g];
        int[] start = new int[n];
        int[] target = new int[n];
        int[] solved = new int[g * g];
        Rng rng = new Rng(1000 + g);
        double wire = 0;
        double manhattan = 0;
        double covered = 0;
        for (int b = 0; b < BOARDS; b++) {
            gen.generate(rng, grid, start, target);
            gen.solvedBoard(solved);
            int cells = 0;
            for (int v : solved) {
                cells += v != 0 ? 1 : 0;
            }
            wire += cells;
            covered += (double) cells / (g * g);
            for (int k = 0; k < n; k++) {
                manhattan += Math.abs(start[k] / g - target[k] / g) + Math.abs(start[k] % g - target[k] % g);
            }
        }
        return new double[] {wire / ((double) BOARDS * n), manhattan / ((double) BOARDS * n), covered / BOARDS};
    }

    private static boolean connectedThroughOwnWire(int[] solved, int g, int k, int from, int to) {
        boolean[] seen = new boolean[solved.length];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(from);
        seen[from] = true;
        while (!queue.isEmpty()) {
            int c = queue.poll();
            if (c == to) {
                return true;
            }
            for (int a = GridCodes.UP; a <= GridCodes.LEFT; a++) {
                int d = GridCodes.neighbour(c, a, g);
                if (d >= 0 && !seen[d] && solved[d] != 0 && GridCodes.owner(solved[d]) == k) {
                    seen[d] = true;
                    queue.add(d);
                }
            }
        }
        return false;
    }

    private static int ownNeighbours(int[] solved, int g, int k, int cell) {
        int count = 0;
        for (int a = GridCodes.UP; a <= GridCodes.LEFT; a++) {
            int d = GridCodes.neighbour(cell, a, g);
            if (d >= 0 && solved[d] != 0 && GridCodes.owner(solved[d]) == k) {
                count++;
            }
        }
        return count;
    }
}
