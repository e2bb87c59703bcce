package org.magpo.algo;

import org.magpo.dist.ActionDistribution;

/**
 * The learner's MAGPO loss on one minibatch of M tokens (ALGORITHM.md §1.4):
 * {@code L = α·L_RL + L_KL^l} with {@code L_RL = −mean(min(r_π·Â, clip(r_π, 1−ε, 1+ε)·Â))},
 * {@code r_π = exp(ℓ_π − ℓ_old)} (an off-policy ratio against the guider's behaviour log-prob) and
 * {@code L_KL^l = mean(KL(sg μ ‖ π))}, unmasked. No entropy bonus, no value term.
 * Gradients are accumulated into the learner distribution only; the guider distribution is read,
 * never written (the stop-gradient). Preallocated for {@code capacity} tokens.
 */
public final class LearnerLoss {

    /**
     * Loss coefficients.
     *
     * @param clipEps ε of the PPO clip, in (0, 1)
     * @param alpha   α, weight of the RL term, >= 0
     */
    public record Coefficients(double clipEps, double alpha) {
        public Coefficients {
            if (!(clipEps > 0 && clipEps < 1)) {
                throw new IllegalArgumentException("clipEps must be in (0, 1), got " + clipEps);
            }
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
            }
        }

        /** The learner coefficients of {@code config}. */
        public static Coefficients of(MagpoConfig config) {
            return new Coefficients(config.clipEps(), config.alpha());
        }
    }

    /**
     * The scalar terms and diagnostics of one evaluation.
     *
     * @param rlLoss       L_RL
     * @param klLoss       L_KL^l = mean KL(μ ‖ π)
     * @param total        α·L_RL + L_KL^l
     * @param clipFraction fraction of tokens where the PPO clip changes r_π
     * @param approxKl     mean of {@code (r_π − 1) − log r_π}
     */
    public record Terms(double rlLoss, double klLoss, double total, double clipFraction, double approxKl) {
    }

    private final int capacity;
    private final double[] logpLearner;
    private final double[] kl;
    private final double[] upLogp;
    private final double[] upKl;

    /** @param capacity the largest number of tokens M per minibatch */
    public LearnerLoss(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        logpLearner = new double[capacity];
        kl = new double[capacity];
        upLogp = new double[capacity];
        upKl = new double[capacity];
    }

    /**
     * Evaluates the loss and accumulates its gradients into {@code learner} (zeroed first).
     *
     * @param guider     μ_θ on the M tokens, row-aligned with {@code learner}; read only
     * @param learner    π_φ on the same tokens
     * @param actions    the stored actions
     * @param oldLogProb ℓ_old, the guider's behaviour log-probs {@code [M]}
     * @param advantage  Â normalised over this minibatch {@code [M]}
     */
    public <A> Terms compute(ActionDistribution<A> guider, ActionDistribution<A> learner, A actions,
                             double[] oldLogProb, double[] advantage, Coefficients c) {
        int m = learner.rows();
        if (m < 1 || m > capacity) {
            throw new IllegalArgumentException("minibatch tokens M must be in [1, " + capacity + "], got " + m);
        }
        if (guider.rows() != m) {
            throw new IllegalArgumentException("guider distribution has " + guider.rows() + " rows, learner " + m);
        }
        double eps = c.clipEps();
        learner.logProb(actions, logpLearner);
        guider.kl(learner, kl);
        double inv = 1.0 / m;
        double rlSum = 0;
        double klSum = 0;
        double approxKl = 0;
        int clipped = 0;
        for (int i = 0; i < m; i++) {
            double logRatio = logpLearner[i] - oldLogProb[i];
            double r = Math.exp(logRatio);
            double adv = advantage[i];
            rlSum -= ClippedSurrogate.objective(r, r, adv, eps);
            upLogp[i] = -c.alpha() * inv * ClippedSurrogate.derivative(r, r, true, adv, eps);
            if (ClippedSurrogate.outerClipActive(r, eps)) {
                clipped++;
            }
            klSum += kl[i];
            upKl[i] = inv;
            approxKl += (r - 1) - logRatio;
        }
        learner.zeroGrad();
        learner.accumulateLogProbGrad(actions, upLogp);
        learner.accumulateKlGradAsSecond(guider, upKl);
        double rlLoss = rlSum * inv;
        double klLoss = klSum * inv;
        return new Terms(rlLoss, klLoss, c.alpha() * rlLoss + klLoss, clipped * inv, approxKl * inv);
    }
}
