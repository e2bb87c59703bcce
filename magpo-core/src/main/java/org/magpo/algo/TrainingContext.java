package org.magpo.algo;

import org.magpo.env.EnvSpec;
import org.magpo.nn.Rng;

/**
 * What the trainer hands an algorithm when it builds it: the task, the (lane-folded) batch shape and
 * the random streams the trainer split off its master seed for it.
 *
 * <p>The reference's {@code update_batch_size} lanes of {@code num_envs} environments are folded into
 * one batch: {@code envs = num_envs × update_batch_size} and {@code minibatches = num_minibatches ×
 * update_batch_size}, so a gradient step sees the same number of tokens as in the reference.
 *
 * @param spec        the task (obsDim includes the agent id when the env is wrapped)
 * @param envs        E, training environments acted on at once
 * @param steps       T, rollout length
 * @param minibatches minibatches per epoch (divides E)
 * @param firstInit   initialisation randomness of the algorithm's first network (MAGPO: the guider)
 * @param secondInit  initialisation randomness of its second network (MAGPO: the learner)
 * @param shuffleRng  randomness of the per-epoch env (and agent) permutations
 */
public record TrainingContext(EnvSpec spec, int envs, int steps, int minibatches, Rng firstInit, Rng secondInit,
                              Rng shuffleRng) {
    public TrainingContext {
        if (spec == null || firstInit == null || secondInit == null || shuffleRng == null) {
            throw new IllegalArgumentException("TrainingContext: spec and the three random streams must not be null");
        }
        if (envs < 1 || steps < 1 || minibatches < 1) {
            throw new IllegalArgumentException("TrainingContext: envs, steps and minibatches must be >= 1, got "
                    + envs + ", " + steps + ", " + minibatches);
        }
        if (envs % minibatches != 0) {
            throw new IllegalArgumentException("TrainingContext: minibatches must divide envs (" + envs + "), got "
                    + minibatches);
        }
    }

    /** Tokens of one minibatch, {@code (E / minibatches) · T · N}. */
    public int tokensPerMinibatch() {
        return envs / minibatches * steps * spec.numAgents();
    }
}
