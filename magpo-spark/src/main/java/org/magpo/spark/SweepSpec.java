package org.magpo.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.magpo.algo.MagpoConfig;
import org.magpo.env.Envs;

/**
 * What a sweep trains: every combination of {@link #tasks}, {@link #algorithms}, {@link #seeds} and
 * hyperparameter points (the Cartesian {@link #grid}, times {@link #random} draws), each over a base
 * config with fixed overrides {@link #set}. Validated on construction; {@link #fromJson} gives errors
 * that name the offending key and the valid choices. The JSON layout is documented in docs/sweeps.md.
 *
 * @param name          label of the sweep (free text, for logs and the summary)
 * @param tasks         task ids {@code family:task} from the env registry
 * @param algorithms    algorithm names, each one of {@link #ALGORITHMS}
 * @param seeds         distinct master seeds; every point runs once per seed
 * @param base          which config the overrides apply to
 * @param set           fixed overrides by config field name (JSON names of {@link MagpoConfig})
 * @param grid          per field, the values to cross; the points are their Cartesian product
 * @param random        seeded random draws, crossed with the grid; null for none
 * @param threadsPerRun native (ND4J/OpenMP) threads each run may use, and the cores Spark reserves per run
 */
public record SweepSpec(
        String name,
        List<String> tasks,
        List<String> algorithms,
        List<Long> seeds,
        Base base,
        Map<String, JsonNode> set,
        Map<String, List<JsonNode>> grid,
        RandomSearch random,
        int threadsPerRun) {

    /** Algorithms a sweep can train. */
    public static final List<String> ALGORITHMS = List.of("magpo");

    /** Top-level keys of the JSON form. */
    public static final List<String> KEYS = List.of("name", "tasks", "algorithms", "seeds", "base", "set", "grid",
            "random", "threadsPerRun");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper YAML = new YAMLMapper();

    /** The config that {@link #set}, grid and random values are applied over. */
    public enum Base {
        /** The task's tuned preset when it has one, otherwise the defaults. */
        AUTO,
        /** The task's tuned preset; tasks without one are rejected. */
        PRESET,
        /** {@link MagpoConfig#defaults()} for every task. */
        DEFAULTS;

        /** Parses {@code auto | preset | defaults}. */
        public static Base parse(String s) {
            for (Base b : values()) {
                if (b.name().toLowerCase(Locale.ROOT).equals(s)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("sweep 'base' must be one of [auto, preset, defaults], got '" + s + "'");
        }

        /** The base config for {@code taskId}. */
        public MagpoConfig configFor(String taskId) {
            return switch (this) {
                case DEFAULTS -> MagpoConfig.defaults();
                case PRESET -> MagpoConfig.preset(taskId);
                case AUTO -> MagpoConfig.presetIds().contains(taskId) ? MagpoConfig.preset(taskId) : MagpoConfig.defaults();
            };
        }
    }

    /**
     * Random search: {@code samples} points drawn from {@code params} with a generator seeded by
     * {@code seed} (so the same spec always expands to the same points).
     */
    public record RandomSearch(int samples, long seed, Map<String, ParameterDistribution> params) {
        public RandomSearch {
            if (samples < 1) {
                throw new IllegalArgumentException("sweep 'random.samples' must be >= 1, got " + samples);
            }
            if (params == null || params.isEmpty()) {
                throw new IllegalArgumentException("sweep 'random.params' must name at least one field");
            }
            params = Collections.unmodifiableMap(new TreeMap<>(params));
        }
    }

    public SweepSpec {
        name = name == null || name.isBlank() ? "sweep" : name;
        tasks = nonEmptyDistinct("tasks", tasks);
        algorithms = nonEmptyDistinct("algorithms", algorithms);
        seeds = nonEmptyDistinct("seeds", seeds);
        if (base == null) {
            base = Base.AUTO;
        }
        set = set == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(set));
        if (grid == null) {
            grid = Map.of();
        } else {
            TreeMap<String, List<JsonNode>> g = new TreeMap<>();
            grid.forEach((k, v) -> g.put(k, v == null ? null : Collections.unmodifiableList(new ArrayList<>(v))));
            grid = Collections.unmodifiableMap(g);
        }
        List<String> available = Envs.available();
        for (String t : tasks) {
            if (!available.contains(t)) {
                throw new IllegalArgumentException("sweep 'tasks': unknown task '" + t + "'; valid ids: " + available);
            }
            if (base == Base.PRESET && !MagpoConfig.presetIds().contains(t)) {
                throw new IllegalArgumentException("sweep 'tasks': task '" + t + "' has no preset but base is 'preset'; "
                        + "use base 'auto' or 'defaults', or one of " + MagpoConfig.presetIds());
            }
        }
        for (String a : algorithms) {
            if (!ALGORITHMS.contains(a)) {
                throw new IllegalArgumentException("sweep 'algorithms': unknown algorithm '" + a + "'; valid: " + ALGORITHMS);
            }
        }
        Set<String> seen = new HashSet<>();
        for (String f : set.keySet()) {
            checkField("set", f, seen);
            checkValue("set." + f, f, set.get(f));
        }
        for (Map.Entry<String, List<JsonNode>> e : grid.entrySet()) {
            checkField("grid", e.getKey(), seen);
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("sweep 'grid." + e.getKey() + "' must be a non-empty list of values");
            }
            for (JsonNode v : e.getValue()) {
                checkValue("grid." + e.getKey(), e.getKey(), v);
            }
        }
        if (random != null) {
            for (Map.Entry<String, ParameterDistribution> e : random.params().entrySet()) {
                String f = e.getKey();
                checkField("random.params", f, seen);
                Class<?> type = fieldType(f);
                String where = "sweep 'random.params." + f + "': ";
                ParameterDistribution d = e.getValue();
                if (d instanceof ParameterDistribution.Choice c) {
                    c.values().forEach(v -> checkValue("random.params." + f, f, v));
                } else if (d instanceof ParameterDistribution.IntUniform) {
                    if (type == boolean.class) {
                        throw new IllegalArgumentException(where + "field is boolean; use {\"choice\": [true, false]}");
                    }
                } else {
                    requireReal(where, f, type);
                }
            }
        }
        if (threadsPerRun < 1) {
            throw new IllegalArgumentException("sweep 'threadsPerRun' must be >= 1, got " + threadsPerRun);
        }
    }

    /** The config fields a sweep may set ({@link MagpoConfig}'s JSON names except {@code seed}). */
    public static List<String> hyperparameterNames() {
        List<String> names = new ArrayList<>();
        for (var c : MagpoConfig.class.getRecordComponents()) {
            if (!c.getName().equals("seed")) {
                names.add(c.getName());
            }
        }
        return names;
    }

    /** Number of hyperparameter points per (task, algorithm, seed): grid size times random samples. */
    public long pointsPerSeed() {
        long points = 1;
        for (List<JsonNode> values : grid.values()) {
            points = Math.multiplyExact(points, values.size());
        }
        return random == null ? points : Math.multiplyExact(points, random.samples());
    }

    /** Whether runs differ in hyperparameters (and so get a hash directory under the seed's). */
    public boolean variesHyperparameters() {
        return !grid.isEmpty() || random != null;
    }

    private static void checkField(String where, String field, Set<String> seen) {
        if ("seed".equals(field)) {
            throw new IllegalArgumentException("sweep '" + where + "': 'seed' is set by the sweep's 'seeds' list, not here");
        }
        List<String> valid = hyperparameterNames();
        if (!valid.contains(field)) {
            throw new IllegalArgumentException("sweep '" + where + "': unknown config field '" + field + "'; valid: " + valid);
        }
        if (!seen.add(field)) {
            throw new IllegalArgumentException("sweep '" + where + "': field '" + field
                    + "' appears in more than one of set, grid and random.params");
        }
    }

    private static Class<?> fieldType(String field) {
        for (var c : MagpoConfig.class.getRecordComponents()) {
            if (c.getName().equals(field)) {
                return c.getType();
            }
        }
        throw new IllegalArgumentException("unknown config field '" + field + "'");
    }

    private static void requireReal(String where, String field, Class<?> type) {
        if (type != double.class) {
            throw new IllegalArgumentException(where + "field '" + field + "' is " + type.getSimpleName()
                    + "; real-valued draws (uniform, loguniform) need a double field, use {\"int\": [lo, hi]} or choice");
        }
    }

    /** A value must fit the field's type exactly: no silent truncation of 1.5 into an int field. */
    private static void checkValue(String where, String field, JsonNode v) {
        Class<?> type = fieldType(field);
        boolean ok = v != null && (type == boolean.class ? v.isBoolean()
                : type == double.class ? v.isNumber()
                : v.isIntegralNumber() && v.canConvertToLong()
                        && (type == long.class || v.canConvertToInt()));
        if (!ok) {
            throw new IllegalArgumentException("sweep '" + where + "': field '" + field + "' takes a "
                    + (type == boolean.class ? "boolean" : type == double.class ? "number" : "whole number (" + type + ")")
                    + ", got " + v);
        }
    }

    private static void checkScalar(String where, JsonNode v) {
        if (v == null || !(v.isNumber() || v.isBoolean())) {
            throw new IllegalArgumentException("sweep '" + where + "': values must be numbers or booleans, got " + v);
        }
    }

    private static <T> List<T> nonEmptyDistinct(String key, List<T> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("sweep '" + key + "' must be a non-empty list");
        }
        if (new LinkedHashSet<>(values).size() != values.size()) {
            throw new IllegalArgumentException("sweep '" + key + "' must not repeat entries, got " + values);
        }
        for (T v : values) {
            if (v == null) {
                throw new IllegalArgumentException("sweep '" + key + "' must not contain null, got " + values);
            }
        }
        return List.copyOf(values);
    }

    /** Reads a spec file: YAML when its name ends in {@code .yaml} or {@code .yml}, JSON otherwise. */
    public static SweepSpec load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            return name.endsWith(".yaml") || name.endsWith(".yml") ? fromYaml(text) : fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the JSON form (docs/sweeps.md). Unknown keys, wrong types and invalid values fail with an
     * {@link IllegalArgumentException} naming the key and what is allowed.
     */
    public static SweepSpec fromJson(String json) {
        try {
            return fromTree(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("sweep spec is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses the YAML form: the same keys and values as the JSON form, in YAML syntax. */
    public static SweepSpec fromYaml(String yaml) {
        try {
            return fromTree(YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("sweep spec is not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static SweepSpec fromTree(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("sweep spec must be a mapping (JSON object) with keys " + KEYS);
        }
        checkKeys("", root, KEYS);
        String name = root.has("name") ? text(root, "name") : null;
        List<String> tasks = stringList(root, "tasks");
        List<String> algorithms = root.has("algorithms") ? stringList(root, "algorithms") : List.of("magpo");
        List<Long> seeds = seeds(root.get("seeds"));
        Base base = root.has("base") ? Base.parse(text(root, "base")) : Base.AUTO;
        Map<String, JsonNode> set = new LinkedHashMap<>();
        if (root.has("set")) {
            object(root, "set").properties().forEach(e -> set.put(e.getKey(), e.getValue()));
        }
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        if (root.has("grid")) {
            for (Map.Entry<String, JsonNode> e : object(root, "grid").properties()) {
                if (!e.getValue().isArray()) {
                    throw new IllegalArgumentException("sweep 'grid." + e.getKey() + "' must be a list of values, got "
                            + e.getValue());
                }
                List<JsonNode> values = new ArrayList<>();
                e.getValue().forEach(values::add);
                grid.put(e.getKey(), List.copyOf(values));
            }
        }
        RandomSearch random = root.has("random") ? random(object(root, "random")) : null;
        int threads = 1;
        if (root.has("threadsPerRun")) {
            JsonNode t = root.get("threadsPerRun");
            if (!t.canConvertToInt() || !t.isIntegralNumber()) {
                throw new IllegalArgumentException("sweep 'threadsPerRun' must be an integer >= 1, got " + t);
            }
            threads = t.intValue();
        }
        return new SweepSpec(name, tasks, algorithms, seeds, base, set, grid, random, threads);
    }

    private static RandomSearch random(JsonNode node) {
        checkKeys("random.", node, List.of("samples", "seed", "params"));
        JsonNode samples = node.get("samples");
        if (samples == null || !samples.isIntegralNumber() || !samples.canConvertToInt()) {
            throw new IllegalArgumentException("sweep 'random.samples' must be an integer >= 1, got " + samples);
        }
        JsonNode seed = node.get("seed");
        if (seed == null || !seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw new IllegalArgumentException("sweep 'random.seed' must be an integer (the draws' seed), got " + seed);
        }
        Map<String, ParameterDistribution> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object(node, "params").properties()) {
            params.put(e.getKey(), distribution("random.params." + e.getKey(), e.getValue()));
        }
        return new RandomSearch(samples.intValue(), seed.longValue(), params);
    }

    private static final List<String> DISTRIBUTIONS = List.of("uniform", "loguniform", "int", "choice");

    private static ParameterDistribution distribution(String where, JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("sweep '" + where + "' must be an object with exactly one of "
                    + DISTRIBUTIONS + ", e.g. {\"loguniform\": [1e-4, 1e-2]}, got " + node);
        }
        String kind = node.fieldNames().next();
        JsonNode args = node.get(kind);
        if (!args.isArray()) {
            throw new IllegalArgumentException("sweep '" + where + "." + kind + "' must be a list, got " + args);
        }
        try {
            return switch (kind) {
                case "uniform" -> new ParameterDistribution.Uniform(number(where, args, 0), number(where, args, 1));
                case "loguniform" -> new ParameterDistribution.LogUniform(number(where, args, 0), number(where, args, 1));
                case "int" -> {
                    double lo = number(where, args, 0);
                    double hi = number(where, args, 1);
                    if (lo != Math.rint(lo) || hi != Math.rint(hi)) {
                        throw new IllegalArgumentException("int bounds must be integers, got " + args);
                    }
                    yield new ParameterDistribution.IntUniform((long) lo, (long) hi);
                }
                case "choice" -> {
                    List<JsonNode> values = new ArrayList<>();
                    args.forEach(values::add);
                    for (JsonNode v : values) {
                        checkScalar(where, v);
                    }
                    yield new ParameterDistribution.Choice(values);
                }
                default -> throw new IllegalArgumentException("unknown distribution '" + kind + "'; valid: " + DISTRIBUTIONS);
            };
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("sweep '") ? e
                    : new IllegalArgumentException("sweep '" + where + "': " + e.getMessage(), e);
        }
    }

    private static double number(String where, JsonNode args, int i) {
        if (args.size() != 2 || !args.get(i).isNumber()) {
            throw new IllegalArgumentException("sweep '" + where + "' needs [low, high] as two numbers, got " + args);
        }
        return args.get(i).doubleValue();
    }

    private static List<Long> seeds(JsonNode node) {
        if (node == null) {
            throw new IllegalArgumentException("sweep 'seeds' is required: a list of integers or {\"from\": a, \"to\": b}");
        }
        List<Long> seeds = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode s : node) {
                if (!s.isIntegralNumber() || !s.canConvertToLong()) {
                    throw new IllegalArgumentException("sweep 'seeds' entries must be integers, got " + s);
                }
                seeds.add(s.longValue());
            }
        } else if (node.isObject()) {
            checkKeys("seeds.", node, List.of("from", "to"));
            JsonNode from = node.get("from");
            JsonNode to = node.get("to");
            if (from == null || to == null || !from.isIntegralNumber() || !to.isIntegralNumber()
                    || to.longValue() < from.longValue() || to.longValue() - from.longValue() >= 100_000) {
                throw new IllegalArgumentException("sweep 'seeds' range needs integers from <= to (at most 100000 seeds), got "
                        + node);
            }
            for (long s = from.longValue(); s <= to.longValue(); s++) {
                seeds.add(s);
            }
        } else {
            throw new IllegalArgumentException("sweep 'seeds' must be a list of integers or {\"from\": a, \"to\": b}, got "
                    + node);
        }
        return seeds;
    }

    private static void checkKeys(String prefix, JsonNode node, List<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("sweep spec: unknown key '" + prefix + k + "'; valid: " + allowed);
            }
        }
    }

    private static String text(JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("sweep '" + key + "' must be a string, got " + v);
        }
        return v.textValue();
    }

    private static JsonNode object(JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("sweep '" + key + "' must be an object, got " + v);
        }
        return v;
    }

    private static List<String> stringList(JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (v == null) {
            throw new IllegalArgumentException("sweep '" + key + "' is required: a list of strings");
        }
        if (v.isTextual()) {
            return List.of(v.textValue());
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("sweep '" + key + "' must be a list of strings, got " + v);
        }
        String[] out = new String[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isTextual()) {
                throw new IllegalArgumentException("sweep '" + key + "' entries must be strings, got " + v.get(i));
            }
            out[i] = v.get(i).textValue();
        }
        return Arrays.asList(out);
    }
}
