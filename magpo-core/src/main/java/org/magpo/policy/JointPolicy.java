package org.magpo.policy;

import org.magpo.dist.ActionDistribution;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A centralised, auto-regressive joint policy with a value per agent: at each timestep it sees every
 * agent's observation and decodes actions agent by agent, {@code μ(a|o) = Π_i μ(a^i | o^{1..N}, a^{1..i-1})}.
 * MAGPO's {@link Guider} (Sable-style retention, ALGORITHM.md §3.1) is the shipped implementation.
 *
 * <p>Acting holds a recurrent memory per environment of {@link #memorySize()} floats; training
 * re-evaluates whole rollouts of {@code B} environments × {@code T} timesteps × {@code N} agents as
 * token sequences (row {@code b*T*N + t*N + i}, where position i may hold any agent: the epoch's agent
 * order), teacher-forced on the stored actions, starting from the memory stored at rollout start.
 */
public interface JointPolicy {

    /** Floats of recurrent memory per environment (0 for a memoryless policy). */
    int memorySize();

    /** Number of environments the acting memory is sized for. */
    int actingEnvs();

    /**
     * One timestep of auto-regressive acting for every environment, agents decoded in order 0..N−1;
     * the memory advances.
     *
     * @param obs          {@code [E * N * obsDim]} row-major
     * @param mask         {@code [E * N * A]} legal actions, or null
     * @param stepCount    {@code [E]} episode step counter of the observation (positional encoding)
     * @param episodeStart {@code [E]} the observation starts a new episode (memory zeroed first)
     * @param rng          sampling randomness
     * @param out          receives actions {@code [E * N]} and their log-probabilities
     * @param value        receives the value of each agent token {@code [E * N]}
     */
    void act(float[] obs, boolean[] mask, int[] stepCount, boolean[] episodeStart, Rng rng, ActionBuffer out,
             float[] value);

    /**
     * Values of a timestep without advancing the memory (the GAE bootstrap after the last rollout step).
     *
     * @param value receives {@code [E * N]}
     */
    void peekValue(float[] obs, int[] stepCount, boolean[] episodeStart, float[] value);

    /** Copies the acting memory into {@code dst [E * memorySize()]}. */
    void saveMemory(float[] dst);

    /** Replaces the acting memory with {@code src [E * memorySize()]}. */
    void loadMemory(float[] src);

    /**
     * Teacher-forced training forward over {@code B} sequences of {@code T} timesteps; loads and returns
     * the per-token distribution and writes the per-token value into {@link #trainingValues()}.
     *
     * @param obs        {@code [B*T*N, obsDim]} 'f'-ordered token rows; unchanged until {@link #backward}
     * @param discrete   stored actions {@code [B*T*N]} in token order (null for continuous)
     * @param continuous stored actions {@code [B*T*N*D]} in token order (null for discrete)
     * @param mask       {@code [B*T*N*A]} legal actions in token order, or null
     * @param stepCount  {@code [B*T*N]} episode step counter of each token's timestep
     * @param reset      {@code [B*T*N]} the token's timestep starts a new episode
     * @param memory     {@code [B * memorySize()]} memory at rollout start of each sequence
     * @param sequences  B
     * @param steps      T
     */
    ActionDistribution<?> forward(INDArray obs, int[] discrete, float[] continuous, boolean[] mask, int[] stepCount,
                                  boolean[] reset, float[] memory, int sequences, int steps);

    /** Per-token values of the last {@link #forward}, {@code [B*T*N, 1]}. */
    INDArray trainingValues();

    /**
     * Back-propagates the gradients a loss accumulated into the distribution returned by the last
     * {@link #forward}, plus {@code dValue [B*T*N, 1]}, into the parameter gradients.
     */
    void backward(INDArray dValue);

    /** The trainable parameters (flat buffers). */
    org.magpo.nn.Parameters parameters();
}
