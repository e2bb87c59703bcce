package org.magpo.examples;

import java.util.function.Supplier;
import org.magpo.env.AgentIdWrapper;
import org.magpo.env.MultiAgentEnv;
import org.magpo.nn.Rng;
import org.magpo.train.EvaluationResult;
import org.magpo.train.Evaluator;

/**
 * Example: plug your own environment into MAGPO4J. {@link Rendezvous} is a tiny cooperative game
 * written against {@link org.magpo.env.AbstractMultiAgentEnv}; this main evaluates a uniform-random
 * {@link org.magpo.policy.DecentralizedPolicy} on it with the {@link Evaluator}.
 * Walk-through: docs/adding-an-environment.md.
 *
 * <pre>
 * mvn -B -q -pl magpo-examples -am -DskipTests package exec:java \
 *     -Dexec.mainClass=org.magpo.examples.CustomEnvironment [-Dexec.args="--episodes 320 --seed 1"]
 * </pre>
 */
public final class CustomEnvironment {

    private CustomEnvironment() {
    }

    public static void main(String[] args) {
        int episodes = 320;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--episodes" -> episodes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --episodes N and/or --seed S");
            }
        }
        EvaluationResult random = evaluateRandom(episodes, seed);
        System.out.printf("rendezvous (L=5, N=2, T=10), uniform random policy over %d episodes:"
                + " return %.3f ± %.3f, length %.2f%n", random.episodes(), random.meanReturn(),
                random.standardError(), random.meanLength());
    }

    /** The game of this example: 2 agents on a line of 5 cells, 10 steps, one-hot agent ids added. */
    public static Supplier<MultiAgentEnv> factory() {
        return () -> new AgentIdWrapper(new Rendezvous(5, 2, 10));
    }

    /** Plays {@code episodes} episodes with a uniform-random policy (32 at a time, as Mava evaluates). */
    public static EvaluationResult evaluateRandom(int episodes, long seed) {
        Supplier<MultiAgentEnv> factory = factory();
        RandomDecentralizedPolicy policy = new RandomDecentralizedPolicy(factory.get().spec());
        try (Evaluator evaluator = new Evaluator(factory, 32, seed)) {
            return evaluator.evaluate(policy, episodes, false, new Rng(seed + 1));
        }
    }
}
