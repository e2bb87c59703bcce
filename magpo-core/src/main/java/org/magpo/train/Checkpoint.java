package org.magpo.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a training run needs to resume exactly: named float arrays (flat parameter vectors
 * {@code [P]}, optimiser moments {@code [P]}, ...), named random-generator states ({@code long[]},
 * see {@code Rng.state()}), named counters (steps, updates) and the run's configuration as JSON.
 *
 * <p>Immutable: the constructor copies every array and map (iteration order is kept).
 *
 * @param configJson the run configuration as a JSON string (not parsed here), non-null
 * @param arrays     named float arrays, names non-empty and at most {@link #MAX_NAME_LENGTH} chars
 * @param rngStates  named generator states
 * @param counters   named long counters
 */
public record Checkpoint(String configJson, Map<String, float[]> arrays, Map<String, long[]> rngStates,
        Map<String, Long> counters) {

    /** Longest name allowed for an entry (keeps the file format's length fields small). */
    public static final int MAX_NAME_LENGTH = 1000;

    public Checkpoint {
        if (configJson == null) {
            throw new IllegalArgumentException("Checkpoint.configJson must not be null (use \"{}\")");
        }
        arrays = copy("arrays", arrays, a -> a.clone());
        rngStates = copy("rngStates", rngStates, a -> a.clone());
        counters = copy("counters", counters, v -> v);
    }

    @Override
    public Map<String, float[]> arrays() {
        return copy("arrays", arrays, a -> a.clone());
    }

    @Override
    public Map<String, long[]> rngStates() {
        return copy("rngStates", rngStates, a -> a.clone());
    }

    /** The array {@code name} (a copy); throws naming the entries that exist when absent. */
    public float[] array(String name) {
        return get("arrays", arrays, name).clone();
    }

    /** The generator state {@code name} (a copy). */
    public long[] rngState(String name) {
        return get("rngStates", rngStates, name).clone();
    }

    /** The counter {@code name}. */
    public long counter(String name) {
        return get("counters", counters, name);
    }

    private static <V> V get(String field, Map<String, V> map, String name) {
        V v = map.get(name);
        if (v == null) {
            throw new IllegalArgumentException("Checkpoint." + field + " has no entry '" + name + "'; it has "
                    + map.keySet());
        }
        return v;
    }

    private static <V> Map<String, V> copy(String field, Map<String, V> in, java.util.function.UnaryOperator<V> dup) {
        if (in == null) {
            throw new IllegalArgumentException("Checkpoint." + field + " must not be null (use Map.of())");
        }
        Map<String, V> out = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : in.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("Checkpoint." + field + " names must have 1.." + MAX_NAME_LENGTH
                        + " characters, got " + (name == null ? "null" : name.length() + " characters"));
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("Checkpoint." + field + " entry '" + name + "' is null");
            }
            out.put(name, dup.apply(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }
}
