package org.magpo.examples;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.AgentIdWrapper;
import org.magpo.env.MultiAgentEnv;
import org.magpo.nn.Rng;
import org.magpo.train.EvaluationResult;
import org.magpo.train.Evaluator;
import org.magpo.train.Trainer;

/**
 * Example: plug your own environment into MAGPO4J. {@link Rendezvous} is a tiny cooperative game
 * written against {@link org.magpo.env.AbstractMultiAgentEnv}; this main evaluates a uniform-random
 * {@link org.magpo.policy.DecentralizedPolicy} on it with the {@link Evaluator}, then trains MAGPO
 * on it with the {@link Trainer} for a small budget (small networks: the game is tiny).
 * Walk-through: docs/adding-an-environment.md.
 *
 * <pre>
 * mvn -B -q -pl magpo-examples -am -DskipTests package exec:java -Dexec.mainClass=org.magpo.examples.CustomEnvironment \
 *     [-Dexec.args="--episodes 320 --train-steps 10240 --seed 1 --out runs/rendezvous"]
 * </pre>
 */
public final class CustomEnvironment {

    private CustomEnvironment() {
    }

    public static void main(String[] args) {
        int episodes = 320;
        long trainSteps = 10_240;
        long seed = 1;
        Path runDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--episodes" -> episodes = Integer.parseInt(args[++i]);
                case "--train-steps" -> trainSteps = (long) Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> runDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --episodes N, --train-steps N (0: skip training), --seed S, --out DIR");
            }
        }
        EvaluationResult random = evaluateRandom(episodes, seed);
        System.out.printf("rendezvous (L=5, N=2, T=4), uniform random policy over %d episodes:"
                + " return %.3f ± %.3f, length %.2f%n", random.episodes(), random.meanReturn(),
                random.standardError(), random.meanLength());
        if (trainSteps <= 0) {
            return;
        }
        MagpoConfig config = trainingConfig(trainSteps, seed);
        Trainer.Result result;
        try (Trainer trainer = new Trainer(config, "rendezvous:line5-2ag", factory(), runDir)) {
            result = trainer.train();
        }
        for (Trainer.Evaluation e : result.evaluations()) {
            System.out.printf("MAGPO after %,7d env steps: learner return %.3f%n", e.envSteps(), e.meanReturn());
        }
        if (result.absolute() != null) {
            System.out.printf("MAGPO absolute metric (best learner, %d episodes): return %.3f ± %.3f%n",
                    result.absolute().episodes(), result.absolute().meanReturn(), result.absolute().standardError());
        }
    }

    /**
     * MAGPO for the tiny game: the reference defaults with rollouts of 16 steps on 16 environments in
     * one lane, networks of width 32 and up to 8 evaluations, cut to about {@code steps} env steps.
     */
    public static MagpoConfig trainingConfig(long steps, long seed) {
        MagpoConfig.Builder b = MagpoConfig.defaults().toBuilder()
                .numEnvs(16).updateBatchSize(1).rolloutLength(16).numMinibatches(2)
                .embedDim(32).learnerPreTorsoWidth(32).learnerGruWidth(32).learnerPostTorsoWidth(32)
                .learningRate(1e-3)
                .seed(seed);
        long perUpdate = 16L * 16;
        long updates = Math.max(1, steps / perUpdate);
        return b.totalTimesteps(updates * perUpdate).numEvaluations((int) Math.min(updates, 8)).build();
    }

    /** The game of this example: 2 agents on a line of 5 cells, 4 steps, one-hot agent ids added. */
    public static Supplier<MultiAgentEnv> factory() {
        return () -> new AgentIdWrapper(new Rendezvous(5, 2, 4));
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
