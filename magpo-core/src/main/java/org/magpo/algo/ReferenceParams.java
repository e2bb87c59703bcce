package org.magpo.algo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authors' tuned per-task hyperparameters (the bundled copy of {@code magpo_reference_params.csv}):
 * one row per (system, task), cells by column name, trimmed. Task ids are the registry's
 * {@code family:task} (CoordSum's CSV names {@code 3x30} become {@code coordsum:3x30-50}).
 */
public final class ReferenceParams {

    /** Resource holding the copy of the reference's tuned parameters. */
    public static final String RESOURCE = "/org/magpo/algo/magpo_reference_params.csv";

    /** CSV task names that differ from the registry's task part. */
    private static final Map<String, String> COORDSUM_TASKS = Map.of(
            "3x10", "3x10-30", "3x30", "3x30-50", "5x20", "5x20-80", "8x15", "8x15-100");

    private static volatile Map<String, Map<String, Map<String, String>>> bySystem;

    private ReferenceParams() {
    }

    /**
     * The rows of one system ({@code "ippo"}, {@code "mappo"}, {@code "sable"}, ...) by task id, in
     * the CSV's order; empty when the CSV has none.
     */
    public static Map<String, Map<String, String>> rows(String system) {
        return all().getOrDefault(system, Map.of());
    }

    private static Map<String, Map<String, Map<String, String>>> all() {
        Map<String, Map<String, Map<String, String>>> m = bySystem;
        if (m == null) {
            synchronized (ReferenceParams.class) {
                m = bySystem;
                if (m == null) {
                    m = Collections.unmodifiableMap(load());
                    bySystem = m;
                }
            }
        }
        return m;
    }

    private static Map<String, Map<String, Map<String, String>>> load() {
        try (InputStream in = ReferenceParams.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (header == null) {
                throw new IllegalStateException(RESOURCE + " is empty");
            }
            List<String> columns = List.of(header.trim().split(",", -1));
            Map<String, Map<String, Map<String, String>>> out = new LinkedHashMap<>();
            String line;
            int lineNo = 1;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != columns.size()) {
                    throw new IllegalStateException(RESOURCE + " line " + lineNo + " has " + cells.length
                            + " cells, header has " + columns.size());
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < cells.length; i++) {
                    row.put(columns.get(i), cells[i].trim());
                }
                String id = taskId(row.get("env_name"), row.get("task"));
                out.computeIfAbsent(row.get("system_name"), k -> new LinkedHashMap<>())
                        .put(id, Collections.unmodifiableMap(row));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The registry id of a CSV (env_name, task) pair. */
    static String taskId(String env, String task) {
        if ("coordsum".equals(env)) {
            String t = COORDSUM_TASKS.get(task);
            if (t == null) {
                throw new IllegalStateException("unknown coordsum task '" + task + "' in " + RESOURCE);
            }
            return "coordsum:" + t;
        }
        return env + ":" + task;
    }

    /** The non-empty cell {@code column} of a row, or IllegalStateException naming the preset. */
    static String cell(String id, Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("preset " + id + ": column '" + column + "' is empty in " + RESOURCE);
        }
        return v;
    }
}
