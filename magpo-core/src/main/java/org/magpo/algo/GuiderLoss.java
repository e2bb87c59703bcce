package org.magpo.algo;

import org.magpo.dist.ActionDistribution;
import org.magpo.dist.ContiguousArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The guider's MAGPO loss on one minibatch of M tokens (ALGORITHM.md §1.3):
 * {@code L = L_clip + L_KL^g − c_ent·H + c_vf·L_V}, all terms means over the M tokens, with
 * <ul>
 *   <li>{@code L_clip = −mean(min(r·Â, clip(r̃, 1−ε, 1+ε)·Â))}, {@code r = exp(ℓ_μ − ℓ_old)},
 *       {@code r̃ = exp(clip(ℓ_μ − ℓ_π, −ln δ, ln δ) + ℓ_π − ℓ_old)};</li>
 *   <li>{@code L_KL^g = mean(m·KL(μ ‖ sg π))}, m = 1 where {@code |ℓ_μ − ℓ_π| > ln δ} (strict);</li>
 *   <li>H the guider's entropy; {@code L_V = 0.5·mean(max((V−R)², (V_old + clip(V−V_old, ±ε) − R)²))}.</li>
 * </ul>
 * Gradients go to the guider only: they are accumulated into the guider distribution (export with
 * its {@code writeGrad}) and into {@link #valueGrad()} {@code [M]}; the learner distribution is read,
 * never written (the stop-gradient). Per-token inputs are token-aligned arrays indexed 0..M−1
 * (load the learner's distribution with {@code Minibatch.tokenToLearnerRow} as its row map).
 * For continuous actions the entropy is TFP's one-sample estimate: call
 * {@code TanhGaussian.drawEntropyNoise} on the guider distribution once per minibatch before this.
 * Preallocated for {@code capacity} tokens.
 */
public final class GuiderLoss {

    /**
     * Loss coefficients.
     *
     * @param clipEps ε of the PPO clip and of the value clip, in (0, 1)
     * @param clipGpo δ of the inner clip and of the KL mask, > 1
     * @param entCoef c_ent >= 0
     * @param vfCoef  c_vf >= 0
     */
    public record Coefficients(double clipEps, double clipGpo, double entCoef, double vfCoef) {
        public Coefficients {
            if (!(clipEps > 0 && clipEps < 1)) {
                throw new IllegalArgumentException("clipEps must be in (0, 1), got " + clipEps);
            }
            if (!(clipGpo > 1) || Double.isInfinite(clipGpo)) {
                throw new IllegalArgumentException("clipGpo (delta) must be finite and > 1, got " + clipGpo);
            }
            if (!(entCoef >= 0) || Double.isInfinite(entCoef)) {
                throw new IllegalArgumentException("entCoef must be finite and >= 0, got " + entCoef);
            }
            if (!(vfCoef >= 0) || Double.isInfinite(vfCoef)) {
                throw new IllegalArgumentException("vfCoef must be finite and >= 0, got " + vfCoef);
            }
        }

        /** The guider coefficients of {@code config}. */
        public static Coefficients of(MagpoConfig config) {
            return new Coefficients(config.clipEps(), config.clipGpo(), config.entCoef(), config.vfCoef());
        }
    }

    /**
     * The scalar terms and diagnostics of one evaluation.
     *
     * @param clipLoss          L_clip
     * @param klLoss            L_KL^g (masked, averaged over all tokens)
     * @param entropy           H (mean guider entropy)
     * @param valueLoss         L_V
     * @param total             L_clip + L_KL^g − c_ent·H + c_vf·L_V
     * @param clipFraction      fraction of tokens where the outer PPO clip changes r̃
     * @param deltaMaskFraction fraction of tokens where the δ mask is on (|ℓ_μ − ℓ_π| > ln δ)
     * @param approxKl          mean of {@code (r − 1) − log r}, an estimate of KL(μ_old ‖ μ)
     */
    public record Terms(double clipLoss, double klLoss, double entropy, double valueLoss, double total,
                        double clipFraction, double deltaMaskFraction, double approxKl) {
    }

    private final int capacity;
    private final double[] logpGuider;
    private final double[] logpLearner;
    private final double[] kl;
    private final double[] ent;
    private final double[] upLogp;
    private final double[] upKl;
    private final double[] upEnt;
    private final double[] valueIn;
    private final double[] valueGrad;
    private final float[] stagingF;
    private int rows;

    /** @param capacity the largest number of tokens M per minibatch */
    public GuiderLoss(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        logpGuider = new double[capacity];
        logpLearner = new double[capacity];
        kl = new double[capacity];
        ent = new double[capacity];
        upLogp = new double[capacity];
        upKl = new double[capacity];
        upEnt = new double[capacity];
        valueIn = new double[capacity];
        valueGrad = new double[capacity];
        stagingF = new float[capacity];
    }

    /** As {@link #compute(ActionDistribution, ActionDistribution, Object, double[], double[], double[], float[], float[], Coefficients)} with values from an INDArray {@code [M, 1]} or {@code [M]}. */
    public <A> Terms compute(ActionDistribution<A> guider, ActionDistribution<A> learner, A actions,
                             double[] oldLogProb, double[] advantage, INDArray value, float[] oldValue,
                             float[] returns, Coefficients c) {
        int m = guider.rows();
        checkCapacity(m);
        ContiguousArrays.read("value", value, m, valueIn, stagingF);
        return compute(guider, learner, actions, oldLogProb, advantage, valueIn, oldValue, returns, c);
    }

    /**
     * Evaluates the loss and accumulates its gradients (the guider distribution's accumulators are
     * zeroed first; {@link #valueGrad()} is overwritten).
     *
     * @param guider     μ_θ on the M tokens (teacher-forced, epoch agent order)
     * @param learner    π_φ on the same tokens, row-aligned with {@code guider}; read only
     * @param actions    the stored actions
     * @param oldLogProb ℓ_old, the behaviour log-probs stored at rollout time {@code [M]}
     * @param advantage  Â normalised over this minibatch {@code [M]}
     * @param value      V from the guider's value head {@code [M]}
     * @param oldValue   V_old stored at rollout time {@code [M]}
     * @param returns    R = GAE advantage + V_old {@code [M]}
     */
    public <A> Terms compute(ActionDistribution<A> guider, ActionDistribution<A> learner, A actions,
                             double[] oldLogProb, double[] advantage, double[] value, float[] oldValue,
                             float[] returns, Coefficients c) {
        int m = guider.rows();
        checkCapacity(m);
        if (learner.rows() != m) {
            throw new IllegalArgumentException("learner distribution has " + learner.rows() + " rows, guider " + m);
        }
        double eps = c.clipEps();
        double logDelta = Math.log(c.clipGpo());
        guider.logProb(actions, logpGuider);
        learner.logProb(actions, logpLearner);
        guider.kl(learner, kl);
        guider.entropy(ent);

        double inv = 1.0 / m;
        double clipSum = 0;
        double klSum = 0;
        double entSum = 0;
        double valueSum = 0;
        int clipped = 0;
        int masked = 0;
        double approxKl = 0;
        for (int i = 0; i < m; i++) {
            double lmu = logpGuider[i];
            double lpi = logpLearner[i];
            double lold = oldLogProb[i];
            double adv = advantage[i];
            double logRatio = lmu - lold;
            double r = Math.exp(logRatio);
            double diff = lmu - lpi;
            boolean innerPass = diff > -logDelta && diff < logDelta;
            double rTilde = Math.exp(ClippedSurrogate.clip(diff, -logDelta, logDelta) + lpi - lold);
            clipSum -= ClippedSurrogate.objective(r, rTilde, adv, eps);
            upLogp[i] = -inv * ClippedSurrogate.derivative(r, rTilde, innerPass, adv, eps);
            if (ClippedSurrogate.outerClipActive(rTilde, eps)) {
                clipped++;
            }
            boolean mask = diff < -logDelta || diff > logDelta;
            if (mask) {
                masked++;
                klSum += kl[i];
            }
            upKl[i] = mask ? inv : 0.0;
            entSum += ent[i];
            upEnt[i] = -c.entCoef() * inv;
            approxKl += (r - 1) - logRatio;

            valueSum += ClippedValueLoss.term(value[i], oldValue[i], returns[i], eps, c.vfCoef() * 0.5 * inv,
                    valueGrad, i);
        }
        guider.zeroGrad();
        guider.accumulateLogProbGrad(actions, upLogp);
        guider.accumulateKlGradAsFirst(learner, upKl);
        if (c.entCoef() != 0) {
            guider.accumulateEntropyGrad(upEnt);
        }
        rows = m;
        double clipLoss = clipSum * inv;
        double klLoss = klSum * inv;
        double entropy = entSum * inv;
        double valueLoss = 0.5 * valueSum * inv;
        double total = clipLoss + klLoss - c.entCoef() * entropy + c.vfCoef() * valueLoss;
        return new Terms(clipLoss, klLoss, entropy, valueLoss, total, clipped * inv, masked * inv, approxKl * inv);
    }

    private void checkCapacity(int m) {
        if (m < 1 || m > capacity) {
            throw new IllegalArgumentException("minibatch tokens M must be in [1, " + capacity + "], got " + m);
        }
    }

    /** d total / d V per token, {@code [M]} (valid after {@code compute}; entries beyond M are stale). */
    public double[] valueGrad() {
        return valueGrad;
    }

    /** Overwrites {@code out} ({@code [M, 1]} or {@code [M]}) with d total / d V. */
    public void writeValueGrad(INDArray out) {
        ContiguousArrays.write("valueGrad", valueGrad, rows, out, stagingF);
    }
}
