package org.magpo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.report.RunCurvesChart;
import org.magpo.train.Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code magpo train}: trains one or several seeds, one after another, each into
 * {@code OUT/<family>/<task>/<algo>/seed_<s>/}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train on a task; one run directory per seed under --out.")
final class TrainCommand implements Callable<Integer> {
    /** Algorithms this command trains. */
    static final List<String> ALGORITHMS = List.of("magpo");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--env", required = true, paramLabel = "ID", description = "task id, e.g. rware:tiny-2ag (see list)")
    String env;

    @Option(names = "--algo", defaultValue = "magpo", description = "algorithm: ${DEFAULT-VALUE}")
    String algo;

    @Option(names = "--preset", defaultValue = ConfigOverrides.AUTO,
            description = "auto (the task's preset, else defaults), defaults, or a preset task id")
    String preset;

    @Option(names = "--steps", paramLabel = "N", description = "total environment steps, e.g. 2e6 (default: the preset's)")
    String steps;

    @Option(names = "--seed", paramLabel = "S", description = "one seed (default 1)")
    Long seed;

    @Option(names = "--seeds", paramLabel = "LIST", description = "several seeds run one after another: 1-5 or 1,3,7")
    String seeds;

    @Option(names = "--out", defaultValue = "runs", description = "root of the run directories (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "override a config field by its JSON name (repeatable), e.g. --set learningRate=5e-4")
    List<String> sets = new ArrayList<>();

    @Option(names = "--env-option", paramLabel = "KEY=VALUE", description = "environment option (repeatable)")
    Map<String, String> envOptions = new LinkedHashMap<>();

    @Option(names = "--resume", description = "continue runs whose directory holds a checkpoint")
    boolean resume;

    @Option(names = "--dry-run", description = "print the resolved config and run directories, train nothing")
    boolean dryRun;

    /** One seed's resolved run. */
    record Plan(MagpoConfig config, Path runDir) {
    }

    /** Validates every option and resolves each seed's config and directory, before anything runs. */
    List<Plan> plan() {
        if (!ALGORITHMS.contains(algo)) {
            throw new IllegalArgumentException("--algo must be one of " + ALGORITHMS + ", got '" + algo + "'");
        }
        if (!Envs.available().contains(env)) {
            throw new IllegalArgumentException("--env: unknown task '" + env + "'; available: " + Envs.available());
        }
        if (seed != null && seeds != null) {
            throw new IllegalArgumentException("give --seed or --seeds, not both");
        }
        List<Long> list = seeds != null ? SeedList.parse(seeds).seeds() : List.of(seed == null ? 1L : seed);
        Long total = steps == null ? null : ConfigOverrides.integer("--steps", steps);
        MagpoConfig base = ConfigOverrides.base(preset, env);
        List<Plan> plans = new ArrayList<>();
        for (long s : list) {
            MagpoConfig c = ConfigOverrides.apply(base, total, s, sets);
            plans.add(new Plan(c, runDirectory(out, env, algo, c.seed())));
        }
        return plans;
    }

    /** {@code out/<family>/<task>/<algo>/seed_<s>}. */
    static Path runDirectory(Path out, String taskId, String algo, long seed) {
        int colon = taskId.indexOf(':');
        return out.resolve(taskId.substring(0, colon)).resolve(taskId.substring(colon + 1)).resolve(algo)
                .resolve("seed_" + seed);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        List<Plan> plans = plan();
        for (Plan p : plans) {
            boolean hasCheckpoint = Files.isRegularFile(p.runDir().resolve(Trainer.CHECKPOINT_FILE));
            if (Files.exists(p.runDir().resolve("metrics.csv")) && !(resume && hasCheckpoint)) {
                throw new IllegalArgumentException("run directory " + p.runDir() + " already holds a run; "
                        + (hasCheckpoint ? "add --resume to continue it, or " : "") + "choose another --out");
            }
        }
        if (dryRun) {
            for (Plan p : plans) {
                w.printf("%s seed %d -> %s (%,d steps, %d updates, %d evaluations)%n", env, p.config().seed(),
                        p.runDir(), p.config().numUpdates() * p.config().stepsPerUpdate(), p.config().numUpdates(),
                        p.config().numEvaluations());
            }
            w.println(plans.get(0).config().toJson());
            w.flush();
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (Plan p : plans) {
            MagpoConfig c = p.config();
            Map<String, String> options = Map.copyOf(envOptions);
            Supplier<MultiAgentEnv> factory = () -> Envs.make(env, options, c.addAgentId());
            boolean resuming = resume && Files.isRegularFile(p.runDir().resolve(Trainer.CHECKPOINT_FILE));
            w.printf("%s %s seed %d -> %s%n", resuming ? "resuming" : "training", env, c.seed(), p.runDir());
            w.flush();
            try (Trainer trainer = resuming ? Trainer.resume(p.runDir(), env, factory)
                    : new Trainer(c, env, factory, p.runDir())) {
                Trainer.Result r = trainer.train(0);
                long total = c.numUpdates() * c.stepsPerUpdate();
                ProgressLine progress = new ProgressLine(err, total, r.envSteps(), System.console() != null);
                while (r.updates() < c.numUpdates()) {
                    r = trainer.train(r.updates() + 1);
                    List<Trainer.Evaluation> ev = r.evaluations();
                    progress.update(r.envSteps(), ev.size(), ev.isEmpty() ? Double.NaN : ev.get(ev.size() - 1).meanReturn());
                }
                progress.finish();
                w.printf("seed %d done: %,d env steps, %d evaluations, last eval return %.3f%s%n", c.seed(), r.envSteps(),
                        r.evaluations().size(), r.evaluations().isEmpty() ? Double.NaN
                                : r.evaluations().get(r.evaluations().size() - 1).meanReturn(),
                        r.absolute() == null ? "" : String.format(", absolute metric %.3f ± %.3f",
                                r.absolute().meanReturn(), r.absolute().standardError()));
                w.flush();
            }
            writeCurves(p.runDir(), w, err);
        }
        return 0;
    }

    /**
     * Draws {@code curves.png} from the finished run's files. A chart that cannot be drawn (no display
     * libraries, a full disk) is reported but does not fail the run: its data files are complete.
     */
    static void writeCurves(Path runDir, PrintWriter w, PrintWriter err) {
        try {
            Path png = RunCurvesChart.writeInto(runDir);
            w.printf("learning curve: %s%n", png);
        } catch (IOException | RuntimeException | LinkageError e) {
            err.printf("magpo train: warning: could not write %s: %s%n", runDir.resolve(RunCurvesChart.FILE), e);
        }
        w.flush();
        err.flush();
    }
}
