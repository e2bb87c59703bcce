package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.EnvSpec;
import org.magpo.nn.Rng;
import org.magpo.policy.Learner;
import org.magpo.train.Checkpoint;
import org.magpo.train.Checkpointer;
import org.magpo.train.EvaluationResult;
import org.magpo.train.Evaluator;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A learner written into a checkpoint the way the trainer writes it ("learner/params" = the flat
 * parameter vector, config JSON = {@link MagpoConfig#toJson()}) must come back parameter for
 * parameter and play exactly the same episodes.
 */
class EvaluateCheckpointTest {
    private static final String TASK = "coordsum:3x10-30";

    @TempDir
    Path dir;

    @Test
    void reloadedLearnerPlaysExactlyLikeTheSavedOne() throws Exception {
        MagpoConfig config = smallConfig();
        EnvSpec spec = EvaluateCheckpoint.factory(config, TASK).get().spec();
        Learner saved = new Learner(spec, config.learnerGruWidth(), 1, DataType.FLOAT, new Rng(99));
        Path file = dir.resolve("checkpoint.bin");
        Checkpointer.save(file, checkpointOf(config, saved));

        Checkpoint loaded = Checkpointer.load(file);
        Learner restored = EvaluateCheckpoint.loadLearner(loaded, spec, EvaluateCheckpoint.LEARNER_PARAMS);
        assertArrayEquals(saved.network().parameters().values().toFloatVector(),
                restored.network().parameters().values().toFloatVector());

        EvaluationResult fromFile = EvaluateCheckpoint.evaluate(loaded, TASK, EvaluateCheckpoint.LEARNER_PARAMS, 64,
                false, 5L);
        EvaluationResult direct;
        try (Evaluator evaluator = new Evaluator(EvaluateCheckpoint.factory(config, TASK), config.evalEpisodes(), 5L)) {
            direct = evaluator.evaluate(saved, 64, false, new Rng(6L));
        }
        assertArrayEquals(direct.episodeReturns(), fromFile.episodeReturns(), 0.0);
        assertEquals(64, fromFile.episodes());
    }

    @Test
    void checkpointOfAnotherTaskIsRejectedWithBothSizes() throws Exception {
        MagpoConfig config = smallConfig();
        EnvSpec other = EvaluateCheckpoint.factory(config, "coordsum:8x15-100").get().spec();
        Learner saved = new Learner(other, config.learnerGruWidth(), 1, DataType.FLOAT, new Rng(1));
        Checkpoint c = checkpointOf(config, saved);
        EnvSpec spec = EvaluateCheckpoint.factory(config, TASK).get().spec();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluateCheckpoint.loadLearner(c, spec, EvaluateCheckpoint.LEARNER_PARAMS));
        assertTrue(e.getMessage().contains(String.valueOf(saved.network().parameters().size())), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EvaluateCheckpoint.loadLearner(c, spec, EvaluateCheckpoint.BEST_LEARNER_PARAMS));
        assertTrue(e.getMessage().contains("best/learner"), e.getMessage());
    }

    @Test
    void mainEvaluatesARunDirectory() throws Exception {
        MagpoConfig config = smallConfig();
        EnvSpec spec = EvaluateCheckpoint.factory(config, TASK).get().spec();
        Checkpointer.save(dir.resolve("checkpoint.bin"),
                checkpointOf(config, new Learner(spec, config.learnerGruWidth(), 1, DataType.FLOAT, new Rng(3))));
        EvaluateCheckpoint.main(new String[] {"--checkpoint", dir.toString(), "--env", TASK, "--episodes", "16",
            "--greedy"});
    }

    private static MagpoConfig smallConfig() {
        return MagpoConfig.builder().learnerPreTorsoWidth(16).learnerGruWidth(16).learnerPostTorsoWidth(16)
                .evalEpisodes(8).build();
    }

    private static Checkpoint checkpointOf(MagpoConfig config, Learner learner) {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put(EvaluateCheckpoint.LEARNER_PARAMS, learner.network().parameters().values().toFloatVector());
        return new Checkpoint(config.toJson(), arrays, Map.of(), Map.of());
    }
}
