package org.magpo.train;

import java.util.function.Supplier;
import org.magpo.env.EnvSpec;
import org.magpo.env.MultiAgentEnv;
import org.magpo.env.StepType;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.DecentralizedPolicy;
import org.magpo.policy.JointPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluates a decentralised policy (MAGPO's learner, never the guider; IPPO/MAPPO actors) or a centralised
 * joint policy (Sable alone) as Mava does (§1.6): a batch
 * of environments each plays exactly one episode from a fresh reset with a zeroed recurrent state;
 * more episodes than environments run in further rounds. Episodes come from the evaluator's own
 * seed stream, so the training environments' streams are untouched.
 */
public final class Evaluator implements AutoCloseable {
    private final VectorEnv envs;
    private final EnvSpec spec;
    private final int numEnvs;
    private final int n;
    private final ActionBuffer actions;
    private final boolean[] resets;
    private final boolean[] done;
    private final float[] values;

    /**
     * @param factory      makes one (agent-id wrapped) environment
     * @param parallelEnvs episodes played at once (32 in the reference)
     * @param seed         master seed of the evaluation episodes
     */
    public Evaluator(Supplier<? extends MultiAgentEnv> factory, int parallelEnvs, long seed) {
        if (parallelEnvs < 1) {
            throw new IllegalArgumentException("parallelEnvs must be >= 1, got " + parallelEnvs);
        }
        this.envs = new VectorEnv(factory, parallelEnvs, seed, 1);
        this.spec = envs.spec();
        this.numEnvs = parallelEnvs;
        this.n = spec.numAgents();
        this.actions = new ActionBuffer(spec, parallelEnvs * n);
        this.resets = new boolean[parallelEnvs * n];
        this.done = new boolean[parallelEnvs];
        this.values = new float[parallelEnvs * n];
    }

    /**
     * Plays {@code episodes} complete episodes with {@code policy}.
     *
     * @param greedy take each agent's most likely action instead of sampling (reference: sampling)
     * @param rng    the policy's sampling randomness
     */
    public EvaluationResult evaluate(DecentralizedPolicy policy, int episodes, boolean greedy, Rng rng) {
        INDArray hidden = policy.initialState(numEnvs * n);
        return play(episodes, () -> {
            envs.agentEpisodeStart(resets);
            policy.act(envs.obs, resets, envs.actionMask, hidden, rng, greedy, actions);
        });
    }

    /**
     * Plays {@code episodes} complete episodes with a centralised joint policy (Sable executed
     * centrally), sampling; its acting memory must be sized for this evaluator's environments and is
     * zeroed at every episode start.
     */
    public EvaluationResult evaluate(JointPolicy policy, int episodes, Rng rng) {
        if (policy.actingEnvs() != numEnvs) {
            throw new IllegalArgumentException("joint policy acts on " + policy.actingEnvs()
                    + " environments, the evaluator runs " + numEnvs);
        }
        return play(episodes, () -> policy.act(envs.obs, envs.actionMask, envs.stepCount, envs.episodeStart, rng,
                actions, values));
    }

    /** Plays rounds of one episode per environment; {@code chooseActions} fills {@link #actions}. */
    private EvaluationResult play(int episodes, Runnable chooseActions) {
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
            java.util.Arrays.fill(done, false);
            int remaining = round;
            while (remaining > 0) {
                chooseActions.run();
                if (actions.isDiscrete()) {
                    envs.step(actions.discrete);
                } else {
                    envs.step(actions.continuous);
                }
                for (int e = 0; e < round; e++) {
                    if (!done[e] && envs.stepType[e] == StepType.LAST) {
                        done[e] = true;
                        remaining--;
                        int k = collected + e;
                        returns[k] = envs.finishedReturn[e];
                        lengths[k] = envs.finishedLength[e];
                        won[k] = allRewardsAtLeastOne(e);
                    }
                }
            }
            collected += round;
        }
        return new EvaluationResult(returns, lengths, won);
    }

    private boolean allRewardsAtLeastOne(int e) {
        for (int i = 0; i < n; i++) {
            if (envs.reward[e * n + i] < 1f) {
                return false;
            }
        }
        return true;
    }

    /** The evaluation environments' state, for a checkpoint. */
    public VectorEnv.Snapshot snapshot() {
        return envs.snapshot();
    }

    /** Restores {@link #snapshot()} so that later evaluations draw the same episodes. */
    public void restore(VectorEnv.Snapshot s) {
        envs.restore(s);
    }

    @Override
    public void close() {
        envs.close();
    }
}
