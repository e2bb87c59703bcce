package org.magpo.nn;

/**
 * Gradient clipping by global norm with optax {@code clip_by_global_norm} semantics: with
 * {@code n = sqrt(sum of all squared gradients)}, gradients are left alone when {@code n < maxNorm}
 * and scaled by {@code maxNorm / n} otherwise. Applied per network, to its flat gradient buffer.
 */
public final class GlobalNormClip {
    private final double maxNorm;

    public GlobalNormClip(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be finite and > 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    public double maxNorm() {
        return maxNorm;
    }

    /**
     * Clips {@code params.grads()} in place.
     *
     * @return the global norm before clipping (for logging)
     */
    public double clip(Parameters params) {
        HostView g = HostView.of(params.grads());
        int n = (int) params.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = g.get(i);
            sum += v * v;
        }
        double norm = Math.sqrt(sum);
        if (!(norm < maxNorm)) {
            double scale = maxNorm / norm;
            for (int i = 0; i < n; i++) {
                g.set(i, g.get(i) * scale);
            }
        }
        return norm;
    }
}
