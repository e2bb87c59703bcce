package org.magpo.examples;

import java.util.Map;
import org.magpo.env.EpisodeMetricsWrapper;
import org.magpo.env.Envs;
import org.magpo.env.TimeStep;
import org.magpo.envs.coordsum.CoordSumConfig;
import org.magpo.envs.coordsum.CoordSumOracle;
import org.magpo.nn.Rng;

/**
 * The default example until the trainer lands: plays every CoordSum task with a uniform random policy
 * (every agent independently uniform over its legal actions) and with the history-aware oracle, and
 * prints the mean episode return ± its standard error, next to the reference values of coordsum.md
 * section 5.1 (random 6.26 / 2.51 / 2.44 / 1.92; oracle 183.24 / 198.00 / 198.75 / 199.00).
 *
 * <pre>
 * mvn -B -q -pl magpo-examples -am -DskipTests package exec:java   [-Dexec.args="--episodes 2000 --seed 1"]
 * </pre>
 */
public final class RandomPolicyCoordSum {

    /** Mean episode return and its standard error over {@code episodes} episodes. */
    public record Summary(double mean, double stdErr, int episodes) {
        @Override
        public String toString() {
            return String.format("%7.2f ± %.2f", mean, stdErr);
        }
    }

    private RandomPolicyCoordSum() {
    }

    public static void main(String[] args) {
        int episodes = 2000;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--episodes" -> episodes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --episodes N and/or --seed S");
            }
        }
        if (episodes < 2) {
            throw new IllegalArgumentException("--episodes must be >= 2, got " + episodes);
        }
        System.out.printf("CoordSum, %d episodes per task (T = 100), mean episode return ± standard error%n", episodes);
        System.out.printf("%-18s %-17s %-17s%n", "task", "uniform random", "oracle");
        for (String task : CoordSumConfig.TASKS.keySet()) {
            String id = "coordsum:" + task;
            System.out.printf("%-18s %-17s %-17s%n", id, randomPolicy(id, episodes, seed), oracle(id, episodes, seed));
        }
    }

    /** Every agent plays uniformly among its legal actions; seeds derive from {@code seed}. */
    public static Summary randomPolicy(String id, int episodes, long seed) {
        EpisodeMetricsWrapper env = new EpisodeMetricsWrapper(Envs.make(id, Map.of(), false));
        int n = env.spec().numAgents();
        int numActions = env.spec().numActions();
        TimeStep ts = new TimeStep(env.spec());
        Rng rng = new Rng(seed);
        int[] actions = new int[n];
        ReturnAccumulator acc = new ReturnAccumulator();
        for (int ep = 0; ep < episodes; ep++) {
            env.reset(rng.nextLong(), ts);
            while (!ts.isLast()) {
                for (int i = 0; i < n; i++) {
                    actions[i] = uniformLegal(ts.actionMask, i, numActions, rng);
                }
                env.step(actions, ts);
            }
            acc.add(env.episodeReturn());
        }
        return acc.summary();
    }

    /** The history-aware oracle of coordsum.md section 5 on the same episode seeds. */
    public static Summary oracle(String id, int episodes, long seed) {
        String task = id.substring(id.indexOf(':') + 1);
        CoordSumOracle oracle = new CoordSumOracle(CoordSumConfig.TASKS.get(task));
        EpisodeMetricsWrapper env = new EpisodeMetricsWrapper(Envs.make(id, Map.of(), false));
        TimeStep ts = new TimeStep(env.spec());
        Rng rng = new Rng(seed);
        int[] actions = new int[env.spec().numAgents()];
        ReturnAccumulator acc = new ReturnAccumulator();
        for (int ep = 0; ep < episodes; ep++) {
            env.reset(rng.nextLong(), ts);
            oracle.reset();
            while (!ts.isLast()) {
                oracle.act((int) ts.obs[0], actions);
                env.step(actions, ts);
            }
            acc.add(env.episodeReturn());
        }
        return acc.summary();
    }

    private static int uniformLegal(boolean[] mask, int agent, int numActions, Rng rng) {
        int legal = 0;
        for (int a = 0; a < numActions; a++) {
            if (mask[agent * numActions + a]) {
                legal++;
            }
        }
        int pick = rng.nextInt(legal);
        for (int a = 0; a < numActions; a++) {
            if (mask[agent * numActions + a] && pick-- == 0) {
                return a;
            }
        }
        throw new IllegalStateException("agent " + agent + " has no legal action");
    }

    /** Welford's running mean and variance of episode returns. */
    private static final class ReturnAccumulator {
        private int count;
        private double mean;
        private double m2;

        void add(double x) {
            count++;
            double d = x - mean;
            mean += d / count;
            m2 += d * (x - mean);
        }

        Summary summary() {
            double variance = count > 1 ? m2 / (count - 1) : 0;
            return new Summary(mean, Math.sqrt(variance / count), count);
        }
    }
}
