package org.magpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.Envs;
import org.magpo.env.EnvSpec;
import org.magpo.env.MultiAgentEnv;
import org.magpo.nn.Rng;
import org.magpo.policy.Guider;
import org.magpo.policy.Learner;
import org.magpo.train.Checkpoint;
import org.magpo.train.Checkpointer;
import org.magpo.train.EvaluationResult;
import org.magpo.train.Evaluator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code magpo eval}: plays episodes with the learner saved in a checkpoint, alone and decentralised,
 * as the trainer's evaluation does (fresh recurrent state per episode); with {@code --guider}, the run's
 * latest guider instead, centralised as in training, for diagnosis.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the learner of a checkpoint (decentralised, fresh memory per episode).")
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "PATH",
            description = "checkpoint.bin, or the run directory holding it")
    Path checkpoint;

    @Option(names = "--episodes", defaultValue = "320", description = "episodes (default: ${DEFAULT-VALUE})")
    int episodes;

    @Option(names = "--greedy", description = "take each agent's most likely action instead of sampling")
    boolean greedy;

    @Option(names = "--env", paramLabel = "ID", description = "task id (default: the task in config.json beside the checkpoint)")
    String env;

    @Option(names = "--params", defaultValue = "best",
            description = "best (the best evaluated learner, as the absolute metric) or last (default: ${DEFAULT-VALUE})")
    String params;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the evaluation episodes (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--parallel", defaultValue = "32", description = "episodes played at once (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--guider", description = "evaluate the run's latest guider instead (centralised, sampled; "
            + "for diagnosis: MAGPO deploys the learner)")
    boolean guider;

    @Option(names = "--env-option", paramLabel = "KEY=VALUE", description = "environment option (repeatable)")
    Map<String, String> envOptions = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (episodes < 1 || parallel < 1) {
            throw new IllegalArgumentException("--episodes and --parallel must be >= 1, got " + episodes + ", "
                    + parallel);
        }
        if (!params.equals("best") && !params.equals("last")) {
            throw new IllegalArgumentException("--params must be 'best' or 'last', got '" + params + "'");
        }
        Path file = Files.isDirectory(checkpoint) ? checkpoint.resolve("checkpoint.bin") : checkpoint;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--checkpoint: no checkpoint file at " + file);
        }
        if (guider && greedy) {
            throw new IllegalArgumentException("--guider samples its actions (the guider has no greedy mode); "
                    + "drop --greedy");
        }
        String task = env != null ? env : taskBeside(file);
        Checkpoint c = Checkpointer.load(file);
        MagpoConfig config = MagpoConfig.fromJson(c.configJson());
        Map<String, String> options = Map.copyOf(envOptions);
        Supplier<MultiAgentEnv> factory = () -> Envs.make(task, options, config.addAgentId());
        EnvSpec envSpec = factory.get().spec();
        int atOnce = Math.min(parallel, episodes);
        String entry;
        EvaluationResult r;
        if (guider) {
            // The trainer keeps only the latest guider (it never deploys it), so --params does not apply.
            entry = "guider/params";
            // maxTrainingTokens = N: this guider only acts, its training buffers stay minimal.
            Guider g = new Guider(envSpec, config.embedDim(), config.nBlock(), config.nHead(),
                    config.decayScalingFactor(), config.timestepPositionalEncoding(), atOnce, envSpec.numAgents(),
                    DataType.FLOAT, new Rng(seed));
            load(c, entry, g.parameters().values(), file, task, "guider");
            try (GuiderEvaluator evaluator = new GuiderEvaluator(factory, g, seed)) {
                r = evaluator.evaluate(episodes, new Rng(seed).split());
            }
        } else {
            entry = params.equals("best") && c.arrays().containsKey("best/learner") ? "best/learner"
                    : "learner/params";
            Learner learner = new Learner(envSpec, config.learnerGruWidth(), 1, DataType.FLOAT, new Rng(seed));
            load(c, entry, learner.network().parameters().values(), file, task, "learner");
            try (Evaluator evaluator = new Evaluator(factory, atOnce, seed)) {
                r = evaluator.evaluate(learner, episodes, greedy, new Rng(seed).split());
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        String which = guider ? "last guider, centralised" : entry.startsWith("best") ? "best learner" : "last learner";
        w.printf("%s, %s (%s) of %s, %d episodes, %s:%n", task, which, entry, file, r.episodes(),
                greedy ? "greedy" : "sampled");
        w.printf("  return %.4f ± %.4f (s.e.), length %.1f, win rate %.3f%n", r.meanReturn(), r.standardError(),
                r.meanLength(), r.winRate());
        w.flush();
        return 0;
    }

    /** Copies checkpoint entry {@code entry} into a network's flat parameters, checking the count first. */
    private static void load(Checkpoint c, String entry, INDArray target, Path file, String task, String network) {
        float[] values = c.array(entry);
        if (values.length != target.length()) {
            throw new IllegalArgumentException("checkpoint " + file + " entry " + entry + " holds " + values.length
                    + " parameters; a " + network + " for " + task + " has " + target.length() + " (another task?)");
        }
        target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
    }

    private static String taskBeside(Path file) throws java.io.IOException {
        Path config = file.toAbsolutePath().getParent().resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("no config.json beside " + file + " to name the task; give --env ID");
        }
        JsonNode task = new ObjectMapper().readTree(config.toFile()).get("task");
        if (task == null || !task.isTextual()) {
            throw new IllegalArgumentException(config + " has no \"task\"; give --env ID");
        }
        return task.asText();
    }
}
