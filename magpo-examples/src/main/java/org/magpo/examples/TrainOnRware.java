package org.magpo.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.Envs;
import org.magpo.train.Trainer;

/**
 * Example: train MAGPO on RWARE {@code rware:tiny-2ag} with the authors' tuned preset, cut to a small
 * budget, and leave a run directory behind ({@code config.json}, {@code metrics.csv},
 * {@code eval.jsonl}, {@code marl_eval.json}, {@code checkpoint.bin}) that {@link EvaluateCheckpoint}
 * can load. Walk-through: docs/quickstart.md.
 *
 * <pre>
 * mvn -B -q -pl magpo-examples -am -DskipTests package exec:java -Dexec.mainClass=org.magpo.examples.TrainOnRware \
 *     -Dexec.args="--steps 204800 --envs 16 --seed 1 --out runs/rware-tiny-2ag"
 * </pre>
 */
public final class TrainOnRware {
    /** The task of this example. */
    public static final String TASK = "rware:tiny-2ag";

    private TrainOnRware() {
    }

    public static void main(String[] args) throws IOException {
        long steps = 204_800;
        int envs = 16;
        int evalEpisodes = 32;
        long seed = 1;
        Path runDir = Path.of("runs", "rware-tiny-2ag", "seed_1");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = (long) Double.parseDouble(args[++i]);
                case "--envs" -> envs = Integer.parseInt(args[++i]);
                case "--eval-episodes" -> evalEpisodes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> runDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --steps N, --envs E, --eval-episodes K, --seed S, --out DIR");
            }
        }
        MagpoConfig config = smallBudget(steps, envs, evalEpisodes, seed);
        System.out.printf("MAGPO on %s: %,d env steps in %d updates, %d evaluations; run directory %s%n", TASK,
                config.numUpdates() * config.stepsPerUpdate(), config.numUpdates(), config.numEvaluations(), runDir);
        Trainer.Result result = train(config, runDir);
        for (Trainer.Evaluation e : result.evaluations()) {
            System.out.printf("  after %,9d env steps (update %4d): evaluation return %.3f%n", e.envSteps(),
                    e.update(), e.meanReturn());
        }
        if (result.absolute() != null) {
            System.out.printf("absolute metric (best parameters, %d episodes): %.3f ± %.3f%n",
                    result.absolute().episodes(), result.absolute().meanReturn(), result.absolute().standardError());
        }
        try (Stream<Path> files = Files.list(runDir)) {
            System.out.println("run directory: " + files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * The tuned preset of {@value #TASK}, cut to about {@code steps} environment steps on {@code envs}
     * environments in one lane (T = 128 as tuned), with up to 10 evaluations of {@code evalEpisodes}
     * episodes and an absolute metric on the same number of episodes.
     */
    public static MagpoConfig smallBudget(long steps, int envs, int evalEpisodes, long seed) {
        MagpoConfig preset = MagpoConfig.preset(TASK);
        long perUpdate = (long) envs * preset.rolloutLength();
        long updates = Math.max(1, steps / perUpdate);
        return preset.toBuilder()
                .numEnvs(envs)
                .updateBatchSize(1)
                .numMinibatches(1)
                .totalTimesteps(updates * perUpdate)
                .numEvaluations((int) Math.min(updates, 10))
                .evalEpisodes(evalEpisodes)
                .absoluteMetricEpisodes(evalEpisodes)
                .seed(seed)
                .build();
    }

    /** Trains from scratch into {@code runDir} (which must not hold a run yet). */
    public static Trainer.Result train(MagpoConfig config, Path runDir) {
        try (Trainer trainer = new Trainer(config, TASK, () -> Envs.make(TASK, Map.of(), config.addAgentId()),
                runDir)) {
            return trainer.train();
        }
    }
}
