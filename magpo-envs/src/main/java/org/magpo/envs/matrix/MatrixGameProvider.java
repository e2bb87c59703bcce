package org.magpo.envs.matrix;

import java.util.Map;
import java.util.Set;
import org.magpo.env.EnvProvider;
import org.magpo.env.MultiAgentEnv;

/**
 * Registers the matrix games as {@code matrix:climbing} and {@code matrix:penalty-k} for k in
 * 0, 25, 50, 75, 100 (Matrax's {@code Climbing-stateless-v0}, {@code Penalty-k-stateless-v0}).
 *
 * <p>Options: {@code stateful=true|false} (default false), {@code timeLimit=<steps>} (default 500).
 */
public final class MatrixGameProvider implements EnvProvider {
    public static final String FAMILY = "matrix";

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public Set<String> tasks() {
        return MatrixGameConfig.TASKS.keySet();
    }

    @Override
    public MultiAgentEnv make(String task, Map<String, String> options) {
        MatrixGameConfig config = MatrixGameConfig.TASKS.get(task);
        if (config == null) {
            throw new IllegalArgumentException("unknown matrix game '" + task + "'; expected one of " + tasks());
        }
        for (Map.Entry<String, String> e : options.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "stateful" -> {
                    if (!"true".equals(v) && !"false".equals(v)) {
                        throw new IllegalArgumentException("matrix option stateful must be true or false, got '" + v + "'");
                    }
                    config = config.withStateful(Boolean.parseBoolean(v));
                }
                case "timeLimit" -> {
                    try {
                        config = config.withTimeLimit(Integer.parseInt(v));
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("matrix option timeLimit must be a positive integer, got '"
                                + v + "'", ex);
                    }
                }
                default -> throw new IllegalArgumentException("unknown matrix option '" + e.getKey()
                        + "'; expected stateful or timeLimit");
            }
        }
        return new MatrixGameEnv(FAMILY + ":" + task, config);
    }
}
