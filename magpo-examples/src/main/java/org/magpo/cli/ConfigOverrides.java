package org.magpo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.magpo.algo.MagpoConfig;

/**
 * Resolves the {@link MagpoConfig} of a {@code magpo train} run: a base (the task's preset, the
 * reference defaults or another task's preset), then {@code --steps}, the seed and {@code --set
 * name=value} overrides applied to its JSON, so that every check is the record's own. Names are the
 * JSON field names of {@link MagpoConfig}; unknown names are rejected listing the valid ones.
 */
public final class ConfigOverrides {
    /** {@code --preset} value that picks the task's own preset, or the defaults when it has none. */
    public static final String AUTO = "auto";
    /** {@code --preset} value for the reference defaults. */
    public static final String DEFAULTS = "defaults";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigOverrides() {
    }

    /** The base config named by {@code preset} ({@code auto}, {@code defaults} or a preset task id). */
    public static MagpoConfig base(String preset, String taskId) {
        if (preset == null || preset.equals(AUTO)) {
            return MagpoConfig.presetIds().contains(taskId) ? MagpoConfig.preset(taskId) : MagpoConfig.defaults();
        }
        if (preset.equals(DEFAULTS)) {
            return MagpoConfig.defaults();
        }
        if (!MagpoConfig.presetIds().contains(preset)) {
            throw new IllegalArgumentException("--preset must be '" + AUTO + "', '" + DEFAULTS
                    + "' or a task id with a preset " + MagpoConfig.presetIds() + ", got '" + preset + "'");
        }
        return MagpoConfig.preset(preset);
    }

    /**
     * Applies the overrides to {@code base}.
     *
     * @param steps total environment steps, or null to keep the base's
     * @param seed  the run's seed, or null to keep the base's
     * @param sets  {@code name=value} items
     * @return the validated config. When {@code steps} shrinks the run below the base's number of
     *         evaluations and {@code numEvaluations} is not set explicitly, it is lowered to the number
     *         of updates (one evaluation per update).
     */
    public static MagpoConfig apply(MagpoConfig base, Long steps, Long seed, List<String> sets) {
        ObjectNode node = (ObjectNode) readTree(base.toJson());
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        boolean evaluationsSet = false;
        if (steps != null) {
            node.put("totalTimesteps", steps);
        }
        if (seed != null) {
            node.put("seed", seed);
        }
        for (String item : sets == null ? List.<String>of() : sets) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set needs name=value, got '" + item + "'; names: " + fields);
            }
            String name = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            JsonNode current = node.get(name);
            if (current == null) {
                throw new IllegalArgumentException("--set: unknown config field '" + name + "'; valid names: " + fields);
            }
            evaluationsSet |= name.equals("numEvaluations");
            if (current.isBoolean()) {
                String v = value.toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw new IllegalArgumentException("--set " + name + ": expected true or false, got '" + value + "'");
                }
                node.put(name, Boolean.parseBoolean(v));
            } else if (current.isIntegralNumber()) {
                long v = integer("--set " + name, value);
                if (current.isInt() && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                    throw new IllegalArgumentException("--set " + name + ": " + value + " does not fit an int");
                }
                node.put(name, v);
            } else {
                try {
                    node.put(name, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--set " + name + ": expected a number, got '" + value + "'", e);
                }
            }
        }
        if (!evaluationsSet) {
            long perUpdate = node.get("rolloutLength").asLong() * node.get("numEnvs").asLong()
                    * node.get("updateBatchSize").asLong();
            long updates = node.get("totalTimesteps").asLong() / Math.max(1, perUpdate);
            if (updates >= 1 && node.get("numEvaluations").asLong() > updates) {
                node.put("numEvaluations", (int) Math.min(updates, Integer.MAX_VALUE));
            }
        }
        return MagpoConfig.fromJson(node.toString());
    }

    /** A whole number written plainly or in scientific notation ({@code 2e6}, {@code 2_000_000}). */
    public static long integer(String what, String text) {
        try {
            return new BigDecimal(text.strip().replace("_", "")).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(what + ": expected a whole number (e.g. 2000000 or 2e6), got '" + text
                    + "'", e);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("MagpoConfig.toJson gave invalid JSON", e);
        }
    }
}
