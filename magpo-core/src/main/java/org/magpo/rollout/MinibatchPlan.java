package org.magpo.rollout;

import org.magpo.nn.Rng;

/**
 * The sampling plan of one epoch (ALGORITHM.md §1.2 step 4): a permutation of the E environments,
 * split into {@code numMinibatches} consecutive groups of {@code B = E / numMinibatches}, and one
 * permutation of the N agents applied to every env and step (the guider's auto-regressive order for
 * the epoch). Each epoch draws both afresh from the identity, so stored memories always stay paired
 * with their own environment (decision D-B2). Allocation-free after construction.
 *
 * <p>Row conventions of a minibatch of M = B·T·N tokens, with b the env slot, t the step and i the
 * position in the epoch's agent order (agent {@link #agentAt(int) agentAt(i)}):
 * token-major (guider) row {@code b·T·N + t·N + i}; learner (time-major) row {@code t·B·N + b·N + i}.
 */
public final class MinibatchPlan {

    private final int envs;
    private final int agents;
    private final int numMinibatches;
    private final int envsPerMinibatch;
    private final int[] envPerm;
    private final int[] agentPerm;

    public MinibatchPlan(int envs, int agents, int numMinibatches) {
        if (envs < 1 || agents < 1 || numMinibatches < 1) {
            throw new IllegalArgumentException("envs, agents and numMinibatches must be >= 1, got " + envs + ", "
                    + agents + ", " + numMinibatches);
        }
        if (envs % numMinibatches != 0) {
            throw new IllegalArgumentException("numMinibatches must divide envs (" + envs + "), got " + numMinibatches);
        }
        this.envs = envs;
        this.agents = agents;
        this.numMinibatches = numMinibatches;
        this.envsPerMinibatch = envs / numMinibatches;
        this.envPerm = new int[envs];
        this.agentPerm = new int[agents];
        identity(envPerm);
        identity(agentPerm);
    }

    private static void identity(int[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
    }

    /**
     * Draws the epoch's env permutation and then, when {@code shuffleAgents}, its agent permutation
     * (otherwise the rollout order 0..N−1 is kept).
     */
    public void newEpoch(Rng rng, boolean shuffleAgents) {
        identity(envPerm);
        rng.shuffle(envPerm);
        identity(agentPerm);
        if (shuffleAgents) {
            rng.shuffle(agentPerm);
        }
    }

    public int envs() {
        return envs;
    }

    public int agents() {
        return agents;
    }

    public int numMinibatches() {
        return numMinibatches;
    }

    /** B, environments per minibatch. */
    public int envsPerMinibatch() {
        return envsPerMinibatch;
    }

    /** The env held in slot b of minibatch k. */
    public int envOf(int minibatch, int slot) {
        if (minibatch < 0 || minibatch >= numMinibatches || slot < 0 || slot >= envsPerMinibatch) {
            throw new IllegalArgumentException("minibatch must be in [0, " + numMinibatches + ") and slot in [0, "
                    + envsPerMinibatch + "), got " + minibatch + ", " + slot);
        }
        return envPerm[minibatch * envsPerMinibatch + slot];
    }

    /** The agent decoded at position i of this epoch's order. */
    public int agentAt(int position) {
        return agentPerm[position];
    }

    /** Token-major row of (slot b, step t, position i) for a rollout of {@code steps} steps. */
    public int tokenRow(int steps, int slot, int t, int position) {
        return (slot * steps + t) * agents + position;
    }

    /** Learner (time-major) row of (slot b, step t, position i). */
    public int learnerRow(int slot, int t, int position) {
        return (t * envsPerMinibatch + slot) * agents + position;
    }
}
