package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpo.algo.MagpoConfig;
import org.magpo.train.EvaluationResult;
import org.magpo.train.Trainer;

/**
 * The random policy on the example game must meet as often, and as fast, as the exact Markov chain
 * of two independent uniform walkers on a line of 5 cells predicts (computed below by dynamic
 * programming over the 25 joint positions, independent of the environment code).
 */
class CustomEnvironmentTest {
    private static final int CELLS = 5;
    private static final int T = 4;

    @Test
    void randomPolicyMeetsAsOftenAndAsFastAsTheExactMarkovChainPredicts() {
        EvaluationResult r = CustomEnvironment.evaluateRandom(3200, 7L);
        assertEquals(3200, r.episodes());
        double[] exact = exactReturnAndLength();
        assertTrue(Math.abs(r.meanReturn() - exact[0]) <= 4 * r.standardError(),
                "mean return " + r.meanReturn() + " ± " + r.standardError() + " vs exact " + exact[0]);
        double lengthSe = standardError(r.episodeLengths());
        assertTrue(Math.abs(r.meanLength() - exact[1]) <= 4 * lengthSe,
                "mean length " + r.meanLength() + " ± " + lengthSe + " vs exact " + exact[1]);
    }

    @Test
    void mainEvaluatesAndTrainsOnATinyBudget() {
        CustomEnvironment.main(new String[] {"--episodes", "32", "--train-steps", "256", "--seed", "3"});
    }

    @Test
    void trainingTheCustomGameWritesACompleteRunDirectory(@TempDir Path dir) {
        MagpoConfig config = CustomEnvironment.trainingConfig(512, 5L);
        assertEquals(2, config.numUpdates());
        Trainer.Result result;
        try (Trainer trainer = new Trainer(config, "rendezvous:line5-2ag", CustomEnvironment.factory(), dir)) {
            result = trainer.train();
        }
        assertEquals(2, result.updates());
        assertEquals(512, result.envSteps());
        assertEquals(2, result.evaluations().size());
        for (String f : new String[] {"config.json", "metrics.csv", "eval.jsonl", "marl_eval.json", "checkpoint.bin"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), "run directory lacks " + f);
        }
    }

    /** {P(meet within T), E[min(meeting time, T)]} from a uniform start over the 20 distinct pairs. */
    private static double[] exactReturnAndLength() {
        double[][] alive = new double[CELLS][CELLS]; // probability of being at (p0, p1), not met yet
        for (int a = 0; a < CELLS; a++) {
            for (int b = 0; b < CELLS; b++) {
                alive[a][b] = a == b ? 0 : 1.0 / (CELLS * CELLS - CELLS);
            }
        }
        double met = 0;
        double length = 0;
        for (int t = 0; t < T; t++) {
            double survive = 0;
            for (double[] row : alive) {
                for (double p : row) {
                    survive += p;
                }
            }
            length += survive; // the episode lasts past step t with this probability
            double[][] next = new double[CELLS][CELLS];
            for (int a = 0; a < CELLS; a++) {
                for (int b = 0; b < CELLS; b++) {
                    if (alive[a][b] == 0) {
                        continue;
                    }
                    int[] ma = moves(a);
                    int[] mb = moves(b);
                    double p = alive[a][b] / (ma.length * mb.length);
                    for (int x : ma) {
                        for (int y : mb) {
                            if (x == y) {
                                met += p;
                            } else {
                                next[x][y] += p;
                            }
                        }
                    }
                }
            }
            alive = next;
        }
        return new double[] {met, length};
    }

    private static int[] moves(int p) {
        if (p == 0) {
            return new int[] {0, 1};
        }
        if (p == CELLS - 1) {
            return new int[] {p - 1, p};
        }
        return new int[] {p - 1, p, p + 1};
    }

    private static double standardError(int[] xs) {
        double mean = 0;
        for (int x : xs) {
            mean += x;
        }
        mean /= xs.length;
        double ss = 0;
        for (int x : xs) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (xs.length - 1) / xs.length);
    }
}
