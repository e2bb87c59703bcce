package org.magpo.envs.mpe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.magpo.env.EnvProvider;
import org.magpo.env.MultiAgentEnv;

/**
 * Registers the MPE family: {@code mpe:simple_spread_3ag}, {@code _5ag}, {@code _10ag} (N agents,
 * N landmarks, local ratio 0.5, continuous actions by default).
 *
 * <p>Options: {@code actionType=continuous|discrete}.
 */
public final class MpeProvider implements EnvProvider {
    /** Option selecting {@link MpeActionType}. */
    public static final String ACTION_TYPE = "actionType";

    private static final Map<String, Integer> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put("simple_spread_3ag", 3);
        TASKS.put("simple_spread_5ag", 5);
        TASKS.put("simple_spread_10ag", 10);
    }

    @Override
    public String family() {
        return "mpe";
    }

    @Override
    public Set<String> tasks() {
        return TASKS.keySet();
    }

    @Override
    public MultiAgentEnv make(String task, Map<String, String> options) {
        Integer agents = TASKS.get(task);
        if (agents == null) {
            throw new IllegalArgumentException("unknown MPE task '" + task + "'; expected one of " + TASKS.keySet());
        }
        MpeActionType actionType = MpeActionType.CONTINUOUS;
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (ACTION_TYPE.equals(e.getKey())) {
                actionType = MpeActionType.parse(e.getValue());
            } else {
                throw new IllegalArgumentException("unknown MPE option '" + e.getKey() + "'; supported: " + ACTION_TYPE);
            }
        }
        return new SimpleSpreadEnv(SimpleSpreadConfig.benchmark(agents, actionType));
    }
}
