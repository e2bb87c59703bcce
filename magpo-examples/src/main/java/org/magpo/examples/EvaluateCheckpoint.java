package org.magpo.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.nn.Rng;
import org.magpo.policy.Learner;
import org.magpo.train.Checkpoint;
import org.magpo.train.Checkpointer;
import org.magpo.train.EvaluationResult;
import org.magpo.train.Evaluator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Example: evaluate a trained MAGPO learner from a run's {@code checkpoint.bin}. Only the learner
 * (the decentralised policy) is deployed, so only {@code "learner/params"} (or the best parameters
 * seen, {@code "best/learner"}) is read; the checkpoint's config JSON says how wide the network is and
 * whether observations carry the one-hot agent id. Walk-through: docs/quickstart.md.
 *
 * <pre>
 * mvn -B -q -pl magpo-examples -am -DskipTests package exec:java -Dexec.mainClass=org.magpo.examples.EvaluateCheckpoint \
 *     -Dexec.args="--checkpoint runs/rware-tiny-2ag/checkpoint.bin --env rware:tiny-2ag [--episodes 320] [--greedy] [--best]"
 * </pre>
 */
public final class EvaluateCheckpoint {
    /** Checkpoint entry of the learner's latest flat parameters {@code [P]}. */
    public static final String LEARNER_PARAMS = "learner/params";
    /** Checkpoint entry of the learner parameters with the best evaluation so far {@code [P]}. */
    public static final String BEST_LEARNER_PARAMS = "best/learner";

    private EvaluateCheckpoint() {
    }

    public static void main(String[] args) throws IOException {
        Path file = null;
        String task = null;
        int episodes = 320;
        boolean greedy = false;
        boolean best = false;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--checkpoint" -> file = Path.of(args[++i]);
                case "--env" -> task = args[++i];
                case "--episodes" -> episodes = Integer.parseInt(args[++i]);
                case "--greedy" -> greedy = true;
                case "--best" -> best = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; expected"
                        + " --checkpoint PATH --env ID [--episodes N] [--greedy] [--best] [--seed S]");
            }
        }
        if (file == null || task == null) {
            throw new IllegalArgumentException("--checkpoint PATH and --env ID are required");
        }
        if (Files.isDirectory(file)) {
            file = file.resolve("checkpoint.bin"); // a run directory works too
        }
        Checkpoint checkpoint = Checkpointer.load(file);
        EvaluationResult r = evaluate(checkpoint, task, best ? BEST_LEARNER_PARAMS : LEARNER_PARAMS, episodes,
                greedy, seed);
        System.out.printf("%s, %s of %s, %d episodes (%s): return %.3f ± %.3f, length %.1f, win rate %.3f%n", task,
                best ? BEST_LEARNER_PARAMS : LEARNER_PARAMS, file, r.episodes(), greedy ? "greedy" : "sampled",
                r.meanReturn(), r.standardError(), r.meanLength(), r.winRate());
    }

    /** Makes the task as the run saw it: with the one-hot agent id when its config asked for one. */
    public static Supplier<MultiAgentEnv> factory(MagpoConfig config, String task) {
        return () -> Envs.make(task, Map.of(), config.addAgentId());
    }

    /**
     * Builds a {@link Learner} shaped by the checkpoint's config for {@code spec} and loads the flat
     * parameter vector stored under {@code entry}.
     *
     * @throws IllegalArgumentException when the entry is missing or its size does not fit the task
     */
    public static Learner loadLearner(Checkpoint checkpoint, EnvSpec spec, String entry) {
        MagpoConfig config = MagpoConfig.fromJson(checkpoint.configJson());
        if (!checkpoint.arrays().containsKey(entry)) {
            throw new IllegalArgumentException("checkpoint has no entry '" + entry + "'; entries: "
                    + checkpoint.arrays().keySet());
        }
        float[] params = checkpoint.array(entry);
        // Evaluation never runs a training forward, so one training row is enough buffer.
        Learner learner = new Learner(spec, config.learnerGruWidth(), 1, DataType.FLOAT, new Rng(0));
        INDArray values = learner.network().parameters().values();
        if (params.length != values.length()) {
            throw new IllegalArgumentException("checkpoint entry '" + entry + "' holds " + params.length
                    + " parameters, but a learner of width " + config.learnerGruWidth() + " for " + spec.taskId()
                    + " (obsDim " + spec.obsDim() + ", " + spec.actionSpace() + ") has " + values.length()
                    + "; was the checkpoint trained on another task?");
        }
        values.assign(Nd4j.createFromArray(params));
        return learner;
    }

    /** Evaluates the learner stored under {@code entry} on {@code episodes} fresh episodes of {@code task}. */
    public static EvaluationResult evaluate(Checkpoint checkpoint, String task, String entry, int episodes,
                                            boolean greedy, long seed) {
        MagpoConfig config = MagpoConfig.fromJson(checkpoint.configJson());
        Supplier<MultiAgentEnv> factory = factory(config, task);
        Learner learner = loadLearner(checkpoint, factory.get().spec(), entry);
        try (Evaluator evaluator = new Evaluator(factory, config.evalEpisodes(), seed)) {
            return evaluator.evaluate(learner, episodes, greedy, new Rng(seed + 1));
        }
    }
}
