package org.magpo.envs.lbf;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.magpo.env.EnvProvider;
import org.magpo.env.MultiAgentEnv;

/**
 * Registers the seven LBF tasks of the MAGPO evaluation as {@code lbf:<task>}. A task name encodes its
 * parameters, {@code [<fov>s-]<G>x<G>-<N>p-<M>f[-coop]}; the rest is fixed as in Mava's scenarios
 * (max agent level 2, time limit 100, fov = G when no {@code s} prefix). {@link #make} also accepts
 * other well-formed names; {@link #tasks()} lists the benchmark ones.
 *
 * <p>Options (all optional): {@code agentRowBan=true|false} (Jumanji's agent-placement quirk, default
 * true), {@code teamReward=true|false} (Mava's summed team reward, default true),
 * {@code timeLimit=<int >= 1>} (default 100).
 */
public final class LbfEnvProvider implements EnvProvider {

    /** The LBF tasks of TASKS.md, in its order. */
    public static final List<String> TASKS = List.of("2s-8x8-2p-2f-coop", "8x8-2p-2f-coop", "2s-10x10-3p-3f",
            "10x10-3p-3f", "15x15-3p-5f", "15x15-4p-3f", "15x15-4p-5f");

    static final int DEFAULT_TIME_LIMIT = 100;
    static final int MAX_AGENT_LEVEL = 2;
    private static final Pattern NAME = Pattern.compile("(?:(\\d{1,4})s-)?(\\d{1,4})x(\\d{1,4})-(\\d{1,4})p-(\\d{1,4})f(-coop)?");
    private static final Set<String> OPTIONS = Set.of("agentRowBan", "teamReward", "timeLimit");

    @Override
    public String family() {
        return "lbf";
    }

    @Override
    public Set<String> tasks() {
        return new LinkedHashSet<>(TASKS);
    }

    @Override
    public MultiAgentEnv make(String task, Map<String, String> options) {
        LbfConfig config = parse(task);
        Map<String, String> opts = options == null ? Map.of() : options;
        for (String key : opts.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("lbf:" + task + ": unknown option '" + key + "'; allowed: "
                        + "agentRowBan=true|false, teamReward=true|false, timeLimit=<int >= 1>");
            }
        }
        if (opts.containsKey("agentRowBan")) {
            config = config.withAgentRowBan(parseBoolean(task, "agentRowBan", opts.get("agentRowBan")));
        }
        if (opts.containsKey("teamReward")) {
            config = config.withTeamReward(parseBoolean(task, "teamReward", opts.get("teamReward")));
        }
        if (opts.containsKey("timeLimit")) {
            config = config.withTimeLimit(parseInt(task, "timeLimit", opts.get("timeLimit")));
        }
        return new LbfEnv("lbf:" + task, config);
    }

    /**
     * The configuration a task name stands for, with the default options.
     *
     * @throws IllegalArgumentException for a name that does not follow the pattern or names an impossible task
     */
    public static LbfConfig parse(String task) {
        Matcher mt = task == null ? null : NAME.matcher(task);
        if (mt == null || !mt.matches()) {
            throw new IllegalArgumentException("LBF task name '" + task + "' is malformed; expected"
                    + " [<fov>s-]<G>x<G>-<N>p-<M>f[-coop], e.g. 2s-8x8-2p-2f-coop or 15x15-4p-5f; benchmark tasks: "
                    + TASKS);
        }
        int rows = Integer.parseInt(mt.group(2));
        int cols = Integer.parseInt(mt.group(3));
        if (rows != cols) {
            throw new IllegalArgumentException("LBF task name '" + task + "': grids are square, got " + rows + "x"
                    + cols);
        }
        int fov = mt.group(1) == null ? rows : Integer.parseInt(mt.group(1));
        int agents = Integer.parseInt(mt.group(4));
        int foods = Integer.parseInt(mt.group(5));
        boolean coop = mt.group(6) != null;
        return new LbfConfig(rows, fov, agents, foods, MAX_AGENT_LEVEL, coop, DEFAULT_TIME_LIMIT, true, true);
    }

    private static boolean parseBoolean(String task, String key, String value) {
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new IllegalArgumentException("lbf:" + task + ": option " + key + " must be true or false, got '"
                + value + "'");
    }

    private static int parseInt(String task, String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lbf:" + task + ": option " + key + " must be an integer >= 1, got '"
                    + value + "'", e);
        }
    }
}
