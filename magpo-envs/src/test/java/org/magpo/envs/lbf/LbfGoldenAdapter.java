package org.magpo.envs.lbf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import org.magpo.env.AgentIdWrapper;
import org.magpo.env.EnvSpec;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.TimeStep;
import org.magpo.envs.golden.GoldenAdapter;

/**
 * Replays the cases of {@code lbf_cases.json}: loads {@code initial_state} into an {@link LbfEnv}, applies
 * every joint action with Jumanji's semantics ({@link LbfEnv#stepIgnoringMask}, the cases contain masked
 * moves on purpose) through the real {@link AgentIdWrapper}, and compares every field of every step.
 * Unknown fields fail the case, so that new expectations are never ignored silently.
 */
public final class LbfGoldenAdapter implements GoldenAdapter {

    /** Rewards are float32 in Jumanji; lbf_cases.json asks for 1e-6, everything else exact. */
    private static final double REWARD_TOL = 1e-6;
    private static final Set<String> STEP_FIELDS = Set.of("t", "actions", "reward", "reward_exact", "mava_reward",
            "mava_reward_exact", "discount", "step_type", "terminated", "truncated", "eaten_this_step", "state_after",
            "agents_view", "action_mask", "mava_agents_view", "step_count");
    private static final Set<String> INITIAL_FIELDS = Set.of("agents_view", "action_mask", "mava_agents_view",
            "step_count", "step_type");

    @Override
    public String family() {
        return "lbf";
    }

    @Override
    public void run(JsonNode file, JsonNode goldenCase) {
        String name = goldenCase.get("name").asText();
        JsonNode p = goldenCase.get("params");
        if (!p.get("normalize_reward").asBoolean() || p.get("penalty").asDouble() != 0.0) {
            fail(name + ": only normalize_reward=true and penalty=0 (MAGPO's settings) are implemented, got " + p);
        }
        LbfConfig config = new LbfConfig(p.get("grid_size").asInt(), p.get("fov").asInt(), p.get("num_agents").asInt(),
                p.get("num_food").asInt(), p.get("max_agent_level").asInt(), p.get("force_coop").asBoolean(),
                p.get("time_limit").asInt(), true, true);
        int n = config.numAgents();
        LbfEnv env = new LbfEnv("lbf:golden-" + name, config);
        Replay replay = new Replay(env, initialState(goldenCase.get("initial_state"), n, config.numFood()));
        MultiAgentEnv mava = new AgentIdWrapper(replay);
        TimeStep ts = new TimeStep(mava.spec());

        JsonNode derived = goldenCase.get("derived");
        assertEquals(derived.get("obs_size").asInt(), config.obsDim(), name + ": obs_size");
        assertEquals(derived.get("mava_obs_size").asInt(), mava.spec().obsDim(), name + ": mava_obs_size");

        mava.reset(0L, ts);
        assertEquals(derived.get("total_food_level").asInt(), env.totalFoodLevel(), name + ": total_food_level");
        JsonNode initial = goldenCase.get("initial");
        requireKnownFields(name + " initial", initial, INITIAL_FIELDS);
        String where = name + " initial";
        checkViews(where, initial, ts, n, config.obsDim());
        assertEquals(initial.get("step_count").asInt(), ts.stepCount, where + ": step_count");
        assertEquals(initial.get("step_type").asText(), ts.stepType.name(), where + ": step_type");

        for (JsonNode step : goldenCase.get("steps")) {
            requireKnownFields(name + " step " + step.get("t"), step, STEP_FIELDS);
            where = name + " step t=" + step.get("t").asInt();
            int[] actions = ints(step.get("actions"));
            mava.step(actions, ts);
            for (int i = 0; i < n; i++) {
                double expected = step.get("reward").get(i).asDouble();
                assertEquals(expected, env.agentReward(i), REWARD_TOL, where + ": reward[" + i + "]");
                assertEquals(fraction(step.get("reward_exact").get(i).asText()), env.agentReward(i), REWARD_TOL,
                        where + ": reward_exact[" + i + "]");
                assertEquals(step.get("mava_reward").get(i).asDouble(), ts.reward[i], REWARD_TOL,
                        where + ": mava_reward[" + i + "]");
                assertEquals(fraction(step.get("mava_reward_exact").asText()), ts.reward[i], REWARD_TOL,
                        where + ": mava_reward_exact (agent " + i + ")");
                assertEquals(step.get("discount").get(i).asDouble(), ts.discount[i], 0.0, where + ": discount[" + i + "]");
            }
            assertEquals(step.get("step_type").asText(), ts.stepType.name(), where + ": step_type");
            assertEquals(step.get("terminated").asBoolean(), ts.terminated, where + ": terminated");
            assertEquals(step.get("truncated").asBoolean(), ts.truncated, where + ": truncated");
            assertEquals(step.get("step_count").asInt(), ts.stepCount, where + ": step_count");
            for (int f = 0; f < config.numFood(); f++) {
                assertEquals(step.get("eaten_this_step").get(f).asBoolean(), env.foodEatenThisStep(f),
                        where + ": eaten_this_step[" + f + "]");
            }
            checkState(where, step.get("state_after"), env.state());
            checkViews(where, step, ts, n, config.obsDim());
        }
    }

    private static void checkViews(String where, JsonNode expected, TimeStep ts, int n, int obsDim) {
        int dim = n + obsDim;
        for (int i = 0; i < n; i++) {
            JsonNode view = expected.get("agents_view").get(i);
            assertEquals(obsDim, view.size(), where + ": agents_view[" + i + "] length");
            for (int k = 0; k < obsDim; k++) {
                assertEquals(view.get(k).asInt(), ts.obs[i * dim + n + k], 0.0,
                        where + ": agents_view[" + i + "][" + k + "]");
            }
            JsonNode mavaView = expected.get("mava_agents_view").get(i);
            assertEquals(dim, mavaView.size(), where + ": mava_agents_view[" + i + "] length");
            for (int k = 0; k < dim; k++) {
                assertEquals(mavaView.get(k).asDouble(), ts.obs[i * dim + k], 0.0,
                        where + ": mava_agents_view[" + i + "][" + k + "]");
            }
            JsonNode mask = expected.get("action_mask").get(i);
            for (int a = 0; a < LbfConfig.NUM_ACTIONS; a++) {
                assertEquals(mask.get(a).asBoolean(), ts.actionMask[i * LbfConfig.NUM_ACTIONS + a],
                        where + ": action_mask[" + i + "][" + a + "]");
            }
        }
    }

    private static void checkState(String where, JsonNode expected, LbfState actual) {
        JsonNode agents = expected.get("agents");
        assertEquals(agents.size(), actual.numAgents(), where + ": number of agents");
        for (int i = 0; i < agents.size(); i++) {
            JsonNode a = agents.get(i);
            String w = where + ": state_after.agents[" + i + "].";
            assertEquals(a.get("row").asInt(), actual.agentRow()[i], w + "row");
            assertEquals(a.get("col").asInt(), actual.agentCol()[i], w + "col");
            assertEquals(a.get("level").asInt(), actual.agentLevel()[i], w + "level");
            assertEquals(a.get("loading").asBoolean(), actual.agentLoading()[i], w + "loading");
        }
        JsonNode foods = expected.get("foods");
        assertEquals(foods.size(), actual.numFood(), where + ": number of foods");
        for (int f = 0; f < foods.size(); f++) {
            JsonNode fd = foods.get(f);
            String w = where + ": state_after.foods[" + f + "].";
            assertEquals(fd.get("row").asInt(), actual.foodRow()[f], w + "row");
            assertEquals(fd.get("col").asInt(), actual.foodCol()[f], w + "col");
            assertEquals(fd.get("level").asInt(), actual.foodLevel()[f], w + "level");
            assertEquals(fd.get("eaten").asBoolean(), actual.foodEaten()[f], w + "eaten");
        }
        assertEquals(expected.get("step_count").asInt(), actual.stepCount(), where + ": state_after.step_count");
    }

    private static LbfState initialState(JsonNode s, int n, int m) {
        JsonNode agents = s.get("agents");
        JsonNode foods = s.get("foods");
        assertEquals(n, agents.size(), "initial_state.agents size");
        assertEquals(m, foods.size(), "initial_state.foods size");
        int[] ar = new int[n];
        int[] ac = new int[n];
        int[] al = new int[n];
        for (int i = 0; i < n; i++) {
            ar[i] = agents.get(i).get("row").asInt();
            ac[i] = agents.get(i).get("col").asInt();
            al[i] = agents.get(i).get("level").asInt();
        }
        int[] fr = new int[m];
        int[] fc = new int[m];
        int[] fl = new int[m];
        boolean[] fe = new boolean[m];
        for (int f = 0; f < m; f++) {
            fr[f] = foods.get(f).get("row").asInt();
            fc[f] = foods.get(f).get("col").asInt();
            fl[f] = foods.get(f).get("level").asInt();
            fe[f] = foods.get(f).get("eaten").asBoolean();
        }
        return new LbfState(ar, ac, al, new boolean[n], fr, fc, fl, fe, s.get("step_count").asInt());
    }

    private static void requireKnownFields(String where, JsonNode node, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            assertTrue(known.contains(field), where + ": unknown golden field '" + field + "'; the LBF adapter checks "
                    + known);
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    /** Parses "p/q" or "p" exactly as a double. */
    private static double fraction(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return Double.parseDouble(s);
        }
        return Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s.substring(slash + 1));
    }

    /**
     * Presents a loaded state as an environment so the real {@link AgentIdWrapper} can wrap it: reset
     * loads the case's start state, step applies actions as Jumanji does (the mask is not enforced).
     */
    private static final class Replay implements MultiAgentEnv {
        private final LbfEnv env;
        private final LbfState start;

        Replay(LbfEnv env, LbfState start) {
            this.env = env;
            this.start = start;
        }

        @Override
        public EnvSpec spec() {
            return env.spec();
        }

        @Override
        public void reset(long seed, TimeStep out) {
            env.loadState(start, out);
        }

        @Override
        public void step(int[] actions, TimeStep out) {
            env.stepIgnoringMask(actions, out);
        }

        @Override
        public void step(float[] actions, TimeStep out) {
            throw new IllegalArgumentException("LBF takes discrete actions");
        }
    }
}
