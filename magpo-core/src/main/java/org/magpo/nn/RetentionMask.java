package org.magpo.nn;

/** Which tokens of the same timestep a retention token may read (earlier timesteps are always visible). */
public enum RetentionMask {
    /** Encoder: every agent token sees all agent tokens of its own timestep. */
    FULL_TIMESTEP,
    /** Decoder: token j sees tokens k <= j only (agent-by-agent, auto-regressive). */
    CAUSAL
}
