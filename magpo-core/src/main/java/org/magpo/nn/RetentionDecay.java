package org.magpo.nn;

/**
 * Per-head decay rates of multi-scale retention (ALGORITHM.md §3.1):
 * {@code κ_h = (1 − exp(linspace(ln 1/32, ln 1/512, nHead))_h) · decayScalingFactor}, plus tables of
 * their powers {@code κ_h^n} for the chunkwise decay matrix.
 */
public final class RetentionDecay {
    private final double[] kappa;
    private double[][] powers = new double[0][];

    /**
     * @param nHead              number of heads (>= 1)
     * @param decayScalingFactor dsf in (0, 1]
     */
    public RetentionDecay(int nHead, double decayScalingFactor) {
        if (nHead < 1) {
            throw new IllegalArgumentException("nHead must be >= 1, got " + nHead);
        }
        if (!(decayScalingFactor > 0 && decayScalingFactor <= 1)) {
            throw new IllegalArgumentException("decayScalingFactor must be in (0, 1], got " + decayScalingFactor);
        }
        kappa = new double[nHead];
        double lo = Math.log(1.0 / 32);
        double hi = Math.log(1.0 / 512);
        for (int h = 0; h < nHead; h++) {
            double x = nHead == 1 ? lo : lo + (hi - lo) * h / (nHead - 1);
            kappa[h] = (1 - Math.exp(x)) * decayScalingFactor;
        }
    }

    public int heads() {
        return kappa.length;
    }

    /** κ_h. */
    public double kappa(int head) {
        return kappa[head];
    }

    /** {@code κ_h^n} for n = 0..maxPower (the returned array is shared; do not modify). */
    public double[] powers(int head, int maxPower) {
        if (powers.length != kappa.length) {
            powers = new double[kappa.length][];
        }
        double[] p = powers[head];
        if (p == null || p.length <= maxPower) {
            p = new double[maxPower + 1];
            p[0] = 1;
            for (int n = 1; n <= maxPower; n++) {
                p[n] = p[n - 1] * kappa[head];
            }
            powers[head] = p;
        }
        return p;
    }
}
