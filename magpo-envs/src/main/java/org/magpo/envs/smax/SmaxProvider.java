package org.magpo.envs.smax;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.magpo.env.EnvProvider;
import org.magpo.env.MultiAgentEnv;

/**
 * Registers the ten SMAX maps of the MAGPO benchmark as {@code smax:<map>} (e.g. {@code smax:3s5z},
 * {@code smax:smacv2_10_units}). The tasks take no options: the Mava configuration (closest-attack
 * heuristic enemies, visible enemy actions, deadly walls, 100 max steps) is fixed.
 */
public final class SmaxProvider implements EnvProvider {
    private static final Set<String> TASKS = Set.copyOf(new LinkedHashSet<>(SmaxScenario.BENCHMARK_NAMES));

    @Override
    public String family() {
        return "smax";
    }

    @Override
    public Set<String> tasks() {
        return TASKS;
    }

    @Override
    public MultiAgentEnv make(String task, Map<String, String> options) {
        if (options != null && !options.isEmpty()) {
            throw new IllegalArgumentException("smax:" + task + " takes no options, got " + options.keySet());
        }
        return new SmaxEnv(SmaxScenario.named(task));
    }
}
