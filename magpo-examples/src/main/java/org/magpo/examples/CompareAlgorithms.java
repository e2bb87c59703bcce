package org.magpo.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.magpo.algo.AlgorithmConfig;
import org.magpo.algo.MagpoConfig;
import org.magpo.algo.PpoConfig;
import org.magpo.env.Envs;
import org.magpo.report.AlgorithmSummary;
import org.magpo.report.Normalization;
import org.magpo.report.Report;
import org.magpo.report.ReportOptions;
import org.magpo.report.ReportWriter;
import org.magpo.report.RunReader;
import org.magpo.report.ScoreSource;
import org.magpo.report.StratifiedBootstrap;
import org.magpo.train.Trainer;

/**
 * The comparison of issue 7: MAGPO (its learner evaluated decentralised) against rec-IPPO, rec-MAPPO and
 * Sable alone (executed centrally) on one task at an equal step budget, several seeds each, every
 * algorithm with its preset for the task (the CSV rows; the reference defaults where there is none).
 * Runs go to {@code OUT/runs/ALGO/seed_S} (an interrupted comparison resumes where it stopped), then
 * the report (IQM over seeds with 95% stratified-bootstrap confidence intervals, learning-curve PNGs)
 * to {@code OUT/report}.
 *
 * <pre>
 * # the comparison (days on 2 cores):
 * java ... org.magpo.examples.CompareAlgorithms --task coordsum:3x30-50 --steps 2e6 --seeds 1,2,3,4,5 --out compare
 * # a short run that fits minutes: smaller batches, fewer evaluation episodes
 * java ... org.magpo.examples.CompareAlgorithms --task coordsum:3x30-50 --steps 2e5 --seeds 1,2 --envs 16 --lanes 1 \
 *     --evaluations 5 --eval-episodes 16 --absolute-episodes 64 --out compare-short
 * </pre>
 * Overrides apply to every algorithm alike: {@code --envs} (environments per lane; minibatches are cut to
 * divide it), {@code --lanes} (update batch size), {@code --evaluations}, {@code --eval-episodes},
 * {@code --absolute-episodes}, {@code --algos magpo,ippo,mappo,sable} (add {@code happo} for HAPPO).
 */
public final class CompareAlgorithms {

    /** Analytic CoordSum 3x30-50 returns (docs/envs/coordsum.md §5.1). */
    private static final Map<String, double[]> REFERENCE = Map.of("coordsum:3x30-50", new double[] {166.3, 190.7, 198});

    private CompareAlgorithms() {
    }

    /** What to run: the task, budget, seeds and algorithms, plus batch-size overrides (0 = the preset's). */
    record Plan(String task, long steps, List<Long> seeds, List<String> algos, int envs, int lanes, int evaluations,
                int evalEpisodes, int absoluteEpisodes, Path out) {
    }

    public static void main(String[] args) throws Exception {
        Plan plan = parse(args);
        Path runs = plan.out().resolve("runs");
        for (long seed : plan.seeds()) {
            for (String algo : plan.algos()) {
                AlgorithmConfig config = config(plan, algo, seed);
                Path dir = runs.resolve(algo).resolve("seed_" + seed);
                long start = System.nanoTime();
                Trainer.Result r;
                try (Trainer t = Files.exists(dir.resolve(Trainer.CHECKPOINT_FILE))
                        ? Trainer.resume(dir, plan.task(), () -> Envs.make(plan.task(), Map.of(), config.addAgentId()))
                        : new Trainer(config, plan.task(), () -> Envs.make(plan.task(), Map.of(), config.addAgentId()),
                                dir)) {
                    r = t.train();
                }
                System.out.printf(Locale.ROOT, "%-6s seed %d: %,d steps in %.0f s, absolute %.2f, last evaluation %.2f%n",
                        algo, seed, r.envSteps(), (System.nanoTime() - start) / 1e9,
                        r.absolute() == null ? Double.NaN : r.absolute().meanReturn(),
                        r.evaluations().get(r.evaluations().size() - 1).meanReturn());
            }
        }
        ReportOptions options = new ReportOptions("episode_return", ScoreSource.ABSOLUTE, Normalization.NONE,
                StratifiedBootstrap.defaults(), true);
        Report report = Report.of(RunReader.readAll(List.of(runs)), options);
        List<Path> files = ReportWriter.write(report, plan.out().resolve("report"));
        System.out.printf("%n%s, %,d steps, seeds %s: IQM of the absolute metric [95%% stratified-bootstrap CI]%n",
                plan.task(), plan.steps(), plan.seeds());
        for (AlgorithmSummary a : report.algorithms()) {
            System.out.printf(Locale.ROOT, "  %-6s %d run(s): IQM %.2f [%.2f, %.2f], mean %.2f%n", a.algorithm(),
                    a.runs(), a.iqm().point(), a.iqm().lower(), a.iqm().upper(), a.mean().point());
        }
        double[] ref = REFERENCE.get(plan.task());
        if (ref != null) {
            System.out.printf(Locale.ROOT, "  analytic: decentralised deterministic bound %.1f, centralised "
                    + "auto-regressive %.1f, optimum %.0f%n", ref[0], ref[1], ref[2]);
        }
        System.out.println("report files:");
        files.forEach(f -> System.out.println("  " + f));
    }

    static Plan parse(String[] args) {
        String task = "coordsum:3x30-50";
        long steps = 2_000_000;
        List<Long> seeds = List.of(1L, 2L, 3L, 4L, 5L);
        List<String> algos = List.of("magpo", "ippo", "mappo", "sable");
        int envs = 0;
        int lanes = 0;
        int evaluations = 0;
        int evalEpisodes = 0;
        int absoluteEpisodes = 0;
        Path out = Path.of("compare");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--task" -> task = value;
                case "--steps" -> steps = (long) Double.parseDouble(value);
                case "--seeds" -> seeds = List.of(value.split(",")).stream().map(String::trim).map(Long::parseLong)
                        .toList();
                case "--algos" -> algos = List.of(value.split(",")).stream().map(String::trim).toList();
                case "--envs" -> envs = Integer.parseInt(value);
                case "--lanes" -> lanes = Integer.parseInt(value);
                case "--evaluations" -> evaluations = Integer.parseInt(value);
                case "--eval-episodes" -> evalEpisodes = Integer.parseInt(value);
                case "--absolute-episodes" -> absoluteEpisodes = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --task, "
                        + "--steps, --seeds, --algos, --envs, --lanes, --evaluations, --eval-episodes, "
                        + "--absolute-episodes, --out");
            }
            i++;
        }
        for (String a : algos) {
            if (!List.of("magpo", "ippo", "mappo", "sable", "happo").contains(a)) {
                throw new IllegalArgumentException("--algos: unknown algorithm '" + a + "'; known: magpo, ippo, "
                        + "mappo, sable, happo");
            }
        }
        return new Plan(task, steps, seeds, algos, envs, lanes, evaluations, evalEpisodes, absoluteEpisodes, out);
    }

    /** The algorithm's preset for the task with the plan's budget, seed and overrides. */
    static AlgorithmConfig config(Plan p, String algo, long seed) {
        if ("magpo".equals(algo)) {
            MagpoConfig base = MagpoConfig.presetIds().contains(p.task()) ? MagpoConfig.preset(p.task())
                    : MagpoConfig.defaults();
            int envs = p.envs() > 0 ? p.envs() : base.numEnvs();
            int lanes = p.lanes() > 0 ? p.lanes() : base.updateBatchSize();
            long updates = p.steps() / ((long) envs * lanes * base.rolloutLength());
            return base.toBuilder().seed(seed).totalTimesteps(p.steps()).numEnvs(envs).updateBatchSize(lanes)
                    .numMinibatches(gcd(envs, base.numMinibatches()))
                    .numEvaluations(evaluations(p, base.numEvaluations(), updates))
                    .evalEpisodes(p.evalEpisodes() > 0 ? p.evalEpisodes() : base.evalEpisodes())
                    .absoluteMetricEpisodes(p.absoluteEpisodes() > 0 ? p.absoluteEpisodes()
                            : base.absoluteMetricEpisodes())
                    .build();
        }
        PpoConfig base = PpoConfig.preset(PpoConfig.Baseline.valueOf(algo.toUpperCase(Locale.ROOT)), p.task());
        int envs = p.envs() > 0 ? p.envs() : base.numEnvs();
        int lanes = p.lanes() > 0 ? p.lanes() : base.updateBatchSize();
        long updates = p.steps() / ((long) envs * lanes * base.rolloutLength());
        return base.toBuilder().seed(seed).totalTimesteps(p.steps()).numEnvs(envs).updateBatchSize(lanes)
                .numMinibatches(gcd(envs, base.numMinibatches()))
                .numEvaluations(evaluations(p, base.numEvaluations(), updates))
                .evalEpisodes(p.evalEpisodes() > 0 ? p.evalEpisodes() : base.evalEpisodes())
                .absoluteMetricEpisodes(p.absoluteEpisodes() > 0 ? p.absoluteEpisodes() : base.absoluteMetricEpisodes())
                .build();
    }

    private static int evaluations(Plan p, int preset, long updates) {
        int wanted = p.evaluations() > 0 ? p.evaluations() : preset;
        return (int) Math.max(1, Math.min(wanted, updates));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
