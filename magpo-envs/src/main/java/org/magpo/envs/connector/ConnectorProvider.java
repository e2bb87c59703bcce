package org.magpo.envs.connector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.magpo.env.EnvProvider;
import org.magpo.env.MultiAgentEnv;

/**
 * Registers the Connector family: {@code connector:con-5x5x3a}, {@code con-7x7x5a},
 * {@code con-10x10x10a}, {@code con-15x15x23a} (time limit G², team reward, vector observation).
 *
 * <p>Options: {@code observation=vector|grid} (make grid tasks without the agent-id wrapper, as
 * Mava's {@code ConnectorWrapper} adds none), {@code aggregateRewards=true|false}.
 */
public final class ConnectorProvider implements EnvProvider {
    /** Option selecting {@link ConnectorObservation}. */
    public static final String OBSERVATION = "observation";
    /** Option choosing the team-sum reward (true, default) or per-agent rewards. */
    public static final String AGGREGATE_REWARDS = "aggregateRewards";

    private static final Map<String, int[]> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put("con-5x5x3a", new int[] {5, 3});
        TASKS.put("con-7x7x5a", new int[] {7, 5});
        TASKS.put("con-10x10x10a", new int[] {10, 10});
        TASKS.put("con-15x15x23a", new int[] {15, 23});
    }

    @Override
    public String family() {
        return "connector";
    }

    @Override
    public Set<String> tasks() {
        return TASKS.keySet();
    }

    @Override
    public MultiAgentEnv make(String task, Map<String, String> options) {
        int[] size = TASKS.get(task);
        if (size == null) {
            throw new IllegalArgumentException("unknown Connector task '" + task + "'; expected one of " + TASKS.keySet());
        }
        ConnectorObservation observation = ConnectorObservation.VECTOR;
        boolean aggregate = true;
        for (Map.Entry<String, String> e : options.entrySet()) {
            switch (e.getKey()) {
                case OBSERVATION -> observation = ConnectorObservation.parse(e.getValue());
                case AGGREGATE_REWARDS -> aggregate = parseBoolean(e.getValue());
                default -> throw new IllegalArgumentException("unknown Connector option '" + e.getKey() + "'; supported: "
                        + OBSERVATION + ", " + AGGREGATE_REWARDS);
            }
        }
        int g = size[0];
        return new ConnectorEnv(new ConnectorConfig("connector:" + task, g, size[1], g * g, observation, aggregate));
    }

    private static boolean parseBoolean(String value) {
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw new IllegalArgumentException("Connector option " + AGGREGATE_REWARDS + " must be 'true' or 'false', got '" + value + "'");
    }
}
