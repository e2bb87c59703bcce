package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.EnvSpec;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;
import org.magpo.train.Checkpoint;
import org.magpo.train.Checkpointer;
import org.magpo.train.Trainer;

/** The snippets of docs/quickstart.md that are not part of an example main, run as written. */
class QuickstartDocTest {

    @Test
    void steppingAnEnvironmentByHandPlaysOneEpisode() {
        // --- snippet: docs/quickstart.md "Step an environment by hand" ---
        MultiAgentEnv env = Envs.make("lbf:8x8-2p-2f-coop"); // one-hot agent ids prepended, as Mava does
        EnvSpec spec = env.spec();
        TimeStep ts = new TimeStep(spec); // preallocated; every step overwrites it
        int n = spec.numAgents();
        int numActions = spec.numActions();
        int[] actions = new int[n];
        Rng rng = new Rng(1);
        env.reset(42L, ts);
        double episodeReturn = 0;
        while (!ts.isLast()) {
            for (int i = 0; i < n; i++) {
                do { // a random legal action: the mask is [N, A], true = legal
                    actions[i] = rng.nextInt(numActions);
                } while (!ts.actionMask[i * numActions + actions[i]]);
            }
            env.step(actions, ts);
            for (int i = 0; i < n; i++) {
                episodeReturn += ts.reward[i] / n; // the team return: mean reward over agents
            }
        }
        // --- end of snippet ---
        assertTrue(ts.stepCount >= 1 && ts.stepCount <= spec.timeLimit(), "steps " + ts.stepCount);
        assertTrue(episodeReturn >= 0 && episodeReturn <= 1 + 1e-6, "LBF returns lie in [0, 1], got " + episodeReturn);
    }

    @Test
    void aRunStoppedEarlyResumesToTheEnd(@TempDir Path dir) throws Exception {
        MagpoConfig config = CustomEnvironment.trainingConfig(512, 9L);
        Path runDir = dir.resolve("run");
        String taskId = "rendezvous:line5-2ag";
        try (Trainer first = new Trainer(config, taskId, CustomEnvironment.factory(), runDir)) {
            first.train(1); // stop after the first update, as a crash or a time limit would
        }
        // --- snippet: docs/quickstart.md "Resume" ---
        try (Trainer trainer = Trainer.resume(runDir, taskId, CustomEnvironment.factory())) {
            Trainer.Result result = trainer.train();
            System.out.printf("finished at update %d after %,d env steps%n", result.updates(), result.envSteps());
        }
        // --- end of snippet ---
        Checkpoint last = Checkpointer.load(runDir.resolve(Trainer.CHECKPOINT_FILE));
        assertEquals(config.numUpdates(), last.counter("update"), "the resumed run reached the end");
        assertEquals(config.numUpdates() * config.stepsPerUpdate(), last.counter("env_steps"));
    }
}
