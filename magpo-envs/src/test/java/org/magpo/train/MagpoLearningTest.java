package org.magpo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;

/**
 * End-to-end: MAGPO trains on a real environment through the whole stack (envs, guider, learner,
 * losses, Adam, evaluation, metrics, checkpoints) and its decentralised learner gets better.
 */
class MagpoLearningTest {

    /** Climbing game, 2 agents, 25 steps: uniform random play earns −31/9 per step. */
    private static final String TASK = "matrix:climbing";
    private static final Map<String, String> OPTIONS = Map.of("timeLimit", "25");
    private static final double RANDOM_RETURN = -31.0 / 9 * 25;

    private static Supplier<MultiAgentEnv> factory() {
        return () -> Envs.make(TASK, OPTIONS, true);
    }

    private static MagpoConfig tiny(long seed, int updates, int evaluations) {
        return tiny(seed, updates, evaluations, 8, 25);
    }

    private static MagpoConfig tiny(long seed, int updates, int evaluations, int envs, int rollout) {
        return MagpoConfig.defaults().toBuilder()
                .seed(seed)
                .numEnvs(envs).updateBatchSize(1).rolloutLength(rollout)
                .totalTimesteps((long) updates * envs * rollout)
                .numEvaluations(evaluations)
                .ppoEpochs(4).numMinibatches(2)
                .learningRate(3e-3)
                .embedDim(16).nHead(1).nBlock(1)
                .learnerPreTorsoWidth(32).learnerGruWidth(32).learnerPostTorsoWidth(32)
                .evalEpisodes(16).absoluteMetricEpisodes(32)
                .build();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void learnerReturnRisesFarAboveRandomPlay(long seed) {
        MagpoConfig config = tiny(seed, 40, 4);
        try (Trainer trainer = new Trainer(config, TASK, factory(), null)) {
            Trainer.Result result = trainer.train();
            double first = result.evaluations().get(0).meanReturn();
            double last = result.evaluations().get(result.evaluations().size() - 1).meanReturn();
            double absolute = result.absolute().meanReturn();
            // Random play: mean −86 per episode with a standard error of about 8 over 16 episodes;
            // any coordinated equilibrium of the game earns >= +125.
            assertTrue(absolute > RANDOM_RETURN + 150,
                    "seed " + seed + ": absolute metric " + absolute + " vs random " + RANDOM_RETURN
                            + " (evaluations " + result.evaluations() + ")");
            assertTrue(last > first, "seed " + seed + ": eval return went from " + first + " to " + last);
        }
    }

    @Test
    void continuousActionsTrainWithFiniteLosses() {
        MagpoConfig config = MagpoConfig.defaults().toBuilder()
                .seed(5).numEnvs(4).updateBatchSize(1).rolloutLength(26).totalTimesteps(3L * 4 * 26)
                .numEvaluations(1).ppoEpochs(2).numMinibatches(2).embedDim(16)
                .learnerPreTorsoWidth(16).learnerGruWidth(16).learnerPostTorsoWidth(16)
                .evalEpisodes(4).absoluteMetricEpisodes(4).build();
        String task = "mpe:simple_spread_3ag";
        try (Trainer t = new Trainer(config, task, () -> Envs.make(task, Map.of(), true), null)) {
            for (int u = 0; u < 3; u++) {
                Map<String, Double> row = t.trainOneUpdate();
                for (Map.Entry<String, Double> e : row.entrySet()) {
                    if (!e.getKey().startsWith("episode_")) {
                        assertTrue(Double.isFinite(e.getValue()), "update " + u + ": " + e.getKey() + " = " + e.getValue());
                    }
                }
                assertTrue(row.get("episode_return") < 0, "simple_spread rewards are negative distances");
            }
        }
    }

    @Test
    void nonFiniteLossStopsTrainingNamingUpdateTermAndLastCheckpoint(@TempDir Path dir) {
        MagpoConfig config = tiny(9, 4, 2);
        Path run = dir.resolve("run");
        try (Trainer t = new Trainer(config, TASK, factory(), run)) {
            t.train(2);
            // A corrupted learner weight reaches both losses (the guider's KL term reads the learner).
            t.learner().network().parameters().values().putScalar(0, Float.NaN);
            org.magpo.algo.NonFiniteLossException e =
                    org.junit.jupiter.api.Assertions.assertThrows(org.magpo.algo.NonFiniteLossException.class, t::train);
            assertTrue(e.getMessage().contains("loss (NaN)"), e.getMessage());
            assertTrue(e.getMessage().contains("update 2"), e.getMessage());
            assertTrue(e.getMessage().contains(run.resolve(Trainer.CHECKPOINT_FILE).toString()), e.getMessage());
        }
    }

    @Test
    void sameSeedWritesIdenticalMetrics(@TempDir Path dir) throws Exception {
        MagpoConfig config = tiny(7, 4, 2);
        for (String run : new String[] {"a", "b"}) {
            try (Trainer t = new Trainer(config, TASK, factory(), dir.resolve(run))) {
                t.train();
            }
        }
        for (String file : new String[] {"metrics.csv", "eval.jsonl", "marl_eval.json"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(file)),
                    Files.readAllBytes(dir.resolve("b").resolve(file)), file);
        }
        assertEquals(5, Files.readAllLines(dir.resolve("a/metrics.csv")).size(), "header + 4 updates");
        assertTrue(Files.exists(dir.resolve("a/config.json")));
    }

    /**
     * Rollouts of 20 steps in 25-step episodes, so checkpoints fall inside episodes and the saved memories
     * matter; 16 envs: the guider acts on two groups of 8, each with its own memory and learner state.
     */
    @ParameterizedTest
    @ValueSource(ints = {8, 16})
    void resumedRunEqualsUninterruptedRun(int envs, @TempDir Path dir) throws Exception {
        MagpoConfig config = tiny(3, 6, 3, envs, 20);
        try (Trainer t = new Trainer(config, TASK, factory(), dir.resolve("whole"))) {
            t.train();
        }
        try (Trainer t = new Trainer(config, TASK, factory(), dir.resolve("split"))) {
            t.train(3);   // stops after the update-3 rows; the last checkpoint is after update 2
        }
        try (Trainer t = Trainer.resume(dir.resolve("split"), TASK, factory())) {
            t.train();
        }
        for (String file : new String[] {"metrics.csv", "eval.jsonl", "marl_eval.json"}) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("whole").resolve(file)),
                    Files.readAllBytes(dir.resolve("split").resolve(file)), file + " differs after resuming");
        }
    }
}
