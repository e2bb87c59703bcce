package org.magpo.envs.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;
import org.magpo.envs.golden.GoldenAdapter;

/**
 * Replays {@code connector_cases.json} on two copies of the case's board: one with the vector
 * observation and Mava's team reward, one with the grid observation and per-agent rewards. Both
 * must reproduce the board, positions, connections, rewards, discounts, step types, masks, step
 * counts and extras; each checks its own observation and global state. Actions the mask forbids
 * (the cases test invalid moves on purpose) go through {@link ConnectorEnv#stepIgnoringMask}.
 */
public final class ConnectorGoldenAdapter implements GoldenAdapter {

    @Override
    public String family() {
        return "connector";
    }

    @Override
    public void run(JsonNode file, JsonNode goldenCase) {
        double tol = file.path("tolerance").asDouble(1e-6);
        String name = goldenCase.get("name").asText();
        int g = goldenCase.get("grid_size").asInt();
        int n = goldenCase.get("num_agents").asInt();
        int limit = goldenCase.get("time_limit").asInt();
        ConnectorEnv vector = new ConnectorEnv(new ConnectorConfig("connector:golden", g, n, limit, ConnectorObservation.VECTOR, true));
        ConnectorEnv grid = new ConnectorEnv(new ConnectorConfig("connector:golden", g, n, limit, ConnectorObservation.GRID, false));
        TimeStep vts = new TimeStep(vector.spec());
        TimeStep gts = new TimeStep(grid.spec());

        JsonNode initial = goldenCase.get("initial");
        int[] board = ints(initial.get("grid"));
        int[] positions = new int[n];
        int[] targets = new int[n];
        int[] starts = new int[n];
        for (JsonNode agent : initial.get("agents")) {
            int k = agent.get("id").asInt();
            positions[k] = cell(agent.get("position"), g);
            targets[k] = cell(agent.get("target"), g);
            starts[k] = cell(agent.get("start"), g);
        }
        int steps0 = initial.get("step_count").asInt();
        vector.loadState(board, positions, targets, starts, steps0, vts);
        grid.loadState(board, positions, targets, starts, steps0, gts);
        checkMask(name + " initial", initial.get("action_mask"), vts);
        checkMask(name + " initial (grid copy)", initial.get("action_mask"), gts);
        checkViews(name + " initial", initial, vts, gts, n, tol);

        int t = 0;
        for (JsonNode step : goldenCase.get("steps")) {
            String where = name + " step " + ++t;
            int[] actions = ints(step.get("actions"));
            apply(vector, actions, vts);
            apply(grid, actions, gts);
            for (ConnectorEnv env : new ConnectorEnv[] {vector, grid}) {
                String w = where + (env == grid ? " (grid copy)" : "");
                TimeStep ts = env == grid ? gts : vts;
                int[] actual = new int[g * g];
                env.board(actual);
                assertArrayEquals(w + " grid", ints(step.get("grid")), actual);
                JsonNode pos = step.get("positions");
                JsonNode connected = step.get("connected");
                for (int k = 0; k < n; k++) {
                    assertEquals(cell(pos.get(k), g), env.position(k), w + " position of agent " + k);
                    assertEquals(connected.get(k).asInt() != 0, env.connected(k), w + " connected of agent " + k);
                }
                assertEquals(step.get("step_count").asInt(), ts.stepCount, w + " step_count");
                assertEquals(StepType.valueOf(step.get("step_type").asText()), ts.stepType, w + " step_type");
                double[] discount = doubles(step.get("discount"));
                for (int k = 0; k < n; k++) {
                    assertEquals(discount[k], ts.discount[k], tol, w + " discount of agent " + k);
                }
                checkMask(w, step.get("action_mask"), ts);
                JsonNode extras = step.get("extras");
                if (extras != null) {
                    assertEquals(extras.get("num_connections").asDouble(), env.numConnections(), tol, w + " num_connections");
                    assertEquals(extras.get("ratio_connections").asDouble(), env.ratioConnections(), tol, w + " ratio_connections");
                    assertEquals(extras.get("total_path_length").asDouble(), env.totalPathLength(), tol, w + " total_path_length");
                }
            }
            double[] reward = doubles(step.get("reward"));
            double team = step.get("team_reward_mava").asDouble();
            for (int k = 0; k < n; k++) {
                assertEquals(reward[k], gts.reward[k], tol, where + " per-agent reward of agent " + k);
                assertEquals(team, vts.reward[k], tol, where + " Mava team reward seen by agent " + k);
            }
            checkViews(where, step, vts, gts, n, tol);
        }
    }

    private static void apply(ConnectorEnv env, int[] actions, TimeStep ts) {
        boolean legal = true;
        for (int k = 0; k < actions.length; k++) {
            legal &= ts.actionMask[k * GridCodes.NUM_ACTIONS + actions[k]];
        }
        if (legal) {
            env.step(actions, ts);
        } else {
            env.stepIgnoringMask(actions, ts);
        }
    }

    private static void checkViews(String where, JsonNode node, TimeStep vts, TimeStep gts, int n, double tol) {
        JsonNode vector = node.get("mava_vector_agents_view");
        if (vector != null) {
            double[] expected = doubles(vector);
            assertFloats(where + " vector agents_view", expected, vts.obs, tol);
            assertFloats(where + " vector global state", expected, vts.state, tol);
        }
        JsonNode gridView = node.get("mava_grid_agents_view");
        if (gridView != null) {
            double[] expected = doubles(gridView);
            assertFloats(where + " grid agents_view", expected, gts.obs, tol);
            int cells = gts.state.length / ConnectorViews.STATE_CHANNELS;
            double[] state = new double[gts.state.length];
            for (int c = 0; c < cells; c++) {
                for (int ch = 0; ch < ConnectorViews.STATE_CHANNELS; ch++) {
                    state[c * ConnectorViews.STATE_CHANNELS + ch] = expected[c * ConnectorViews.GRID_CHANNELS + ch];
                }
            }
            assertFloats(where + " grid global state (agent 0 channels 0..2)", state, gts.state, tol);
        }
    }

    private static void checkMask(String where, JsonNode expected, TimeStep ts) {
        int[] mask = ints(expected);
        assertEquals(mask.length, ts.actionMask.length, where + " action_mask length");
        for (int i = 0; i < mask.length; i++) {
            assertEquals(mask[i] != 0, ts.actionMask[i], where + " action_mask of agent " + i / GridCodes.NUM_ACTIONS
                    + " action " + i % GridCodes.NUM_ACTIONS);
        }
    }

    private static void assertFloats(String what, double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    private static void assertArrayEquals(String what, int[] expected, int[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], what + " cell " + i);
        }
    }

    private static int cell(JsonNode rowCol, int g) {
        return rowCol.get(0).asInt() * g + rowCol.get(1).asInt();
    }

    static double[] doubles(JsonNode node) {
        List<Double> values = new ArrayList<>();
        collect(node, values);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    static int[] ints(JsonNode node) {
        double[] d = doubles(node);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    private static void collect(JsonNode node, List<Double> values) {
        if (node.isArray()) {
            for (JsonNode c : node) {
                collect(c, values);
            }
        } else {
            values.add(node.asDouble());
        }
    }
}
