package org.magpo.envs.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.magpo.env.StepType;
import org.magpo.env.TimeStep;
import org.magpo.envs.coordsum.CoordSumConfig;
import org.magpo.envs.coordsum.CoordSumEnv;

/**
 * Replays {@code coordsum_cases.json}: builds the env from the case's N, K, M, T, loads its targets
 * and checks every recorded field (exact) after every step.
 */
public final class CoordSumGoldenAdapter implements GoldenAdapter {

    @Override
    public String family() {
        return "coordsum";
    }

    @Override
    public void run(JsonNode file, JsonNode c) {
        String name = c.get("name").asText();
        CoordSumConfig config = new CoordSumConfig(c.get("num_agents").asInt(), c.get("num_actions").asInt(),
                c.get("maxval").asInt(), c.get("time_limit").asInt(), false);
        CoordSumEnv env = new CoordSumEnv("coordsum:golden", config);
        TimeStep ts = new TimeStep(env.spec());
        int[] targets = ints(c.get("targets"));
        env.resetWithTargets(targets, ts);
        int n = config.numAgents();
        assertEquals(StepType.FIRST, ts.stepType, name + " initial step_type");
        for (int i = 0; i < n; i++) {
            assertEquals(c.get("initial_obs_target").asInt(), (int) ts.obs[i], name + " initial obs of agent " + i);
        }
        double returnSum = 0;
        int k = 0;
        for (JsonNode s : c.get("steps")) {
            String at = name + " step " + k + " ";
            assertEquals(s.get("t").asInt(), env.stepIndex(), at + "t");
            int target = s.get("target").asInt();
            assertEquals(target, env.currentTarget(), at + "target");
            int row = config.historyRow(target);
            assertEquals(s.get("record_row").asInt(), row, at + "record_row");
            assertEquals(s.get("guess_before").asInt(), env.guess(row), at + "guess_before");
            env.step(ints(s.get("actions")), ts);
            float reward = (float) s.get("reward").asDouble();
            for (int i = 0; i < n; i++) {
                assertEquals(reward, ts.reward[i], at + "reward of agent " + i);
                assertEquals(s.get("next_obs_target").asInt(), (int) ts.obs[i], at + "next_obs_target of agent " + i);
                assertEquals((float) s.get("discount").asDouble(), ts.discount[i], at + "discount of agent " + i);
                assertEquals(ts.obs[i], ts.state[i], at + "global state entry " + i);
            }
            assertEquals(s.get("step_count_after").asInt(), ts.stepCount, at + "step_count_after");
            assertEquals(StepType.valueOf(s.get("step_type").asText()), ts.stepType, at + "step_type");
            returnSum += ts.reward[0];
            k++;
        }
        assertEquals(c.get("return_sum").asDouble(), returnSum, 0.0, name + " return_sum");
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
