package org.magpo.examples;

import java.util.Map;
import java.util.Set;
import org.magpo.env.EnvProvider;
import org.magpo.env.MultiAgentEnv;

/**
 * Registers {@link Rendezvous} with the {@link org.magpo.env.Envs} registry as family
 * {@code rendezvous}, the snippet of docs/adding-an-environment.md. Listed in
 * {@code src/test/resources/META-INF/services/org.magpo.env.EnvProvider} (test tree only, so that the
 * example game does not show up among the library's tasks).
 */
public final class RendezvousProvider implements EnvProvider {

    @Override
    public String family() {
        return "rendezvous";
    }

    @Override
    public Set<String> tasks() {
        return Set.of("line5-2ag", "line8-3ag");
    }

    @Override
    public MultiAgentEnv make(String task, Map<String, String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("rendezvous tasks take no options, got " + options.keySet());
        }
        return switch (task) {
            case "line5-2ag" -> new Rendezvous(5, 2, 4);
            case "line8-3ag" -> new Rendezvous(8, 3, 20);
            default -> throw new IllegalArgumentException("unknown rendezvous task '" + task + "'; tasks: " + tasks());
        };
    }
}
