package org.magpo.envs.mpe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;
import org.magpo.envs.golden.GoldenAdapter;

/**
 * Replays {@code mpe_cases.json}: loads each case's explicit positions, velocities and step counter
 * into a {@link SimpleSpreadEnv}, applies the continuous actions and compares positions, velocities,
 * per-agent rewards, observations (without the agent id), done and the step counter to the file's
 * tolerance.
 */
public final class MpeGoldenAdapter implements GoldenAdapter {

    @Override
    public String family() {
        return "mpe";
    }

    @Override
    public void run(JsonNode file, JsonNode goldenCase) {
        double tol = file.path("tolerance").asDouble(1e-5);
        String name = goldenCase.get("name").asText();
        int n = goldenCase.get("num_agents").asInt();
        int l = goldenCase.get("num_landmarks").asInt();
        SimpleSpreadEnv env = new SimpleSpreadEnv(
                new SimpleSpreadConfig("mpe:golden", n, l, 0.5, MpeActionType.CONTINUOUS));
        TimeStep ts = new TimeStep(env.spec());
        JsonNode initial = goldenCase.get("initial");
        env.loadState(flatten(initial.get("p_pos")), flatten(initial.get("p_vel")), initial.get("step").asInt(), ts);
        compare(name + " initial obs", flatten(initial.get("obs")), ts.obs, tol);

        double[] pos = new double[2 * (n + l)];
        double[] vel = new double[2 * n];
        float[] actions = new float[n * SimpleSpreadEnv.ACTION_SIZE];
        int k = 0;
        for (JsonNode step : goldenCase.get("steps")) {
            String where = name + " step " + k++;
            double[] a = flatten(step.get("actions"));
            for (int c = 0; c < a.length; c++) {
                actions[c] = (float) a[c];
            }
            env.step(actions, ts);
            env.positions(pos);
            env.velocities(vel);
            compare(where + " p_pos", flatten(step.get("p_pos")), pos, tol);
            double[] expectedVel = flatten(step.get("p_vel"));
            compare(where + " p_vel", Arrays.copyOf(expectedVel, 2 * n), vel, tol);
            compare(where + " rewards", flatten(step.get("rewards")), ts.reward, tol);
            compare(where + " obs", flatten(step.get("obs")), ts.obs, tol);
            boolean done = step.get("done").asBoolean();
            assertEquals(done ? StepType.LAST : StepType.MID, ts.stepType, where + " step_type (done=" + done + ")");
            for (int i = 0; i < n; i++) {
                assertEquals(done ? 0f : 1f, ts.discount[i], where + " discount of agent " + i);
            }
            assertEquals(step.get("step_after").asInt(), env.stepCounter(), where + " step_after");
            assertEquals(step.get("step_after").asInt(), ts.stepCount, where + " TimeStep.stepCount");
        }
    }

    static double[] flatten(JsonNode node) {
        List<Double> values = new ArrayList<>();
        collect(node, values);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
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

    private static void compare(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    private static void compare(String what, double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }
}
