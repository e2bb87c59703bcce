package org.magpo.examples;

import java.nio.file.Path;
import java.util.Map;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.Envs;
import org.magpo.train.Trainer;

/**
 * Trains MAGPO on one task with the authors' tuned preset and prints progress: the default example.
 * Without {@code --full} the run is cut to a budget that shows the learner's evaluation return climbing
 * within minutes on a laptop-class CPU; {@code --full} runs the preset's whole step budget (20M steps
 * for most tasks: days on 2 cores).
 *
 * <pre>
 * mvn -B -q -pl magpo-examples -am -DskipTests package exec:java -Dexec.mainClass=org.magpo.examples.TrainMagpo \
 *     -Dexec.args="--task matrix:climbing --steps 100000 --seed 1 --out runs"
 * </pre>
 */
public final class TrainMagpo {

    /** The quick demonstration: a task, a budget and network sizes that learn visibly in minutes. */
    static final String DEFAULT_TASK = "matrix:climbing";
    static final long DEFAULT_STEPS = 20_000;

    private TrainMagpo() {
    }

    public static void main(String[] args) throws Exception {
        String task = DEFAULT_TASK;
        long steps = DEFAULT_STEPS;
        boolean full = false;
        long seed = 1;
        Path out = Path.of("runs");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--task" -> task = args[++i];
                case "--steps" -> steps = (long) Double.parseDouble(args[++i]);
                case "--full" -> full = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --task ID, --steps N, --full, --seed S, --out DIR");
            }
        }
        MagpoConfig config = quickConfig(task, full ? -1 : steps, seed);
        Path runDir = out.resolve(task.replace(':', '_')).resolve("magpo").resolve("seed_" + seed
                + "_" + System.currentTimeMillis());
        String id = task;
        System.out.printf("Training MAGPO on %s for %,d env steps (seed %d); run directory %s%n", task,
                config.numUpdates() * config.stepsPerUpdate(), seed, runDir);
        try (Trainer trainer = new Trainer(config, task, () -> Envs.make(id, Map.of(), config.addAgentId()), runDir)) {
            Trainer.Result r = trainer.train();
            System.out.printf("done: %,d env steps, %d evaluations, last eval return %.3f%s%n", r.envSteps(),
                    r.evaluations().size(), r.evaluations().get(r.evaluations().size() - 1).meanReturn(),
                    r.absolute() == null ? "" : String.format(", absolute metric %.3f ± %.3f",
                            r.absolute().meanReturn(), r.absolute().standardError()));
        }
    }

    /**
     * The task's preset (reference defaults for tasks without one), cut to {@code steps} env steps with
     * 16 envs so that an evaluation comes every few updates; {@code steps < 0} keeps the full preset.
     */
    static MagpoConfig quickConfig(String task, long steps, long seed) {
        MagpoConfig base = MagpoConfig.presetIds().contains(task) ? MagpoConfig.preset(task) : MagpoConfig.defaults();
        MagpoConfig.Builder b = base.toBuilder().seed(seed);
        if (steps < 0) {
            return b.build();
        }
        int envs = 16;
        int lanes = 1;
        long perUpdate = (long) envs * lanes * base.rolloutLength();
        long updates = Math.max(1, steps / perUpdate);
        return b.numEnvs(envs).updateBatchSize(lanes).numMinibatches(Math.min(base.numMinibatches(), 4))
                .totalTimesteps(updates * perUpdate)
                .numEvaluations((int) Math.min(updates, 20))
                .build();
    }
}
