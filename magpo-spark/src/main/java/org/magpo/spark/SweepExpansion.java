package org.magpo.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.magpo.algo.MagpoConfig;
import org.magpo.nn.Rng;

/**
 * Expands a {@link SweepSpec} into its runs on the driver, resolving and validating every config before
 * any training starts (an invalid combination fails the whole submission, naming the run).
 *
 * <p>Order: task, algorithm, hyperparameter point, seed (grid points in lexicographic field order crossed
 * with the random draws in draw order). Points that coincide (e.g. two random draws of the same choice)
 * are run once.
 */
public final class SweepExpansion {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepExpansion() {
    }

    /** All runs of {@code spec}, in a deterministic order. */
    public static List<RunSpec> expand(SweepSpec spec) {
        List<SortedMap<String, JsonNode>> points = points(spec);
        List<RunSpec> runs = new ArrayList<>();
        Set<String> dirs = new LinkedHashSet<>();
        for (String task : spec.tasks()) {
            MagpoConfig base = spec.base().configFor(task);
            for (String algo : spec.algorithms()) {
                for (SortedMap<String, JsonNode> point : points) {
                    SortedMap<String, String> hp = new TreeMap<>();
                    point.forEach((k, v) -> hp.put(k, v.toString()));
                    String hash = spec.variesHyperparameters() ? hash(hp) : "";
                    for (long seed : spec.seeds()) {
                        String configJson = resolve(base, spec.set(), point, seed, task, algo);
                        RunSpec run = new RunSpec(task, algo, seed, hp, hash, configJson, spec.threadsPerRun());
                        if (dirs.add(run.relativeDir())) {
                            runs.add(run);
                        }
                    }
                }
            }
        }
        return runs;
    }

    /** The hyperparameter points: the grid's Cartesian product crossed with the random draws. */
    static List<SortedMap<String, JsonNode>> points(SweepSpec spec) {
        List<SortedMap<String, JsonNode>> points = new ArrayList<>();
        points.add(new TreeMap<>());
        for (Map.Entry<String, List<JsonNode>> axis : spec.grid().entrySet()) {
            List<SortedMap<String, JsonNode>> next = new ArrayList<>();
            for (SortedMap<String, JsonNode> p : points) {
                for (JsonNode v : axis.getValue()) {
                    SortedMap<String, JsonNode> q = new TreeMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        if (spec.random() != null) {
            // Draws are fixed by random.seed alone, so they are the same for every grid point and task.
            Rng rng = new Rng(spec.random().seed());
            List<Map<String, JsonNode>> draws = new ArrayList<>();
            for (int i = 0; i < spec.random().samples(); i++) {
                Map<String, JsonNode> draw = new LinkedHashMap<>();
                spec.random().params().forEach((k, d) -> draw.put(k, d.sample(rng)));
                draws.add(draw);
            }
            List<SortedMap<String, JsonNode>> next = new ArrayList<>();
            for (SortedMap<String, JsonNode> p : points) {
                for (Map<String, JsonNode> draw : draws) {
                    SortedMap<String, JsonNode> q = new TreeMap<>(p);
                    q.putAll(draw);
                    next.add(q);
                }
            }
            points = next;
        }
        return points;
    }

    private static String resolve(MagpoConfig base, Map<String, JsonNode> set, Map<String, JsonNode> point, long seed,
                                  String task, String algo) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(base.toJson());
            set.forEach(node::set);
            point.forEach(node::set);
            node.put("seed", seed);
            return MagpoConfig.fromJson(JSON.writeValueAsString(node)).toJson();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot re-read MagpoConfig JSON", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sweep run " + task + " / " + algo + " / seed " + seed
                    + (point.isEmpty() ? "" : " / " + point) + ": " + e.getMessage(), e);
        }
    }

    /** First 8 hex digits of SHA-256 over {@code name=value} lines in name order. */
    static String hash(SortedMap<String, String> hp) {
        StringBuilder canonical = new StringBuilder();
        hp.forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
