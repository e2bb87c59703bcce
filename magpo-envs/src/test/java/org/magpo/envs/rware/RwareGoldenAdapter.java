package org.magpo.envs.rware;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;
import org.magpo.envs.golden.GoldenAdapter;

/**
 * Runs the cases of {@code rware_cases.json}: builds the case's layout and explicit state with
 * {@link RwareEnv#load}, checks the initial outputs, then applies each joint action the Jumanji way
 * ({@link RwareEnv#stepTurningMaskedIntoNoop}, since some cases send masked actions on purpose) and compares
 * every field exactly: effective actions, reward and discount (scalar and per agent), step type, collision,
 * horizon, deliveries, the full state after the step (including the agent layer), raw and Mava views, mask
 * and step count.
 */
public final class RwareGoldenAdapter implements GoldenAdapter {

    @Override
    public String family() {
        return "rware";
    }

    @Override
    public void run(JsonNode file, JsonNode goldenCase) {
        String name = goldenCase.get("name").asText();
        JsonNode p = goldenCase.get("params");
        RwareConfig config = new RwareConfig(p.get("shelf_rows").asInt(), p.get("shelf_columns").asInt(),
                p.get("column_height").asInt(), p.get("num_agents").asInt(), p.get("sensor_range").asInt(),
                p.get("request_queue_size").asInt(), p.get("time_limit").asInt());
        RwareEnv env = new RwareEnv("rware:golden-" + name, config, false);
        checkDerived(name, goldenCase.get("derived"), env);
        int n = config.numAgents();

        TimeStep out = new TimeStep(env.spec());
        env.load(state(goldenCase.get("initial_state")), out);
        JsonNode initial = goldenCase.get("initial");
        String where = name + " initial";
        assertEquals(StepType.valueOf(initial.get("step_type").asText()), out.stepType, where + " step_type");
        assertEquals(initial.get("step_count").asInt(), out.stepCount, where + " step_count");
        checkViews(where, initial, out, n, config.obsSize());

        int[] actions = new int[n];
        int[] effective = new int[n];
        for (JsonNode step : goldenCase.get("steps")) {
            where = name + " step t=" + step.get("t").asInt();
            for (int i = 0; i < n; i++) {
                actions[i] = step.get("actions").get(i).asInt();
            }
            env.stepTurningMaskedIntoNoop(actions, out);
            env.effectiveActions(effective);
            for (int i = 0; i < n; i++) {
                assertEquals(step.get("effective_actions").get(i).asInt(), effective[i],
                        where + " effective_actions[" + i + "]");
                assertEquals((float) step.get("mava_reward").get(i).asDouble(), out.reward[i],
                        where + " mava_reward[" + i + "]");
                assertEquals((float) step.get("reward").asDouble(), out.reward[i], where + " reward (agent " + i + ")");
                assertEquals((float) step.get("mava_discount").get(i).asDouble(), out.discount[i],
                        where + " mava_discount[" + i + "]");
                assertEquals((float) step.get("discount").asDouble(), out.discount[i],
                        where + " discount (agent " + i + ")");
            }
            assertEquals(StepType.valueOf(step.get("step_type").asText()), out.stepType, where + " step_type");
            assertEquals(step.get("collision").asBoolean(), env.lastCollision(), where + " collision");
            assertEquals(step.get("horizon_reached").asBoolean(), out.stepCount >= config.timeLimit(),
                    where + " horizon_reached");
            checkDeliveries(where, step.get("deliveries"), env);
            checkStateAfter(where, step.get("state_after"), env);
            assertEquals(step.get("step_count").asInt(), out.stepCount, where + " step_count");
            checkViews(where, step, out, n, config.obsSize());
        }
    }

    private static void checkDerived(String name, JsonNode d, RwareEnv env) {
        RwareLayout layout = env.layout();
        assertEquals(d.get("grid_rows").asInt(), layout.rows(), name + " derived grid_rows");
        assertEquals(d.get("grid_cols").asInt(), layout.cols(), name + " derived grid_cols");
        assertEquals(d.get("num_shelves").asInt(), layout.numShelves(), name + " derived num_shelves");
        JsonNode goals = d.get("goals");
        assertEquals(layout.cell(goals.get(0).get(0).asInt(), goals.get(0).get(1).asInt()), layout.goal0(),
                name + " derived goal0");
        assertEquals(layout.cell(goals.get(1).get(0).asInt(), goals.get(1).get(1).asInt()), layout.goal1(),
                name + " derived goal1");
        assertEquals(d.get("obs_size").asInt(), env.spec().obsDim(), name + " derived obs_size");
        assertEquals(d.get("mava_obs_size").asInt(), env.spec().numAgents() + env.spec().obsDim(),
                name + " derived mava_obs_size");
    }

    static RwareState state(JsonNode s) {
        JsonNode agents = s.get("agents");
        int n = agents.size();
        int[] ar = new int[n];
        int[] ac = new int[n];
        int[] ad = new int[n];
        boolean[] carry = new boolean[n];
        for (int i = 0; i < n; i++) {
            JsonNode a = agents.get(i);
            ar[i] = a.get("row").asInt();
            ac[i] = a.get("col").asInt();
            ad[i] = a.get("dir").asInt();
            carry[i] = a.get("carrying").asInt() != 0;
        }
        JsonNode shelves = s.get("shelf_positions");
        int[] sr = new int[shelves.size()];
        int[] sc = new int[shelves.size()];
        for (int k = 0; k < sr.length; k++) {
            sr[k] = shelves.get(k).get(0).asInt();
            sc[k] = shelves.get(k).get(1).asInt();
        }
        JsonNode q = s.get("request_queue");
        int[] queue = new int[q.size()];
        for (int k = 0; k < queue.length; k++) {
            queue[k] = q.get(k).asInt();
        }
        return new RwareState(ar, ac, ad, carry, sr, sc, queue, s.get("step_count").asInt());
    }

    private static void checkStateAfter(String where, JsonNode expectedNode, RwareEnv env) {
        RwareState expected = state(expectedNode);
        RwareState actual = env.state();
        assertEquals(expected, actual, where + " state_after");
        List<String> want = new ArrayList<>();
        for (JsonNode e : expectedNode.get("agent_layer_nonzero")) {
            want.add(e.get(0).asInt() + "," + e.get(1).asInt() + "=" + e.get(2).asInt());
        }
        List<String> got = new ArrayList<>();
        RwareLayout layout = env.layout();
        for (int r = 0; r < layout.rows(); r++) {
            for (int c = 0; c < layout.cols(); c++) {
                int v = env.agentLayerAt(r, c);
                if (v != 0) {
                    got.add(r + "," + c + "=" + v);
                }
            }
        }
        assertEquals(want, got, where + " state_after.agent_layer_nonzero (row,col=value, row-major)");
    }

    private static void checkDeliveries(String where, JsonNode deliveries, RwareEnv env) {
        assertEquals(deliveries.size(), env.lastDeliveries(), where + " number of deliveries");
        for (JsonNode d : deliveries) {
            int shelf = d.get("shelf").asInt();
            int row = d.get("goal").get(0).asInt();
            int col = d.get("goal").get(1).asInt();
            assertEquals(shelf + 1, env.shelfLayerAt(row, col), where + " delivered shelf on goal (" + row + "," + col
                    + ")");
        }
    }

    private static void checkViews(String where, JsonNode expected, TimeStep out, int n, int obsSize) {
        JsonNode views = expected.get("agents_view");
        JsonNode mava = expected.get("mava_agents_view");
        JsonNode masks = expected.get("action_mask");
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < obsSize; k++) {
                assertEquals((float) views.get(i).get(k).asDouble(), out.obs[i * obsSize + k],
                        where + " agents_view[" + i + "][" + k + "]");
            }
            // Mava's AgentIDWrapper: one-hot id, then the raw view cast to float.
            for (int k = 0; k < n + obsSize; k++) {
                float got = k < n ? (k == i ? 1f : 0f) : out.obs[i * obsSize + k - n];
                assertEquals((float) mava.get(i).get(k).asDouble(), got, where + " mava_agents_view[" + i + "][" + k + "]");
            }
            for (int a = 0; a < RwareEnv.NUM_ACTIONS; a++) {
                assertEquals(masks.get(i).get(a).asBoolean(), out.actionMask[i * RwareEnv.NUM_ACTIONS + a],
                        where + " action_mask[" + i + "][" + a + "]");
            }
        }
    }
}
