package org.magpo.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a run's metrics into its directory:
 * <ul>
 *   <li>{@code metrics.csv}: one row per training log with a fixed header (MAGPO's {@link #TRAIN_COLUMNS} by default)
 *       (empty cells for metrics not given);</li>
 *   <li>{@code eval.jsonl}: one JSON object per evaluation ({@code eval_index}, {@code step_count}, each
 *       metric's per-episode values and its mean);</li>
 *   <li>{@code marl_eval.json}: the evaluations in the layout of Mava's JSON logger, read by marl-eval:
 *       {@code {env: {task: {algo: {"seed_S": {"step_0": {"step_count": n, "episode_return": [...], ...},
 *       ..., "absolute_metrics": {"episode_return": [...], ...}}}}}}}; rewritten atomically after every
 *       evaluation, so a crash leaves the previous complete version.</li>
 * </ul>
 * Every line is flushed when written. Not thread-safe.
 */
public final class MetricsSink implements AutoCloseable {

    /**
     * Column order of MAGPO's {@code metrics.csv}; {@code step} (environment steps so far) is always present.
     * Wall-clock figures are deliberately absent so that the same seed gives a byte-identical file.
     */
    public static final List<String> TRAIN_COLUMNS = List.of("step", "update", "episode_return", "episode_length",
            "guider_loss", "clip_loss", "guider_kl", "entropy", "value_loss", "learner_loss", "learner_rl", "kl",
            "clip_fraction", "delta_mask_fraction", "approx_kl", "grad_norm_guider", "grad_norm_learner",
            "learning_rate");

    /** Identity of a run in the marl-eval file. */
    public record RunId(String env, String task, String algo, long seed) {
        public RunId {
            for (String[] f : new String[][] {{"env", env}, {"task", task}, {"algo", algo}}) {
                if (f[1] == null || f[1].isBlank()) {
                    throw new IllegalArgumentException("MetricsSink.RunId." + f[0] + " must be non-empty");
                }
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper();

    private final Path dir;
    private final RunId run;
    private final List<String> columns;
    private final BufferedWriter csv;
    private final BufferedWriter evalLines;
    private final ObjectNode marlEval;
    private final ObjectNode seedNode;
    private int evalIndex;

    /**
     * Opens (creating) the sink in {@code dir}. An existing {@code metrics.csv} with the same header is
     * appended to; one with another header is refused rather than mixed.
     */
    public MetricsSink(Path dir, RunId run) throws IOException {
        this(dir, run, TRAIN_COLUMNS);
    }

    /**
     * Opens the sink with another column set (another algorithm's metrics): {@code columns} starts with
     * {@code step} and names each column once.
     */
    public MetricsSink(Path dir, RunId run, List<String> columns) throws IOException {
        if (columns == null || columns.isEmpty() || !"step".equals(columns.get(0))
                || new java.util.HashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("MetricsSink.columns must start with 'step' and name each column once, got "
                    + columns);
        }
        this.columns = List.copyOf(columns);
        if (run == null) {
            throw new IllegalArgumentException("MetricsSink.run must not be null");
        }
        this.dir = dir;
        this.run = run;
        Files.createDirectories(dir);
        String header = String.join(",", this.columns);
        Path csvPath = dir.resolve("metrics.csv");
        boolean fresh = !Files.exists(csvPath) || Files.size(csvPath) == 0;
        if (!fresh) {
            String first;
            try (var r = Files.newBufferedReader(csvPath, StandardCharsets.UTF_8)) {
                first = r.readLine();
            }
            if (!header.equals(first)) {
                throw new IllegalStateException(csvPath + " has header '" + first + "', expected '" + header
                        + "'; use a new run directory");
            }
        }
        this.csv = Files.newBufferedWriter(csvPath, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (fresh) {
            csv.write(header);
            csv.newLine();
            csv.flush();
        }
        this.evalLines = Files.newBufferedWriter(dir.resolve("eval.jsonl"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        // Resuming in the same directory keeps the evaluations already recorded.
        Path marlPath = dir.resolve("marl_eval.json");
        this.marlEval = Files.exists(marlPath) ? (ObjectNode) JSON.readTree(marlPath.toFile()) : JSON.createObjectNode();
        this.seedNode = child(child(child(child(marlEval, run.env()), run.task()), run.algo()), "seed_" + run.seed());
        while (seedNode.has("step_" + evalIndex)) {
            evalIndex++;
        }
    }

    /**
     * Cuts a run directory's metric files back to the first {@code rows} rows of {@code metrics.csv}
     * and the first {@code evaluations} evaluations of {@code eval.jsonl} and the marl-eval file (and
     * drops its absolute metrics): what a resumed run does so that rows logged after its checkpoint
     * are not written twice.
     */
    public static void truncate(Path dir, long rows, int evaluations) throws IOException {
        Path csvPath = dir.resolve("metrics.csv");
        if (Files.exists(csvPath)) {
            List<String> lines = Files.readAllLines(csvPath, StandardCharsets.UTF_8);
            if (lines.size() - 1 < rows) {
                throw new IllegalStateException(csvPath + " has " + (lines.size() - 1) + " rows, the checkpoint saw "
                        + rows + "; the run directory does not belong to this checkpoint");
            }
            writeAtomically(csvPath, String.join("\n", lines.subList(0, (int) rows + 1)) + "\n");
        }
        Path evalPath = dir.resolve("eval.jsonl");
        if (Files.exists(evalPath)) {
            List<String> lines = Files.readAllLines(evalPath, StandardCharsets.UTF_8);
            if (lines.size() < evaluations) {
                throw new IllegalStateException(evalPath + " has " + lines.size() + " evaluations, the checkpoint saw "
                        + evaluations);
            }
            StringBuilder kept = new StringBuilder();
            for (String l : lines.subList(0, evaluations)) {
                kept.append(l).append('\n');
            }
            writeAtomically(evalPath, kept.toString());
        }
        Path marlPath = dir.resolve("marl_eval.json");
        if (Files.exists(marlPath)) {
            ObjectNode root = (ObjectNode) JSON.readTree(marlPath.toFile());
            for (var envs = root.fields(); envs.hasNext(); ) {
                for (var tasks = envs.next().getValue().fields(); tasks.hasNext(); ) {
                    for (var algos = tasks.next().getValue().fields(); algos.hasNext(); ) {
                        for (var seeds = algos.next().getValue().fields(); seeds.hasNext(); ) {
                            ObjectNode seed = (ObjectNode) seeds.next().getValue();
                            seed.remove("absolute_metrics");
                            for (int i = evaluations; seed.has("step_" + i); i++) {
                                seed.remove("step_" + i);
                            }
                        }
                    }
                }
            }
            writeAtomically(marlPath, JSON.writeValueAsString(root));
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode o ? o : parent.putObject(name);
    }

    /**
     * Appends a row to {@code metrics.csv}.
     *
     * @param step    environment steps so far
     * @param metrics values by column name; every key must be one of the sink's columns (except
     *                {@code step}); non-finite values are written as they are ({@code NaN})
     */
    public void logTrain(long step, Map<String, Double> metrics) {
        for (String key : metrics.keySet()) {
            if (!columns.contains(key) || "step".equals(key)) {
                throw new IllegalArgumentException("MetricsSink.logTrain: unknown metric '" + key + "'; columns are "
                        + columns.subList(1, columns.size()));
            }
        }
        StringBuilder row = new StringBuilder().append(step);
        for (int c = 1; c < columns.size(); c++) {
            row.append(',');
            Double v = metrics.get(columns.get(c));
            if (v != null) {
                row.append(v.doubleValue());
            }
        }
        try {
            csv.write(row.toString());
            csv.newLine();
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("metrics.csv"), e);
        }
    }

    /**
     * Records one evaluation as {@code "step_<i>"} (i = 0, 1, ... in call order).
     *
     * @param stepCount environment steps of training so far
     * @param metrics   per-episode values by metric name; must contain {@code episode_return}; all arrays
     *                  the same non-zero length (one entry per evaluation episode)
     */
    public void logEval(long stepCount, Map<String, double[]> metrics) {
        checkEpisodes(metrics);
        ObjectNode step = seedNode.putObject("step_" + evalIndex);
        step.put("step_count", stepCount);
        putArrays(step, metrics);
        ObjectNode line = JSON_LINE.createObjectNode();
        line.put("eval_index", evalIndex);
        line.put("step_count", stepCount);
        for (Map.Entry<String, double[]> e : metrics.entrySet()) {
            line.put(e.getKey() + "_mean", mean(e.getValue()));
        }
        putArrays(line, metrics);
        evalIndex++;
        try {
            evalLines.write(JSON_LINE.writeValueAsString(line));
            evalLines.newLine();
            evalLines.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("eval.jsonl"), e);
        }
        writeMarlEval();
    }

    /** Records the final re-evaluation of the best parameters as {@code "absolute_metrics"}. */
    public void logAbsolute(Map<String, double[]> metrics) {
        checkEpisodes(metrics);
        putArrays(seedNode.putObject("absolute_metrics"), metrics);
        writeMarlEval();
    }

    /** Number of evaluations logged so far. */
    public int evaluations() {
        return evalIndex;
    }

    @Override
    public void close() throws IOException {
        try {
            csv.close();
        } finally {
            evalLines.close();
        }
    }

    private void writeMarlEval() {
        Path target = dir.resolve("marl_eval.json");
        try {
            byte[] bytes = JSON.writeValueAsBytes(marlEval);
            Checkpointer.writeAtomically(target, out -> out.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void checkEpisodes(Map<String, double[]> metrics) {
        if (metrics == null || !metrics.containsKey("episode_return")) {
            throw new IllegalArgumentException("MetricsSink: evaluation metrics must contain 'episode_return', got "
                    + (metrics == null ? "null" : metrics.keySet()));
        }
        int episodes = metrics.get("episode_return").length;
        for (Map.Entry<String, double[]> e : metrics.entrySet()) {
            if (e.getValue() == null || e.getValue().length != episodes || episodes == 0) {
                throw new IllegalArgumentException("MetricsSink: metric '" + e.getKey() + "' must hold one value per "
                        + "episode (" + episodes + ", > 0), got " + (e.getValue() == null ? "null" : e.getValue().length));
            }
        }
    }

    private static void putArrays(ObjectNode node, Map<String, double[]> metrics) {
        for (Map.Entry<String, double[]> e : metrics.entrySet()) {
            ArrayNode a = node.putArray(e.getKey());
            for (double v : e.getValue()) {
                a.add(v);
            }
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
