package org.magpo.algo;

/**
 * The PPO surrogate {@code min(r·Â, clip(r̃, 1−ε, 1+ε)·Â)} of one token and its derivative with
 * respect to the current log-prob ℓ (both ratios are {@code exp(ℓ − …)}, so {@code dr/dℓ = r}).
 * Plain PPO uses {@code r̃ = r}; the guider uses the δ-clipped ratio, whose derivative is
 * {@code r̃} inside the δ band and 0 outside it ({@code innerPass}).
 *
 * <p>{@code min} at a tie gives each branch half the gradient (JAX's {@code lax.min}), so the
 * gradient flows exactly once in total; the clip passes gradient strictly inside its bounds.
 */
final class ClippedSurrogate {

    private ClippedSurrogate() {
    }

    static double clip(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    static double objective(double r, double rTilde, double adv, double eps) {
        return Math.min(r * adv, clip(rTilde, 1 - eps, 1 + eps) * adv);
    }

    /** d objective / dℓ. */
    static double derivative(double r, double rTilde, boolean innerPass, double adv, double eps) {
        double s1 = r * adv;
        double s2 = clip(rTilde, 1 - eps, 1 + eps) * adv;
        double g1 = r * adv;
        boolean outerPass = rTilde > 1 - eps && rTilde < 1 + eps;
        double g2 = innerPass && outerPass ? rTilde * adv : 0.0;
        if (s1 < s2) {
            return g1;
        }
        if (s2 < s1) {
            return g2;
        }
        return 0.5 * (g1 + g2);
    }

    /** True where the outer PPO clip changes the ratio. */
    static boolean outerClipActive(double rTilde, double eps) {
        return rTilde < 1 - eps || rTilde > 1 + eps;
    }
}
