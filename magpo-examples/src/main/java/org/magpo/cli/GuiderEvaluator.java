package org.magpo.cli;

import java.util.Arrays;
import java.util.function.Supplier;
import org.magpo.env.EnvSpec;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.StepType;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.JointPolicy;
import org.magpo.train.EvaluationResult;

/**
 * Plays complete episodes with a centralised {@link JointPolicy} (MAGPO's guider) for diagnosis, the way
 * the trainer's rollout drives it: every agent's observation at once, actions decoded agent by agent,
 * sampled. Each of the policy's {@link JointPolicy#actingEnvs()} environments plays one episode per round
 * from a fresh reset (the policy zeroes its memory on an episode start), as the learner's evaluation does.
 * The guider is never what MAGPO deploys; comparing its return with the learner's shows the imitation gap.
 */
final class GuiderEvaluator implements AutoCloseable {
    private final VectorEnv envs;
    private final JointPolicy policy;
    private final int numEnvs;
    private final int n;
    private final ActionBuffer actions;
    private final float[] values;
    private final boolean[] done;

    /**
     * @param factory makes one environment, wrapped as in training (agent ids)
     * @param policy  the joint policy; its acting memory sets how many episodes run at once
     * @param seed    master seed of the episodes
     */
    GuiderEvaluator(Supplier<? extends MultiAgentEnv> factory, JointPolicy policy, long seed) {
        this.numEnvs = policy.actingEnvs();
        this.envs = new VectorEnv(factory, numEnvs, seed, 1);
        EnvSpec spec = envs.spec();
        this.policy = policy;
        this.n = spec.numAgents();
        this.actions = new ActionBuffer(spec, numEnvs * n);
        this.values = new float[numEnvs * n];
        this.done = new boolean[numEnvs];
    }

    /** Plays {@code episodes} episodes, sampling the policy's actions with {@code rng}. */
    EvaluationResult evaluate(int episodes, Rng rng) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1, got " + episodes);
        }
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        boolean[] won = new boolean[episodes];
        int collected = 0;
        while (collected < episodes) {
            int round = Math.min(numEnvs, episodes - collected);
            envs.reset();
            Arrays.fill(done, false);
            int remaining = round;
            while (remaining > 0) {
                policy.act(envs.obs, envs.actionMask, envs.stepCount, envs.episodeStart, rng, actions, values);
                if (actions.isDiscrete()) {
                    envs.step(actions.discrete);
                } else {
                    envs.step(actions.continuous);
                }
                for (int e = 0; e < round; e++) {
                    if (!done[e] && envs.stepType[e] == StepType.LAST) {
                        done[e] = true;
                        remaining--;
                        returns[collected + e] = envs.finishedReturn[e];
                        lengths[collected + e] = envs.finishedLength[e];
                        won[collected + e] = allRewardsAtLeastOne(e);
                    }
                }
            }
            collected += round;
        }
        return new EvaluationResult(returns, lengths, won);
    }

    /** The win condition of the learner's evaluation (org.magpo.train.Evaluator): every agent's last reward >= 1. */
    private boolean allRewardsAtLeastOne(int e) {
        for (int i = 0; i < n; i++) {
            if (envs.reward[e * n + i] < 1f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        envs.close();
    }
}
