package org.magpo.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WrappersTest {

    @Test
    void agentIdWrapperPrependsOneHotIds() {
        AgentIdWrapper env = new AgentIdWrapper(new ScriptedEnv(5));
        assertEquals(3, env.spec().obsDim());
        TimeStep ts = new TimeStep(env.spec());
        env.reset(3, ts);
        assertArrayEquals(new float[] {1, 0, 3, 0, 1, 13}, ts.obs);
        env.step(new int[] {1, 0}, ts);
        assertArrayEquals(new float[] {1, 0, 4, 0, 1, 14}, ts.obs);
        assertArrayEquals(new float[] {1, 0}, ts.reward);
        assertEquals(1, ts.stepCount);
        assertEquals(1f, ts.state[0]);
    }

    @Test
    void agentIdWrapperKeepsTheInnerValidation() {
        AgentIdWrapper env = new AgentIdWrapper(new ScriptedEnv(5));
        TimeStep ts = new TimeStep(env.spec());
        env.reset(3, ts);
        assertThrows(IllegalArgumentException.class, () -> env.step(new int[] {0, 2}, ts));
    }

    @Test
    void rewardAggregationGivesEveryAgentTheTeamSumOrMean() {
        RewardAggregationWrapper sum = new RewardAggregationWrapper(new ScriptedEnv(5), RewardAggregationWrapper.Mode.SUM);
        TimeStep ts = new TimeStep(sum.spec());
        sum.reset(0, ts);
        sum.step(new int[] {2, 1}, ts);
        assertArrayEquals(new float[] {3, 3}, ts.reward);
        RewardAggregationWrapper mean = new RewardAggregationWrapper(new ScriptedEnv(5),
                RewardAggregationWrapper.Mode.MEAN);
        mean.reset(0, ts);
        mean.step(new int[] {2, 1}, ts);
        assertArrayEquals(new float[] {1.5f, 1.5f}, ts.reward);
        assertThrows(IllegalArgumentException.class, () -> new RewardAggregationWrapper(new ScriptedEnv(5), null));
    }

    @Test
    void episodeMetricsSumTheAgentMeanRewardOverSteps() {
        EpisodeMetricsWrapper env = new EpisodeMetricsWrapper(new ScriptedEnv(3));
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        env.step(new int[] {2, 1}, ts);
        env.step(new int[] {1, 0}, ts);
        env.step(new int[] {2, 0}, ts);
        assertEquals(StepType.LAST, ts.stepType);
        assertEquals(1.5 + 0.5 + 1.0, env.episodeReturn(), 1e-12);
        assertEquals(3, env.episodeLength());
        env.reset(1, ts);
        assertEquals(0.0, env.episodeReturn());
        assertEquals(0, env.episodeLength());
    }

    @Test
    void wrappersCompose() {
        MultiAgentEnv env = new EpisodeMetricsWrapper(new AgentIdWrapper(
                new RewardAggregationWrapper(new ScriptedEnv(4), RewardAggregationWrapper.Mode.SUM)));
        TimeStep ts = new TimeStep(env.spec());
        env.reset(0, ts);
        env.step(new int[] {2, 1}, ts);
        assertArrayEquals(new float[] {3, 3}, ts.reward);
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 11}, ts.obs);
        assertEquals(3.0, ((EpisodeMetricsWrapper) env).episodeReturn(), 1e-12);
    }
}
