package org.magpo.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads run directories (docs/output-format.md): {@code config.json} (identity and resolved config),
 * {@code marl_eval.json} (evaluations in the marl-eval layout), {@code eval.jsonl} (the same evaluations,
 * one JSON a line), {@code metrics.csv} (training rows) and checkpoints. Every file but one identity
 * source is optional: a directory needs {@code config.json} or {@code marl_eval.json}; evaluations come
 * from {@code marl_eval.json} when it holds the run, else from {@code eval.jsonl}. A Mava/marl-eval JSON
 * file without {@code config.json} yields one run per seed it holds. Unknown fields and columns are
 * ignored so directories of other versions still read; a file that does not parse fails with a
 * {@link RunFormatException} naming the file and line.
 */
public final class RunReader {
    /** File names of the run-directory format. */
    public static final String CONFIG = "config.json";
    public static final String MARL_EVAL = "marl_eval.json";
    public static final String EVAL_LINES = "eval.jsonl";
    public static final String METRICS = "metrics.csv";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // NaN returns are legal in eval files
            .build();

    private RunReader() {
    }

    /** Whether {@code dir} looks like a run directory (holds config.json or marl_eval.json). */
    public static boolean isRunDirectory(Path dir) {
        return Files.isDirectory(dir) && (Files.isRegularFile(dir.resolve(CONFIG))
                || Files.isRegularFile(dir.resolve(MARL_EVAL)));
    }

    /**
     * Reads every run under the given paths: each path is a run directory or a folder searched
     * recursively for run directories (e.g. {@code runs/}).
     *
     * @throws IllegalArgumentException for a path that does not exist or holds no run directory
     */
    public static List<Run> readAll(List<Path> paths) {
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("RunReader: give at least one run directory");
        }
        List<Run> runs = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                throw new IllegalArgumentException("run directory '" + p + "' does not exist or is not a directory");
            }
            List<Path> dirs;
            try (Stream<Path> walk = Files.walk(p)) {
                dirs = walk.filter(RunReader::isRunDirectory).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + p, e);
            }
            if (dirs.isEmpty()) {
                throw new IllegalArgumentException("no run directory (holding " + CONFIG + " or " + MARL_EVAL
                        + ") under '" + p + "'");
            }
            for (Path d : dirs) {
                runs.addAll(read(d));
            }
        }
        return runs;
    }

    /** Reads one run directory: one run, or one per seed for a bare marl-eval JSON. */
    public static List<Run> read(Path dir) {
        if (!isRunDirectory(dir)) {
            throw new IllegalArgumentException("'" + dir + "' is not a run directory: it holds neither " + CONFIG
                    + " nor " + MARL_EVAL);
        }
        Path configFile = dir.resolve(CONFIG);
        JsonNode config = Files.isRegularFile(configFile) ? readJson(configFile) : MissingNode.getInstance();
        Path marlFile = dir.resolve(MARL_EVAL);
        JsonNode marl = Files.isRegularFile(marlFile) ? readJson(marlFile) : MissingNode.getInstance();
        Path metricsFile = dir.resolve(METRICS);
        TrainingLog training = Files.isRegularFile(metricsFile) ? readMetrics(metricsFile) : TrainingLog.empty();
        List<Path> checkpoints = checkpoints(dir);
        List<MarlEntry> entries = marl.isMissingNode() ? List.of() : marlEntries(marlFile, marl);

        if (config.isMissingNode()) {
            List<Run> runs = new ArrayList<>();
            for (MarlEntry e : entries) {
                runs.add(new Run(dir, e.key, e.seed, config, e.evaluations, e.absolute, training, checkpoints));
            }
            if (runs.isEmpty()) {
                throw new RunFormatException(marlFile, 0, "holds no {env: {task: {algo: {seed_S: ...}}}} entry");
            }
            return runs;
        }
        RunKey key = keyOf(configFile, config);
        long seed = seedOf(configFile, config);
        MarlEntry entry = null;
        for (MarlEntry e : entries) {
            if (e.key.equals(key) && e.seed == seed) {
                entry = e;
            }
        }
        if (entry == null && entries.size() == 1) {
            // The trainer's env/task naming in the JSON may differ from the task id; one entry is this run.
            entry = entries.get(0);
        }
        Path evalFile = dir.resolve(EVAL_LINES);
        List<Evaluation> evaluations = entry != null ? entry.evaluations
                : Files.isRegularFile(evalFile) ? readEvalLines(evalFile) : List.of();
        Map<String, double[]> absolute = entry != null ? entry.absolute : Map.of();
        return List.of(new Run(dir, key, seed, config, evaluations, absolute, training, checkpoints));
    }

    private static RunKey keyOf(Path file, JsonNode config) {
        JsonNode task = config.get("task");
        if (task == null || !task.isTextual()) {
            throw new RunFormatException(file, 0, "needs a text field \"task\" like \"rware:tiny-2ag\"");
        }
        JsonNode algo = config.get("algorithm");
        // Directories written before the field existed were all MAGPO runs.
        String algorithm = algo != null && algo.isTextual() ? algo.asText() : "magpo";
        try {
            return RunKey.ofTaskId(task.asText(), algorithm);
        } catch (IllegalArgumentException e) {
            throw new RunFormatException(file, 0, e.getMessage(), e);
        }
    }

    private static long seedOf(Path file, JsonNode config) {
        JsonNode seed = config.get("seed");
        if (seed == null || !seed.canConvertToLong()) {
            seed = config.path("config").get("seed");
        }
        if (seed == null || !seed.isIntegralNumber()) {
            throw new RunFormatException(file, 0, "needs an integer \"seed\" (or \"config\".\"seed\")");
        }
        return seed.asLong();
    }

    private record MarlEntry(RunKey key, long seed, List<Evaluation> evaluations, Map<String, double[]> absolute) {
    }

    private static List<MarlEntry> marlEntries(Path file, JsonNode root) {
        List<MarlEntry> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> env : root.properties()) {
            for (Map.Entry<String, JsonNode> task : env.getValue().properties()) {
                for (Map.Entry<String, JsonNode> algo : task.getValue().properties()) {
                    for (Map.Entry<String, JsonNode> seed : algo.getValue().properties()) {
                        String where = env.getKey() + "/" + task.getKey() + "/" + algo.getKey() + "/" + seed.getKey();
                        if (!seed.getKey().startsWith("seed_")) {
                            throw new RunFormatException(file, 0, where + ": expected keys 'seed_<n>' under an algorithm");
                        }
                        long s;
                        try {
                            s = Long.parseLong(seed.getKey().substring(5));
                        } catch (NumberFormatException e) {
                            throw new RunFormatException(file, 0, where + ": seed is not an integer", e);
                        }
                        RunKey key = new RunKey(env.getKey(), task.getKey(), algo.getKey());
                        out.add(marlEntry(file, where, key, s, seed.getValue()));
                    }
                }
            }
        }
        return out;
    }

    private static MarlEntry marlEntry(Path file, String where, RunKey key, long seed, JsonNode node) {
        List<Evaluation> evals = new ArrayList<>();
        Map<String, double[]> absolute = Map.of();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String name = f.getKey();
            if (name.equals("absolute_metrics")) {
                absolute = metricArrays(f.getValue(), Set.of());
            } else if (name.startsWith("step_")) {
                int index;
                try {
                    index = Integer.parseInt(name.substring(5));
                } catch (NumberFormatException e) {
                    throw new RunFormatException(file, 0, where + "/" + name + ": evaluation index is not an integer", e);
                }
                JsonNode count = f.getValue().get("step_count");
                if (count == null || !count.canConvertToLong()) {
                    throw new RunFormatException(file, 0, where + "/" + name + ": needs a numeric \"step_count\"");
                }
                evals.add(new Evaluation(index, count.asLong(), metricArrays(f.getValue(), Set.of())));
            }
        }
        evals.sort(Comparator.comparingInt(Evaluation::index));
        return new MarlEntry(key, seed, evals, absolute);
    }

    /** Per-episode arrays of a JSON object's fields (a lone number counts as one value); other fields skipped. */
    private static Map<String, double[]> metricArrays(JsonNode node, Set<String> skip) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("step_count") || skip.contains(name)) {
                continue;
            }
            if (v.isArray()) {
                double[] a = new double[v.size()];
                boolean numeric = true;
                for (int i = 0; i < a.length; i++) {
                    numeric &= v.get(i).isNumber();
                    a[i] = v.get(i).asDouble();
                }
                if (numeric) {
                    m.put(name, a);
                }
            } else if (v.isNumber()) {
                m.put(name, new double[] {v.asDouble()});
            }
        }
        return m;
    }

    private static List<Evaluation> readEvalLines(Path file) {
        List<Evaluation> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new RunFormatException(file, no, "not a JSON object: " + e.getOriginalMessage(), e);
                }
                if (node == null || !node.isObject()) {
                    throw new RunFormatException(file, no, "expected a JSON object per line");
                }
                JsonNode count = node.get("step_count");
                if (count == null || !count.canConvertToLong()) {
                    throw new RunFormatException(file, no, "needs a numeric \"step_count\"");
                }
                JsonNode idx = node.get("eval_index");
                int index = idx != null && idx.canConvertToInt() ? idx.asInt() : out.size();
                Set<String> skip = new HashSet<>();
                skip.add("eval_index");
                for (Map.Entry<String, JsonNode> f : node.properties()) {
                    if (f.getKey().endsWith("_mean")) {
                        skip.add(f.getKey()); // derived: recomputed from the per-episode arrays
                    }
                }
                out.add(new Evaluation(index, count.asLong(), metricArrays(node, skip)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        out.sort(Comparator.comparingInt(Evaluation::index));
        return out;
    }

    static TrainingLog readMetrics(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || header.isBlank()) {
                return TrainingLog.empty();
            }
            List<String> columns = Arrays.asList(header.strip().split(",", -1));
            List<double[]> rows = new ArrayList<>();
            String line;
            long no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.strip().split(",", -1);
                if (cells.length != columns.size()) {
                    throw new RunFormatException(file, no, "has " + cells.length + " cells, the header has "
                            + columns.size());
                }
                double[] row = new double[cells.length];
                for (int c = 0; c < cells.length; c++) {
                    String cell = cells[c].strip();
                    try {
                        row[c] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                    } catch (NumberFormatException e) {
                        throw new RunFormatException(file, no, "column '" + columns.get(c) + "' holds '" + cell
                                + "', expected a number, NaN or an empty cell", e);
                    }
                }
                rows.add(row);
            }
            return new TrainingLog(columns, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new RunFormatException(file, 0, "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new RunFormatException(file, Math.max(line, 0), "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<Path> checkpoints(Path dir) {
        List<Path> out = new ArrayList<>();
        Path single = dir.resolve("checkpoint.bin");
        if (Files.isRegularFile(single)) {
            out.add(single);
        }
        Path folder = dir.resolve("checkpoints");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(Files::isRegularFile).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }
        return out;
    }
}
