package org.magpo.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The sweep's aggregate table {@value #FILE}: one row per run with what the sweep did and the run's
 * final and absolute evaluation returns, read from each run's {@code marl_eval.json}. (The full report
 * with IQM and confidence intervals is the report code's job; this table is what the driver can produce
 * on its own.)
 */
public final class SweepSummary {
    /** File name of the table in the sweep's output directory. */
    public static final String FILE = "sweep_summary.csv";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepSummary() {
    }

    /** Mean episode return of the last evaluation and of the absolute metrics; NaN where absent. */
    public record Returns(int evaluations, long finalStep, double finalReturn, double absoluteReturn) {
    }

    /** Reads the returns of the run in {@code runDir} (NaN / 0 when it has no marl-eval file yet). */
    public static Returns returns(Path runDir) throws IOException {
        Path file = runDir.resolve(RunDirectory.MARL_EVAL);
        if (!Files.isRegularFile(file)) {
            return new Returns(0, 0, Double.NaN, Double.NaN);
        }
        JsonNode seed = firstSeed(JSON.readTree(file.toFile()));
        if (seed == null) {
            return new Returns(0, 0, Double.NaN, Double.NaN);
        }
        int evaluations = 0;
        while (seed.has("step_" + evaluations)) {
            evaluations++;
        }
        long step = 0;
        double last = Double.NaN;
        if (evaluations > 0) {
            JsonNode lastEval = seed.get("step_" + (evaluations - 1));
            step = lastEval.path("step_count").asLong();
            last = mean(lastEval.get("episode_return"));
        }
        double absolute = seed.has("absolute_metrics") ? mean(seed.get("absolute_metrics").get("episode_return")) : Double.NaN;
        return new Returns(evaluations, step, last, absolute);
    }

    private static JsonNode firstSeed(JsonNode root) {
        // env -> task -> algo -> seed_S; a run directory holds exactly one run.
        JsonNode node = root;
        for (int depth = 0; depth < 4; depth++) {
            Iterator<JsonNode> it = node.elements();
            if (!it.hasNext()) {
                return null;
            }
            node = it.next();
        }
        return node;
    }

    private static double mean(JsonNode values) {
        if (values == null || !values.isArray() || values.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        for (JsonNode v : values) {
            s += v.asDouble();
        }
        return s / values.size();
    }

    /** Writes {@value #FILE} into {@code out} (atomically replacing it) and returns its path. */
    public static Path write(Path out, List<RunOutcome> outcomes) throws IOException {
        TreeSet<String> hpNames = new TreeSet<>();
        outcomes.forEach(o -> hpNames.addAll(o.run().hyperparameters().keySet()));
        List<String> header = new ArrayList<>(List.of("task", "algorithm", "seed", "hp_hash"));
        header.addAll(hpNames);
        header.addAll(List.of("action", "attempt", "wall_seconds", "evaluations", "final_step", "final_return_mean",
                "absolute_return_mean", "run_dir"));
        Path tmp = out.resolve(FILE + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(String.join(",", header));
            w.newLine();
            for (RunOutcome o : outcomes) {
                RunSpec r = o.run();
                Returns ret = returns(out.resolve(r.relativeDir()));
                List<String> row = new ArrayList<>(List.of(r.taskId(), r.algorithm(), Long.toString(r.seed()), r.hpHash()));
                for (String h : hpNames) {
                    row.add(r.hyperparameters().getOrDefault(h, ""));
                }
                row.add(o.action().name().toLowerCase(Locale.ROOT));
                row.add(Integer.toString(o.attempt()));
                row.add(String.format(Locale.ROOT, "%.3f", o.wallSeconds()));
                row.add(Integer.toString(ret.evaluations()));
                row.add(Long.toString(ret.finalStep()));
                row.add(number(ret.finalReturn()));
                row.add(number(ret.absoluteReturn()));
                row.add(r.relativeDir());
                w.write(String.join(",", row));
                w.newLine();
            }
        }
        Path target = out.resolve(FILE);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
