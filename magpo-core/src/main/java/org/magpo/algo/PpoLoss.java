package org.magpo.algo;

import org.magpo.dist.ActionDistribution;

/**
 * The policy loss of plain PPO (IPPO, MAPPO, Sable alone; Mava's PPO systems) on M tokens:
 * {@code L = L_clip − c_ent·H} with {@code L_clip = −mean(min(r·Â, clip(r, 1−ε, 1+ε)·Â))},
 * {@code r = exp(ℓ − ℓ_old)} and H the mean entropy of the policy. Gradients are accumulated into the
 * policy distribution (zeroed first); export them with its {@code writeGrad}. Preallocated for
 * {@code capacity} tokens.
 */
public final class PpoLoss {

    /**
     * @param clipEps ε of the PPO clip, in (0, 1)
     * @param entCoef c_ent, finite and >= 0
     */
    public record Coefficients(double clipEps, double entCoef) {
        public Coefficients {
            if (!(clipEps > 0 && clipEps < 1)) {
                throw new IllegalArgumentException("clipEps must be in (0, 1), got " + clipEps);
            }
            if (!(entCoef >= 0) || Double.isInfinite(entCoef)) {
                throw new IllegalArgumentException("entCoef must be finite and >= 0, got " + entCoef);
            }
        }
    }

    /**
     * @param clipLoss     L_clip
     * @param entropy      H (mean entropy)
     * @param total        L_clip − c_ent·H
     * @param clipFraction fraction of tokens where the clip changes r
     * @param approxKl     mean of {@code (r − 1) − log r}, an estimate of KL(π_old ‖ π)
     */
    public record Terms(double clipLoss, double entropy, double total, double clipFraction, double approxKl) {
    }

    private final int capacity;
    private final double[] logp;
    private final double[] ent;
    private final double[] upLogp;
    private final double[] upEnt;

    /** @param capacity the largest number of tokens M */
    public PpoLoss(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        logp = new double[capacity];
        ent = new double[capacity];
        upLogp = new double[capacity];
        upEnt = new double[capacity];
    }

    /**
     * Evaluates the loss and accumulates its gradient into {@code policy}.
     *
     * @param policy     π on the M tokens
     * @param actions    the stored actions
     * @param oldLogProb ℓ_old, the behaviour log-probs stored at rollout time {@code [M]}
     * @param advantage  Â (normalised per minibatch by the caller) {@code [M]}
     */
    public <A> Terms compute(ActionDistribution<A> policy, A actions, double[] oldLogProb, double[] advantage,
                             Coefficients c) {
        int m = policy.rows();
        if (m < 1 || m > capacity) {
            throw new IllegalArgumentException("minibatch tokens M must be in [1, " + capacity + "], got " + m);
        }
        double eps = c.clipEps();
        policy.logProb(actions, logp);
        policy.entropy(ent);
        double inv = 1.0 / m;
        double clipSum = 0;
        double entSum = 0;
        double approxKl = 0;
        int clipped = 0;
        for (int i = 0; i < m; i++) {
            double logRatio = logp[i] - oldLogProb[i];
            double r = Math.exp(logRatio);
            double adv = advantage[i];
            clipSum -= ClippedSurrogate.objective(r, r, adv, eps);
            upLogp[i] = -inv * ClippedSurrogate.derivative(r, r, true, adv, eps);
            if (ClippedSurrogate.outerClipActive(r, eps)) {
                clipped++;
            }
            entSum += ent[i];
            upEnt[i] = -c.entCoef() * inv;
            approxKl += (r - 1) - logRatio;
        }
        policy.zeroGrad();
        policy.accumulateLogProbGrad(actions, upLogp);
        if (c.entCoef() != 0) {
            policy.accumulateEntropyGrad(upEnt);
        }
        double clipLoss = clipSum * inv;
        double entropy = entSum * inv;
        return new Terms(clipLoss, entropy, clipLoss - c.entCoef() * entropy, clipped * inv, approxKl * inv);
    }
}
