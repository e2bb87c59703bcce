package org.magpo.dist;

/**
 * A batch of M per-token action distributions (one row per token) whose parameters were loaded from
 * network outputs. Everything is evaluated per row into caller arrays {@code [M]}; gradients are
 * accumulated into the distribution's own gradient buffers (see the implementations for how to
 * export them), so that a loss can add several terms before one export. Gradients only ever reach
 * the distribution whose accumulate method is called: that is how the MAGPO losses implement their
 * stop-gradients.
 *
 * @param <A> the per-batch action array: {@code int[M]} (discrete) or {@code float[M * D]} (continuous,
 *            row-major)
 */
public sealed interface ActionDistribution<A> permits MaskedCategorical, TanhGaussian {

    /** M, the number of rows currently loaded. */
    int rows();

    /** Zeroes the gradient accumulators of the loaded rows. */
    void zeroGrad();

    /** {@code out[m] = log p_m(actions[m])}. */
    void logProb(A actions, double[] out);

    /** Accumulates {@code upstream[m] * d log p_m(actions[m]) / d params_m}. */
    void accumulateLogProbGrad(A actions, double[] upstream);

    /** {@code out[m] = H(p_m)} (for the tanh-Gaussian, the one-sample estimate of its entropy). */
    void entropy(double[] out);

    /** Accumulates {@code upstream[m] * d H(p_m) / d params_m}. */
    void accumulateEntropyGrad(double[] upstream);

    /** {@code out[m] = KL(this_m ‖ q_m)}. */
    void kl(ActionDistribution<A> q, double[] out);

    /** Accumulates into THIS distribution {@code upstream[m] * d KL(this_m ‖ q_m) / d this_m}; q gets nothing. */
    void accumulateKlGradAsFirst(ActionDistribution<A> q, double[] upstream);

    /** Accumulates into THIS distribution {@code upstream[m] * d KL(p_m ‖ this_m) / d this_m}; p gets nothing. */
    void accumulateKlGradAsSecond(ActionDistribution<A> p, double[] upstream);

    /**
     * The same distribution with its action type stated: a policy returns {@code ActionDistribution<?>}
     * because the action space is known only at run time, and the caller that branches on it knows which.
     */
    @SuppressWarnings("unchecked")
    static <A> ActionDistribution<A> typed(ActionDistribution<?> d) {
        return (ActionDistribution<A>) d;
    }
}
