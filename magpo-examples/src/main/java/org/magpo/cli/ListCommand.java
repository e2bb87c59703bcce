package org.magpo.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.Envs;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code magpo list}: the environment ids on the class path, the algorithms and their presets. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List environment ids, algorithms and the tasks with a tuned preset.")
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> envs = Envs.available();
        List<String> presets = MagpoConfig.presetIds();
        out.printf("Environments (%d; * = has a MAGPO preset):%n", envs.size());
        for (String id : envs) {
            out.printf("  %s%s%n", id, presets.contains(id) ? " *" : "");
        }
        List<String> missing = Envs.BENCHMARK_TASKS.stream().filter(t -> !envs.contains(t)).toList();
        if (!missing.isEmpty()) {
            out.printf("Benchmark tasks not implemented yet (%d): %s%n", missing.size(), String.join(" ", missing));
        }
        out.println();
        out.println("Algorithms:");
        out.printf("  %s  (--preset %s: the task's preset, else defaults; --preset %s; or any preset id)%n",
                TrainCommand.ALGORITHMS.get(0), ConfigOverrides.AUTO, ConfigOverrides.DEFAULTS);
        out.println();
        out.printf("Presets (%d):%n", presets.size());
        for (String id : presets) {
            MagpoConfig c = MagpoConfig.preset(id);
            out.printf("  %-28s %,d steps, %d envs x %d lanes, lr %s, epochs %d, minibatches %d, clipGpo %s, alpha %s%n",
                    id, c.totalTimesteps(), c.numEnvs(), c.updateBatchSize(), c.learningRate(), c.ppoEpochs(),
                    c.numMinibatches(), c.clipGpo(), c.alpha());
        }
        out.flush();
        return 0;
    }
}
