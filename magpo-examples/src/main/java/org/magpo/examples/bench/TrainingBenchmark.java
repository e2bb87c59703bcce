package org.magpo.examples.bench;

import java.util.Map;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.train.Trainer;

/**
 * Throughput of the whole MAGPO training loop: env-steps/s of full updates, and the rollout phase
 * (guider acting agent by agent, learner GRU advanced, environments stepped) and update phase
 * (epochs × minibatches of both networks' forward, backward and Adam) separately, plus the achieved
 * GFLOP/s of the update phase from an analytic count of its matrix-multiply FLOPs.
 *
 * <pre>
 * java ... org.magpo.examples.bench.TrainingBenchmark [--updates 3] [--warmup 3] [--envs 64] [--epochs 15] TASK_ID...
 * </pre>
 * Defaults: {@code coordsum:3x30-50} with its preset (64 envs × 128 steps, 15 epochs) and the
 * 4-agent {@code rware:tiny-4ag}. Runs with the {@link org.magpo.nn.Overlap} worker unless
 * {@code -Dmagpo.overlap=false}; the first line of each task says which.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    public static void main(String[] args) {
        int updates = 3;
        int warmup = 3;
        Integer envs = null;
        Integer epochs = null;
        java.util.List<String> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--updates" -> updates = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--envs" -> envs = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                default -> tasks.add(args[i]);
            }
        }
        if (tasks.isEmpty()) {
            tasks = java.util.List.of("coordsum:3x30-50", "rware:tiny-4ag");
        }
        for (String task : tasks) {
            MagpoConfig base = MagpoConfig.presetIds().contains(task) ? MagpoConfig.preset(task)
                    : MagpoConfig.defaults().toBuilder().numEnvs(64).build();
            MagpoConfig.Builder b = base.toBuilder().updateBatchSize(1);
            if (envs != null) {
                b.numEnvs(envs);
            }
            if (epochs != null) {
                b.ppoEpochs(epochs);
            }
            MagpoConfig c0 = b.build();
            MagpoConfig config = c0.toBuilder()
                    .totalTimesteps(c0.stepsPerUpdate() * (updates + warmup)).numEvaluations(1).build();
            run(task, config, updates, warmup);
        }
    }

    private static void run(String task, MagpoConfig config, int updates, int warmup) {
        try (Trainer trainer = new Trainer(config, task, () -> Envs.make(task, Map.of(), config.addAgentId()), null)) {
            // warm-up: first touch of every buffer, and the JIT — acting runs only T steps per update, so its
            // compiled code arrives after a few updates (the first rollouts were up to twice as slow)
            for (int u = 0; u < warmup; u++) {
                trainer.trainOneUpdate();
            }
            Trainer.Timings before = trainer.timings();
            long t0 = System.nanoTime();
            for (int u = 0; u < updates; u++) {
                trainer.trainOneUpdate();
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            Trainer.Timings after = trainer.timings();
            double rollout = after.rolloutSeconds() - before.rolloutSeconds();
            double update = after.updateSeconds() - before.updateSeconds();
            long steps = config.stepsPerUpdate() * updates;
            EnvSpec spec = trainer.learner().spec();
            double flops = updateFlops(config, spec) * updates;
            System.out.printf("%s: N=%d, E=%d, T=%d, epochs=%d, minibatches=%d, d=%d, learner H=%d; %s%n", task,
                    spec.numAgents(), config.numEnvs() * config.updateBatchSize(), config.rolloutLength(),
                    config.ppoEpochs(), config.numMinibatches(), config.embedDim(), config.learnerGruWidth(),
                    org.magpo.nn.Overlap.enabled() ? "two threads (overlap worker on)"
                            : "one thread (-Dmagpo.overlap=false or one processor)");
            System.out.printf("  full loop : %,10.0f env-steps/s (%.2f s per update)%n", steps / wall, wall / updates);
            System.out.printf("  rollout   : %,10.0f env-steps/s (%.2f s per update)%n", steps / rollout,
                    rollout / updates);
            System.out.printf("  update    : %,10.0f env-steps/s (%.2f s per update), %.1f GFLOP/s on %.1f GFLOP%n",
                    steps / update, update / updates, flops / update / 1e9, flops / updates / 1e9);
        }
    }

    /**
     * Matrix-multiply FLOPs of one update (forward + backward ≈ 3 × forward) of both networks over
     * {@code epochs × rollout tokens}; elementwise work and the chunk's score matrices beyond one
     * episode are ignored, so the figure is a lower bound of the work done.
     */
    static double updateFlops(MagpoConfig c, EnvSpec spec) {
        double tokens = (double) c.rolloutLength() * c.numEnvs() * c.updateBatchSize() * spec.numAgents();
        int obs = spec.obsDim();
        int a = spec.actionSpace().headSize();
        int h = c.learnerGruWidth();
        double learner = 2.0 * (obs * h + 3.0 * h * h + 3.0 * h * h + h * h + h * a);
        int d = c.embedDim();
        double seq = (double) c.rolloutLength() * spec.numAgents();
        double retention = 2.0 * 5 * d * d + 2.0 * 2 * seq / 2 * d; // projections + causal half of QKᵀ and ·V
        double swiglu = 2.0 * 3 * d * d;
        double encoder = 2.0 * obs * d + c.nBlock() * (retention + swiglu) + 2.0 * (d * d + d);
        double decoder = 2.0 * (a + 1) * d + c.nBlock() * (2 * retention + swiglu) + 2.0 * (d * d + d * a);
        return 3.0 * c.ppoEpochs() * tokens * (learner + encoder + decoder);
    }
}
