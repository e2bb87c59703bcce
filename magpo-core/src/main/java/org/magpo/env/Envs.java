package org.magpo.env;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Registry of tasks by id, {@code "family:task"} (for example {@code "coordsum:3x30-50"},
 * {@code "rware:tiny-2ag"}). Providers are discovered with {@link ServiceLoader}. Ids of the MAGPO
 * benchmark that no provider implements yet fail with a message listing what exists.
 */
public final class Envs {

    /** Every task id of the MAGPO evaluation (43), in TASKS.md order; the matrix games are extra sanity tasks, not listed. */
    public static final List<String> BENCHMARK_TASKS = List.of(
            "rware:tiny-2ag", "rware:tiny-4ag", "rware:tiny-2ag-hard", "rware:tiny-4ag-hard", "rware:small-4ag",
            "rware:small-4ag-hard", "rware:medium-4ag", "rware:medium-4ag-hard", "rware:medium-6ag",
            "rware:large-4ag", "rware:large-4ag-hard", "rware:large-8ag", "rware:large-8ag-hard",
            "rware:xlarge-4ag", "rware:xlarge-4ag-hard",
            "lbf:2s-8x8-2p-2f-coop", "lbf:8x8-2p-2f-coop", "lbf:2s-10x10-3p-3f", "lbf:10x10-3p-3f",
            "lbf:15x15-3p-5f", "lbf:15x15-4p-3f", "lbf:15x15-4p-5f",
            "mpe:simple_spread_3ag", "mpe:simple_spread_5ag", "mpe:simple_spread_10ag",
            "smax:2s3z", "smax:3s5z", "smax:5m_vs_6m", "smax:3s_vs_5z", "smax:10m_vs_11m", "smax:27m_vs_30m",
            "smax:3s5z_vs_3s6z", "smax:6h_vs_8z", "smax:smacv2_5_units", "smax:smacv2_10_units",
            "connector:con-5x5x3a", "connector:con-7x7x5a", "connector:con-10x10x10a", "connector:con-15x15x23a",
            "coordsum:3x10-30", "coordsum:3x30-50", "coordsum:5x20-80", "coordsum:8x15-100");

    private static volatile Map<String, EnvProvider> providers;

    private Envs() {
    }

    /** Makes task {@code id} with default options, wrapped with the one-hot agent id (as Mava does). */
    public static MultiAgentEnv make(String id) {
        return make(id, Map.of(), true);
    }

    /**
     * Makes task {@code id}.
     *
     * @param options     task options (see each environment's documentation)
     * @param withAgentId prepend the one-hot agent id to observations ({@link AgentIdWrapper})
     */
    public static MultiAgentEnv make(String id, Map<String, String> options, boolean withAgentId) {
        if (id == null || !id.contains(":")) {
            throw new IllegalArgumentException("env id must look like 'family:task' (e.g. 'coordsum:3x30-50'), got '"
                    + id + "'; available: " + available());
        }
        String family = id.substring(0, id.indexOf(':'));
        String task = id.substring(id.indexOf(':') + 1);
        EnvProvider provider = providers().get(family);
        if (provider == null || !provider.tasks().contains(task)) {
            String reason = BENCHMARK_TASKS.contains(id) ? "is a benchmark task not implemented yet" : "is unknown";
            throw new IllegalArgumentException("env id '" + id + "' " + reason + "; available: " + available());
        }
        MultiAgentEnv env = provider.make(task, options == null ? Map.of() : options);
        return withAgentId ? new AgentIdWrapper(env) : env;
    }

    /** Every id some provider on the class path implements, sorted. */
    public static List<String> available() {
        TreeSet<String> ids = new TreeSet<>();
        for (EnvProvider p : providers().values()) {
            for (String t : p.tasks()) {
                ids.add(p.family() + ":" + t);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(ids));
    }

    private static Map<String, EnvProvider> providers() {
        Map<String, EnvProvider> m = providers;
        if (m == null) {
            synchronized (Envs.class) {
                m = providers;
                if (m == null) {
                    m = new LinkedHashMap<>();
                    for (EnvProvider p : ServiceLoader.load(EnvProvider.class)) {
                        EnvProvider previous = m.putIfAbsent(p.family(), p);
                        if (previous != null) {
                            throw new IllegalStateException("two providers register env family '" + p.family() + "': "
                                    + previous.getClass().getName() + " and " + p.getClass().getName());
                        }
                    }
                    providers = m;
                }
            }
        }
        return m;
    }
}
