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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code magpo eval}: plays episodes with the learner saved in a checkpoint, alone and decentralised,
 * as the trainer's evaluation does (fresh recurrent state per episode).
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
        String task = env != null ? env : taskBeside(file);
        Checkpoint c = Checkpointer.load(file);
        MagpoConfig config = MagpoConfig.fromJson(c.configJson());
        Map<String, String> options = Map.copyOf(envOptions);
        Supplier<MultiAgentEnv> factory = () -> Envs.make(task, options, config.addAgentId());
        MultiAgentEnv probe = factory.get();
        Learner learner = new Learner(probe.spec(), config.learnerGruWidth(), 1, DataType.FLOAT, new Rng(seed));
        String entry = params.equals("best") && c.arrays().containsKey("best/learner") ? "best/learner"
                : "learner/params";
        float[] values = c.array(entry);
        INDArray target = learner.network().parameters().values();
        if (values.length != target.length()) {
            throw new IllegalArgumentException("checkpoint " + file + " entry " + entry + " holds " + values.length
                    + " parameters; a learner for " + task + " has " + target.length() + " (another task?)");
        }
        target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
        EvaluationResult r;
        try (Evaluator evaluator = new Evaluator(factory, Math.min(parallel, episodes), seed)) {
            r = evaluator.evaluate(learner, episodes, greedy, new Rng(seed).split());
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s, %s learner (%s) of %s, %d episodes, %s:%n", task, entry.startsWith("best") ? "best" : "last",
                entry, file, r.episodes(), greedy ? "greedy" : "sampled");
        w.printf("  return %.4f ± %.4f (s.e.), length %.1f, win rate %.3f%n", r.meanReturn(), r.standardError(),
                r.meanLength(), r.winRate());
        w.flush();
        return 0;
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
