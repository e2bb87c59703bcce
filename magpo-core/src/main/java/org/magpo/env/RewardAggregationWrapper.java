package org.magpo.env;

/**
 * Replaces every agent's reward by the team sum or the team mean of the per-agent rewards
 * (Mava's {@code aggregate_rewards}), so that all agents optimise one shared objective.
 */
public final class RewardAggregationWrapper implements MultiAgentEnv {

    /** How the per-agent rewards are combined. */
    public enum Mode { SUM, MEAN }

    private final MultiAgentEnv inner;
    private final Mode mode;

    public RewardAggregationWrapper(MultiAgentEnv inner, Mode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("RewardAggregationWrapper.mode must be SUM or MEAN");
        }
        this.inner = inner;
        this.mode = mode;
    }

    @Override
    public EnvSpec spec() {
        return inner.spec();
    }

    @Override
    public void reset(long seed, TimeStep out) {
        inner.reset(seed, out);
    }

    @Override
    public void step(int[] actions, TimeStep out) {
        inner.step(actions, out);
        aggregate(out.reward);
    }

    @Override
    public void step(float[] actions, TimeStep out) {
        inner.step(actions, out);
        aggregate(out.reward);
    }

    private void aggregate(float[] reward) {
        float sum = 0f;
        for (float r : reward) {
            sum += r;
        }
        float v = mode == Mode.SUM ? sum : sum / reward.length;
        java.util.Arrays.fill(reward, v);
    }
}
