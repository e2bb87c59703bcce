package org.magpo.spark;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.train.Trainer;

/** Trains a MAGPO run with the library's {@link Trainer}, fresh or resumed from {@code runDir/checkpoint.bin}. */
public final class MagpoRunTrainer implements RunTrainer {
    private static final long serialVersionUID = 1L;

    @Override
    public void train(RunSpec run, Path runDir, boolean resume) throws Exception {
        try (Trainer trainer = open(run, runDir, resume)) {
            trainer.train();
        }
    }

    /**
     * The trainer for {@code run}: {@link Trainer#resume} from the directory's checkpoint (whose config
     * must be the run's) or a fresh one.
     */
    static Trainer open(RunSpec run, Path runDir, boolean resume) throws Exception {
        MagpoConfig config = MagpoConfig.fromJson(run.configJson());
        Supplier<MultiAgentEnv> factory = () -> Envs.make(run.taskId(), Map.of(), config.addAgentId());
        return resume ? Trainer.resume(runDir, run.taskId(), factory) : new Trainer(config, run.taskId(), factory, runDir);
    }
}
