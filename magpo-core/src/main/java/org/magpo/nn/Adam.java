package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam with optax {@code adam} semantics over a network's flat buffers:
 * <pre>
 *   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  k = steps taken + 1
 *   p -= lr(k-1) * (m / (1-b1^k)) / (sqrt(v / (1-b2^k)) + eps)
 * </pre>
 * Defaults b1 0.9, b2 0.999, eps 1e-5 (the reference's setting).
 *
 * <p>Written by hand rather than with ND4J's {@code AdamUpdater}: that updater adds eps to
 * {@code sqrt(v)} before bias correction (its step is {@code lr sqrt(1-b2^k)/(1-b1^k) m/(sqrt(v)+eps)}),
 * which makes eps about {@code 1/sqrt(1-b2^k)} (31x at step 1) larger than optax's, and differs
 * visibly for small gradients; {@code AdamTest} shows the difference. One fused pass over the
 * parameters also avoids per-op overhead. Moments are in the parameters' data type; arithmetic in double.
 */
public final class Adam {
    private final Parameters params;
    private final LearningRate lr;
    private final double b1;
    private final double b2;
    private final double eps;
    private final INDArray m;
    private final INDArray v;
    private long steps;

    /** Adam with b1 0.9, b2 0.999, eps 1e-5. */
    public Adam(Parameters params, LearningRate lr) {
        this(params, lr, 0.9, 0.999, 1e-5);
    }

    public Adam(Parameters params, LearningRate lr, double b1, double b2, double eps) {
        if (!(b1 >= 0 && b1 < 1)) {
            throw new IllegalArgumentException("b1 must be in [0, 1), got " + b1);
        }
        if (!(b2 >= 0 && b2 < 1)) {
            throw new IllegalArgumentException("b2 must be in [0, 1), got " + b2);
        }
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be finite and >= 0, got " + eps);
        }
        if (lr == null) {
            throw new IllegalArgumentException("learning rate schedule must not be null");
        }
        this.params = params;
        this.lr = lr;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.m = Nd4j.zeros(params.dataType(), params.size());
        this.v = Nd4j.zeros(params.dataType(), params.size());
    }

    /** Optimiser steps taken (optax's {@code count}). */
    public long steps() {
        return steps;
    }

    /** First moment {@code [P]} (for checkpoints). */
    public INDArray firstMoment() {
        return m;
    }

    /** Second moment {@code [P]} (for checkpoints). */
    public INDArray secondMoment() {
        return v;
    }

    /** Restores the step count after the moments were loaded into {@link #firstMoment()}/{@link #secondMoment()}. */
    public void setSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        this.steps = steps;
    }

    /** The learning rate the next {@link #step()} will use. */
    public double currentLearningRate() {
        return lr.at(steps);
    }

    /** Applies one update from {@code params.grads()} to {@code params.values()}; gradients are left as they are. */
    public void step() {
        double rate = lr.at(steps);
        long k = steps + 1;
        double c1 = 1 - Math.pow(b1, k);
        double c2 = 1 - Math.pow(b2, k);
        HostView p = HostView.of(params.values());
        HostView g = HostView.of(params.grads());
        HostView mv = HostView.of(m);
        HostView vv = HostView.of(v);
        int n = (int) params.size();
        FloatKernels simd = FloatKernels.forFloat(p);
        if (simd != null) {
            simd.adam(p.bytes(), g.bytes(), mv.bytes(), vv.bytes(), n, (float) rate, (float) b1, (float) b2,
                    (float) (1 - b1), (float) (1 - b2), (float) c1, (float) c2, (float) eps);
            steps = k;
            return;
        }
        for (int i = 0; i < n; i++) {
            double gi = g.get(i);
            double mi = b1 * mv.get(i) + (1 - b1) * gi;
            double vi = b2 * vv.get(i) + (1 - b2) * gi * gi;
            mv.set(i, mi);
            vv.set(i, vi);
            p.set(i, p.get(i) - rate * (mi / c1) / (Math.sqrt(vi / c2) + eps));
        }
        steps = k;
    }
}
