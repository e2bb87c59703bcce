package org.magpo.env;

/**
 * A cooperative multi-agent environment with simultaneous actions: the contract the trainer drives.
 *
 * <p>Implementations write into caller-provided {@link TimeStep} buffers shaped for {@link #spec()},
 * so stepping allocates nothing. Users normally extend {@link AbstractMultiAgentEnv}, which validates
 * every action before the environment sees it. Randomness comes only from the seed given to
 * {@link #reset(long, TimeStep)}, so an episode is a pure function of its seed and actions.
 */
public interface MultiAgentEnv {

    /** Shapes, action space and time limit of this task. */
    EnvSpec spec();

    /**
     * Starts a new episode drawn from {@code seed} and writes its FIRST step into {@code out}.
     *
     * @param out buffer shaped for {@link #spec()}
     */
    void reset(long seed, TimeStep out);

    /**
     * Applies one joint discrete action.
     *
     * @param actions {@code int[N]}, each in {@code [0, A)} and legal under the current action mask
     * @param out     buffer shaped for {@link #spec()}; receives the resulting MID or LAST step
     * @throws IllegalArgumentException for a wrong length, an out-of-range or a masked action
     * @throws IllegalStateException    when the episode already ended (reset first)
     */
    void step(int[] actions, TimeStep out);

    /**
     * Applies one joint continuous action.
     *
     * @param actions {@code float[N * dims]}, agent-major, every value finite
     * @param out     buffer shaped for {@link #spec()}
     */
    void step(float[] actions, TimeStep out);
}
