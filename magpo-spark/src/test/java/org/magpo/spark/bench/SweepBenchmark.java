package org.magpo.spark.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.magpo.spark.MagpoRunTrainer;
import org.magpo.spark.RunSpec;
import org.magpo.spark.SweepExpansion;
import org.magpo.spark.SweepRunner;
import org.magpo.spark.SweepSpec;

/**
 * Wall time of an R-run CoordSum sweep (R seeds) on local Spark against the same R runs one after
 * another in this process, after one warm-up run (ND4J start-up, JIT) that neither side is charged for.
 * Spark's side includes starting and stopping its context (no report: the sequential side writes none).
 * Prints wall and process CPU seconds.
 *
 * <p>{@code java <spark add-opens flags> -cp ... org.magpo.spark.bench.SweepBenchmark [--runs 8]
 * [--updates 4] [--master local[*]] [--task coordsum:3x10-30]}; run with OMP_NUM_THREADS=1.
 */
public final class SweepBenchmark {
    private SweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 8;
        int updates = 4;
        String master = "local[*]";
        String task = "coordsum:3x10-30";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--updates" -> updates = Integer.parseInt(args[++i]);
                case "--master" -> master = args[++i];
                case "--task" -> task = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        int rollout = 32;
        int envs = 8;
        String spec = String.format(Locale.ROOT, """
                {"name": "bench", "tasks": ["%s"], "seeds": {"from": 1, "to": %d},
                 "set": {"totalTimesteps": %d, "rolloutLength": %d, "numEnvs": %d, "updateBatchSize": 1,
                         "numMinibatches": 2, "numEvaluations": 2, "evalEpisodes": 8, "absoluteMetricEpisodes": 8}}""",
                task, runs, (long) updates * rollout * envs, rollout, envs);
        SweepSpec sweep = SweepSpec.fromJson(spec);
        List<RunSpec> all = SweepExpansion.expand(sweep);
        Path root = Files.createTempDirectory("sweep-bench");

        RunSpec warm = SweepExpansion.expand(SweepSpec.fromJson(spec.replace("\"from\": 1, \"to\": " + runs,
                "\"from\": 1000, \"to\": 1000"))).get(0);
        new MagpoRunTrainer().train(warm, root.resolve("warmup"), false);

        double[] seq = measure(() -> {
            for (RunSpec r : all) {
                new MagpoRunTrainer().train(r, root.resolve("sequential").resolve(r.relativeDir()), false);
            }
        });
        String m = master;
        double[] spark = measure(() -> new SweepRunner(SweepRunner.Options.of(m).withReport(null)).run(sweep,
                root.resolve("spark").toString()));
        System.out.printf(Locale.ROOT, "%d runs of %s, %d updates x %d steps x %d envs each, %d cores%n", runs, task,
                updates, rollout, envs, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "sequential, one process: wall %.1f s, cpu %.1f s%n", seq[0], seq[1]);
        System.out.printf(Locale.ROOT, "spark %s:           wall %.1f s, cpu %.1f s  (speed-up %.2fx)%n", master,
                spark[0], spark[1], seq[0] / spark[0]);
        System.out.println("output under " + root);
    }

    interface Body {
        void run() throws Exception;
    }

    private static double[] measure(Body body) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        body.run();
        return new double[] {(System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9};
    }
}
