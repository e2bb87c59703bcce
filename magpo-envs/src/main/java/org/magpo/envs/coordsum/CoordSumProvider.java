package org.magpo.envs.coordsum;

import java.util.Map;
import java.util.Set;
import org.magpo.env.EnvProvider;
import org.magpo.env.MultiAgentEnv;

/**
 * Registers the four CoordSum tasks as {@code coordsum:3x10-30}, {@code coordsum:3x30-50},
 * {@code coordsum:5x20-80}, {@code coordsum:8x15-100}.
 *
 * <p>Options: {@code strictHistory=true|false} (default false: the reference's clamped K-row table),
 * {@code timeLimit=<steps>} (default 100).
 */
public final class CoordSumProvider implements EnvProvider {
    public static final String FAMILY = "coordsum";

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public Set<String> tasks() {
        return CoordSumConfig.TASKS.keySet();
    }

    @Override
    public MultiAgentEnv make(String task, Map<String, String> options) {
        CoordSumConfig config = CoordSumConfig.TASKS.get(task);
        if (config == null) {
            throw new IllegalArgumentException("unknown CoordSum task '" + task + "'; expected one of " + tasks());
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "strictHistory" -> {
                    if (!"true".equals(v) && !"false".equals(v)) {
                        throw new IllegalArgumentException("CoordSum option strictHistory must be true or false, got '"
                                + v + "'");
                    }
                    config = config.withStrictHistory(Boolean.parseBoolean(v));
                }
                case "timeLimit" -> {
                    int steps;
                    try {
                        steps = Integer.parseInt(v);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("CoordSum option timeLimit must be a positive integer, got '"
                                + v + "'", ex);
                    }
                    config = config.withTimeLimit(steps);
                }
                default -> throw new IllegalArgumentException("unknown CoordSum option '" + e.getKey()
                        + "'; expected strictHistory or timeLimit");
            }
        }
        return new CoordSumEnv(FAMILY + ":" + task, config);
    }
}
