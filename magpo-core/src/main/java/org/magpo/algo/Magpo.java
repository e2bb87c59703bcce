package org.magpo.algo;

import org.magpo.dist.ActionDistribution;
import org.magpo.nn.Adam;
import org.magpo.nn.GlobalNormClip;
import org.magpo.nn.LearningRate;
import org.magpo.nn.Overlap;
import org.magpo.nn.Rng;
import org.magpo.nn.RowBuffer;
import org.magpo.policy.JointPolicy;
import org.magpo.policy.Learner;
import org.magpo.rollout.Minibatch;
import org.magpo.rollout.MinibatchPlan;
import org.magpo.rollout.RolloutBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MAGPO's update rule (ALGORITHM.md §1.2 step 4 and §1.3-1.5): for each epoch, shuffle the
 * environments and draw one agent permutation, then for each minibatch compute <b>both</b> losses at
 * the current parameters, back-propagate each into its own network, clip each network's gradient by
 * its global norm and take one Adam step per network.
 *
 * <ul>
 *   <li>guider μ_θ: PPO with the double-clipped ratio + masked KL(μ ‖ sg π) − c_ent·H + c_vf·clipped value loss;</li>
 *   <li>learner π_φ: α·PPO(π / μ_old) + KL(sg μ ‖ π).</li>
 * </ul>
 * The stop-gradients hold by construction: each loss accumulates only into its own network's
 * distribution, and each network back-propagates only its own distribution.
 */
public final class Magpo {

    /** Means over the minibatches of one update, for logging. */
    public record UpdateStats(double guiderLoss, double clipLoss, double guiderKl, double entropy, double valueLoss,
                              double learnerLoss, double learnerRl, double learnerKl, double clipFraction,
                              double deltaMaskFraction, double approxKl, double gradNormGuider,
                              double gradNormLearner, double learningRate) {
    }

    private final MagpoConfig config;
    private final JointPolicy guider;
    private final Learner learner;
    private final Adam guiderOpt;
    private final Adam learnerOpt;
    private final GlobalNormClip clip;
    private final GuiderLoss guiderLoss;
    private final LearnerLoss learnerLoss;
    private final GuiderLoss.Coefficients guiderCoef;
    private final LearnerLoss.Coefficients learnerCoef;
    private final MinibatchPlan plan;
    private final Minibatch minibatch;
    private final RowBuffer valueGrad;
    private final Rng shuffleRng;
    private final boolean shuffleAgents;
    // the minibatch's distributions, set by the forward passes (which may run on the overlap thread)
    private ActionDistribution<?> guiderDist;
    private ActionDistribution<?> learnerDist;

    /**
     * @param buffer        the rollout buffer updates read from (fixes T, E, N)
     * @param shuffleRng    randomness of the env and agent permutations
     * @param shuffleAgents draw a random agent order per epoch (the reference does; false keeps 0..N−1)
     */
    public Magpo(MagpoConfig config, JointPolicy guider, Learner learner, RolloutBuffer buffer, Rng shuffleRng,
                 boolean shuffleAgents) {
        this.config = config;
        this.guider = guider;
        this.learner = learner;
        LearningRate lr = config.decayLearningRates()
                ? LearningRate.linearDecay(config.learningRate(), config.numUpdates(),
                        (long) config.ppoEpochs() * config.numMinibatches())
                : LearningRate.constant(config.learningRate());
        this.guiderOpt = new Adam(guider.parameters(), lr);
        this.learnerOpt = new Adam(learner.network().parameters(), lr);
        this.clip = new GlobalNormClip(config.maxGradNorm());
        this.plan = new MinibatchPlan(buffer.envs(), buffer.agents(), config.numMinibatches());
        this.minibatch = new Minibatch(buffer, plan);
        int tokens = minibatch.tokens();
        this.guiderLoss = new GuiderLoss(tokens);
        this.learnerLoss = new LearnerLoss(tokens);
        this.guiderCoef = GuiderLoss.Coefficients.of(config);
        this.learnerCoef = LearnerLoss.Coefficients.of(config);
        this.valueGrad = new RowBuffer(guider.parameters().dataType(), tokens, 1);
        this.shuffleRng = shuffleRng;
        this.shuffleAgents = shuffleAgents;
    }

    public Adam guiderOptimizer() {
        return guiderOpt;
    }

    public Adam learnerOptimizer() {
        return learnerOpt;
    }

    /** The generator of the env and agent permutations (its state goes into checkpoints). */
    public Rng shuffleRng() {
        return shuffleRng;
    }

    /**
     * Runs {@code ppo_epochs × num_minibatches} gradient steps on both networks from {@code buffer}
     * (advantages must already be computed).
     *
     * @param update index of this update (for error messages)
     * @throws IllegalStateException when a loss or a gradient norm is not finite
     */
    public UpdateStats update(RolloutBuffer buffer, long update) {
        int steps = buffer.steps();
        int b = plan.envsPerMinibatch();
        double[] sum = new double[13];
        int count = 0;
        double lrNow = guiderOpt.currentLearningRate();
        for (int epoch = 0; epoch < config.ppoEpochs(); epoch++) {
            plan.newEpoch(shuffleRng, shuffleAgents);
            for (int k = 0; k < plan.numMinibatches(); k++) {
                minibatch.gather(buffer, plan, k);
                // The two networks' forward passes (and below their backward passes) share no state, so they
                // run on two cores at once; each computes exactly what it would alone.
                Overlap.run(this::learnerForward, () -> guiderForward(b, steps));
                ActionDistribution<?> mu = guiderDist;
                ActionDistribution<?> pi = learnerDist;

                GuiderLoss.Terms g;
                LearnerLoss.Terms l;
                if (buffer.isDiscrete()) {
                    g = guiderTerms(ActionDistribution.typed(mu), ActionDistribution.typed(pi), minibatch.discreteActions);
                    l = learnerLoss.compute(ActionDistribution.typed(mu), ActionDistribution.typed(pi), minibatch.discreteActions, minibatch.oldLogProb,
                            minibatch.normalizedAdvantage, learnerCoef);
                } else {
                    g = guiderTerms(ActionDistribution.typed(mu), ActionDistribution.typed(pi), minibatch.continuousActions);
                    l = learnerLoss.compute(ActionDistribution.typed(mu), ActionDistribution.typed(pi), minibatch.continuousActions, minibatch.oldLogProb,
                            minibatch.normalizedAdvantage, learnerCoef);
                }
                requireFinite(update, epoch, k, "guider loss", g.total());
                requireFinite(update, epoch, k, "learner loss", l.total());

                INDArray dValue = valueGrad.rows(minibatch.tokens());
                guiderLoss.writeValueGrad(dValue);
                double[] norms = new double[2];
                Overlap.run(() -> {
                    learner.backward(minibatch.tokenToLearnerRow);
                    norms[1] = clip.clip(learner.network().parameters());
                }, () -> {
                    guider.backward(dValue);
                    norms[0] = clip.clip(guider.parameters());
                });
                double gNorm = norms[0];
                double lNorm = norms[1];
                requireFinite(update, epoch, k, "guider gradient norm", gNorm);
                requireFinite(update, epoch, k, "learner gradient norm", lNorm);
                guiderOpt.step();
                learnerOpt.step();

                double[] v = {g.total(), g.clipLoss(), g.klLoss(), g.entropy(), g.valueLoss(), l.total(),
                        l.rlLoss(), l.klLoss(), g.clipFraction(), g.deltaMaskFraction(), g.approxKl(), gNorm, lNorm};
                for (int i = 0; i < v.length; i++) {
                    sum[i] += v[i];
                }
                count++;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count;
        }
        return new UpdateStats(sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6], sum[7], sum[8], sum[9],
                sum[10], sum[11], sum[12], lrNow);
    }

    private void guiderForward(int envsPerMinibatch, int steps) {
        guider.parameters().zeroGrads();
        guiderDist = guider.forward(minibatch.obsTokens, minibatch.discreteActions, minibatch.continuousActions,
                minibatch.maskTokens, minibatch.stepCountTokens, minibatch.resetTokens, minibatch.guiderMemory,
                envsPerMinibatch, steps);
        if (guiderDist instanceof org.magpo.dist.TanhGaussian g) {
            // The continuous entropy is a one-sample estimate (Normal entropy + tanh log-det at a sample).
            g.drawEntropyNoise(shuffleRng);
        }
    }

    private void learnerForward() {
        learner.network().parameters().zeroGrads();
        learnerDist = learner.forward(minibatch.obsLearner, minibatch.resetLearner, minibatch.maskLearner,
                minibatch.learnerState, minibatch.tokenToLearnerRow);
    }

    private <A> GuiderLoss.Terms guiderTerms(ActionDistribution<A> mu, ActionDistribution<A> pi, A actions) {
        return guiderLoss.compute(mu, pi, actions, minibatch.oldLogProb, minibatch.normalizedAdvantage,
                guider.trainingValues(), minibatch.oldValue, minibatch.returns, guiderCoef);
    }


    private static void requireFinite(long update, int epoch, int minibatch, String term, double value) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteLossException("non-finite " + term + " (" + value + ") at update " + update
                    + ", epoch " + epoch + ", minibatch " + minibatch);
        }
    }
}
