package org.magpo.nn;

/**
 * Token layout of one chunkwise retention call: {@code envs} sequences of {@code timesteps} ×
 * {@code agents} tokens, rows env-major ({@code row = b*(T*N) + t*N + i}).
 *
 * @param envs         B
 * @param timesteps    T
 * @param agents       N
 * @param stepCount    {@code [B*T]} (index b*T + t): the env's episode step counter, the position for the encoding
 * @param episodeStart {@code [B*T]}: true when timestep t's observation is the first of a new episode; it cuts
 *                     every dependency on earlier tokens and on the carried memory
 */
public record RetentionChunk(int envs, int timesteps, int agents, int[] stepCount, boolean[] episodeStart) {
    public RetentionChunk {
        if (envs < 1 || timesteps < 1 || agents < 1) {
            throw new IllegalArgumentException("RetentionChunk envs, timesteps and agents must be >= 1, got "
                    + envs + ", " + timesteps + ", " + agents);
        }
        if (stepCount == null || stepCount.length < envs * timesteps) {
            throw new IllegalArgumentException("RetentionChunk stepCount must hold envs*timesteps = "
                    + envs * timesteps + " entries");
        }
        if (episodeStart == null || episodeStart.length < envs * timesteps) {
            throw new IllegalArgumentException("RetentionChunk episodeStart must hold envs*timesteps = "
                    + envs * timesteps + " entries");
        }
    }

    /** Tokens per env, C = T*N. */
    public int tokensPerEnv() {
        return timesteps * agents;
    }

    /** Total rows R = B*T*N. */
    public int rows() {
        return envs * timesteps * agents;
    }
}
