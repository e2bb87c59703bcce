package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.EnvSpec;
import org.magpo.policy.Learner;
import org.magpo.train.Checkpoint;
import org.magpo.train.Checkpointer;

/**
 * The RWARE example on one update of two environments, then the run directory it leaves is read back
 * by {@link EvaluateCheckpoint}, as docs/quickstart.md does.
 */
class TrainOnRwareTest {

    @Test
    void smallBudgetKeepsThePresetAndCutsTheRun() {
        MagpoConfig c = TrainOnRware.smallBudget(204_800, 16, 32, 1L);
        MagpoConfig preset = MagpoConfig.preset(TrainOnRware.TASK);
        assertEquals(100, c.numUpdates());
        assertEquals(10, c.numEvaluations());
        assertEquals(preset.learningRate(), c.learningRate());
        assertEquals(preset.alpha(), c.alpha());
        assertEquals(preset.clipGpo(), c.clipGpo());
        assertEquals(preset.embedDim(), c.embedDim());
    }

    @Test
    void mainTrainsOneUpdateAndItsCheckpointEvaluates(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        TrainOnRware.main(new String[] {"--steps", "256", "--envs", "2", "--eval-episodes", "2", "--seed", "4",
            "--out", runDir.toString()});
        for (String f : new String[] {"config.json", "metrics.csv", "eval.jsonl", "marl_eval.json", "checkpoint.bin"}) {
            assertTrue(Files.isRegularFile(runDir.resolve(f)), "run directory lacks " + f);
        }
        Checkpoint c = Checkpointer.load(runDir.resolve("checkpoint.bin"));
        assertEquals(1, c.counter("update"));
        MagpoConfig config = MagpoConfig.fromJson(c.configJson());
        EnvSpec spec = EvaluateCheckpoint.factory(config, TrainOnRware.TASK).get().spec();
        Learner latest = EvaluateCheckpoint.loadLearner(c, spec, EvaluateCheckpoint.LEARNER_PARAMS);
        Learner best = EvaluateCheckpoint.loadLearner(c, spec, EvaluateCheckpoint.BEST_LEARNER_PARAMS);
        // one evaluation only, so the best parameters are the latest ones
        assertEquals(latest.network().parameters().values(), best.network().parameters().values());
        EvaluateCheckpoint.main(new String[] {"--checkpoint", runDir.toString(), "--env", TrainOnRware.TASK,
            "--episodes", "2"});
    }
}
