package org.magpo.env;

import java.util.Map;
import java.util.Set;

/**
 * A family of environments registered with {@link Envs} through {@link java.util.ServiceLoader}
 * (list the implementation in {@code META-INF/services/org.magpo.env.EnvProvider}).
 */
public interface EnvProvider {

    /** Family prefix of the ids this provider makes, e.g. {@code "coordsum"}. */
    String family();

    /** Task names within the family, e.g. {@code "3x30-50"}; ids are {@code family + ":" + task}. */
    Set<String> tasks();

    /**
     * Builds one raw copy of {@code task} (without the agent-id wrapper).
     *
     * @param options task options such as {@code strictHistory=true}; unknown keys must be rejected
     */
    MultiAgentEnv make(String task, Map<String, String> options);
}
