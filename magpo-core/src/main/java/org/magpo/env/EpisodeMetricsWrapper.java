package org.magpo.env;

/**
 * Tracks the running episode return and length the way Mava's {@code RecordEpisodeMetrics} does:
 * return = sum over steps of the mean over agents of the reward. After a LAST step
 * {@link #episodeReturn()} and {@link #episodeLength()} hold the finished episode's values until
 * the next reset.
 */
public final class EpisodeMetricsWrapper implements MultiAgentEnv {
    private final MultiAgentEnv inner;
    private double episodeReturn;
    private int episodeLength;

    public EpisodeMetricsWrapper(MultiAgentEnv inner) {
        this.inner = inner;
    }

    @Override
    public EnvSpec spec() {
        return inner.spec();
    }

    @Override
    public void reset(long seed, TimeStep out) {
        inner.reset(seed, out);
        episodeReturn = 0;
        episodeLength = 0;
    }

    @Override
    public void step(int[] actions, TimeStep out) {
        inner.step(actions, out);
        record(out);
    }

    @Override
    public void step(float[] actions, TimeStep out) {
        inner.step(actions, out);
        record(out);
    }

    /** Return of the current (or just finished) episode: sum over steps of the agent-mean reward. */
    public double episodeReturn() {
        return episodeReturn;
    }

    /** Steps taken in the current (or just finished) episode. */
    public int episodeLength() {
        return episodeLength;
    }

    private void record(TimeStep out) {
        double sum = 0;
        for (float r : out.reward) {
            sum += r;
        }
        episodeReturn += sum / out.reward.length;
        episodeLength++;
    }
}
