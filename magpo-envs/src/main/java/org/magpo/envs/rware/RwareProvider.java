package org.magpo.envs.rware;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.magpo.env.EnvProvider;
import org.magpo.env.MultiAgentEnv;

/**
 * Registers the 15 Robotic Warehouse tasks of the MAGPO evaluation as {@code rware:<task>}
 * (shelf rows x columns, N robots, request queue N or N/2 for "hard"; column height 8, sensor range 1,
 * time limit 500).
 *
 * <p>Options: {@code timeLimit} (integer >= 1, default 500) and {@code globalState} ({@code true}/{@code false},
 * default false: MAGPO runs without one). Unknown options are rejected.
 */
public final class RwareProvider implements EnvProvider {
    public static final String FAMILY = "rware";
    public static final String OPTION_TIME_LIMIT = "timeLimit";
    public static final String OPTION_GLOBAL_STATE = "globalState";

    private static final Map<String, RwareConfig> TASKS = tasksTable();

    private static Map<String, RwareConfig> tasksTable() {
        Map<String, RwareConfig> m = new LinkedHashMap<>();
        m.put("tiny-2ag", RwareConfig.benchmark(1, 3, 2, 2));
        m.put("tiny-2ag-hard", RwareConfig.benchmark(1, 3, 2, 1));
        m.put("tiny-4ag", RwareConfig.benchmark(1, 3, 4, 4));
        m.put("tiny-4ag-hard", RwareConfig.benchmark(1, 3, 4, 2));
        m.put("small-4ag", RwareConfig.benchmark(2, 3, 4, 4));
        m.put("small-4ag-hard", RwareConfig.benchmark(2, 3, 4, 2));
        m.put("medium-4ag", RwareConfig.benchmark(2, 5, 4, 4));
        m.put("medium-4ag-hard", RwareConfig.benchmark(2, 5, 4, 2));
        m.put("medium-6ag", RwareConfig.benchmark(2, 5, 6, 6));
        m.put("large-4ag", RwareConfig.benchmark(3, 5, 4, 4));
        m.put("large-4ag-hard", RwareConfig.benchmark(3, 5, 4, 2));
        m.put("large-8ag", RwareConfig.benchmark(3, 5, 8, 8));
        // The scenario yaml sets queue 4 here (N/2), unlike the N of large-8ag.
        m.put("large-8ag-hard", RwareConfig.benchmark(3, 5, 8, 4));
        m.put("xlarge-4ag", RwareConfig.benchmark(4, 5, 4, 4));
        m.put("xlarge-4ag-hard", RwareConfig.benchmark(4, 5, 4, 2));
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public Set<String> tasks() {
        return TASKS.keySet();
    }

    /** Parameters of {@code task}; fails for an unknown name, listing the known ones. */
    public static RwareConfig config(String task) {
        RwareConfig c = task == null ? null : TASKS.get(task);
        if (c == null) {
            throw new IllegalArgumentException("unknown rware task '" + task + "'; expected one of " + TASKS.keySet());
        }
        return c;
    }

    @Override
    public MultiAgentEnv make(String task, Map<String, String> options) {
        RwareConfig config = config(task);
        boolean globalState = false;
        for (Map.Entry<String, String> e : (options == null ? Map.<String, String>of() : options).entrySet()) {
            String value = e.getValue();
            switch (e.getKey()) {
                case OPTION_TIME_LIMIT -> config = config.withTimeLimit(parseTimeLimit(value));
                case OPTION_GLOBAL_STATE -> {
                    if (!"true".equals(value) && !"false".equals(value)) {
                        throw new IllegalArgumentException("rware option globalState must be 'true' or 'false', got '"
                                + value + "'");
                    }
                    globalState = Boolean.parseBoolean(value);
                }
                default -> throw new IllegalArgumentException("unknown rware option '" + e.getKey() + "'; allowed: "
                        + OPTION_TIME_LIMIT + ", " + OPTION_GLOBAL_STATE);
            }
        }
        return new RwareEnv(FAMILY + ":" + task, config, globalState);
    }

    private static int parseTimeLimit(String value) {
        try {
            int t = Integer.parseInt(value == null ? "" : value.trim());
            if (t >= 1) {
                return t;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException("rware option timeLimit must be an integer >= 1, got '" + value + "'");
    }
}
