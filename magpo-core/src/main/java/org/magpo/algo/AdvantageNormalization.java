package org.magpo.algo;

/**
 * Per-minibatch advantage normalisation of the reference: {@code (A − mean) / (std + 1e-8)} with the
 * population standard deviation ({@code jnp.std}, divisor n), computed in double.
 */
public final class AdvantageNormalization {

    /** Added to the standard deviation, as the reference does. */
    public static final double EPSILON = 1e-8;

    private AdvantageNormalization() {
    }

    /**
     * Writes the normalised {@code adv[0..n)} into {@code out[0..n)}.
     *
     * @throws IllegalArgumentException if n < 1 or an advantage is not finite
     */
    public static void normalize(float[] adv, int n, double[] out) {
        if (n < 1 || n > adv.length || n > out.length) {
            throw new IllegalArgumentException("n must be in [1, " + Math.min(adv.length, out.length) + "], got " + n);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(adv[i])) {
                throw new IllegalArgumentException("advantage[" + i + "] must be finite, got " + adv[i]);
            }
            sum += adv[i];
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = adv[i] - mean;
            sq += d * d;
        }
        double scale = 1.0 / (Math.sqrt(sq / n) + EPSILON);
        for (int i = 0; i < n; i++) {
            out[i] = (adv[i] - mean) * scale;
        }
    }
}
