package org.magpo.algo;

import org.magpo.dist.ContiguousArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The clipped value loss of PPO-family critics (ALGORITHM.md §1.3, Mava's PPO systems) on M tokens:
 * {@code L_V = 0.5·mean(max((V−R)², (V_clip−R)²))} with {@code V_clip = V_old + clip(V − V_old, −ε, ε)}.
 * {@link #compute} also writes {@code coef · dL_V/dV} per token, so the caller can back-propagate
 * {@code coef · L_V} through its critic. Preallocated for {@code capacity} tokens.
 */
public final class ClippedValueLoss {

    private final int capacity;
    private final double[] valueIn;
    private final double[] grad;
    private final float[] staging;
    private int rows;

    /** @param capacity the largest number of tokens M */
    public ClippedValueLoss(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        this.valueIn = new double[capacity];
        this.grad = new double[capacity];
        this.staging = new float[capacity];
    }

    /**
     * Evaluates L_V on the first M = {@code value.length()} tokens, values read from {@code value}
     * ({@code [M, 1]} or {@code [M]}).
     */
    public double compute(INDArray value, float[] oldValue, float[] returns, double clipEps, double coef) {
        int m = (int) value.length();
        checkRows(m);
        ContiguousArrays.read("value", value, m, valueIn, staging);
        return compute(valueIn, m, oldValue, returns, clipEps, coef);
    }

    /**
     * Evaluates L_V on tokens 0..m−1.
     *
     * @param value    V of the critic being trained {@code [M]}
     * @param oldValue V_old stored at rollout time {@code [M]}
     * @param returns  R = GAE advantage + V_old {@code [M]}
     * @param clipEps  ε in (0, 1)
     * @param coef     scale of the gradient written into {@link #grad()} (c_vf)
     * @return L_V (without coef)
     */
    public double compute(double[] value, int m, float[] oldValue, float[] returns, double clipEps, double coef) {
        checkRows(m);
        if (!(clipEps > 0 && clipEps < 1)) {
            throw new IllegalArgumentException("clipEps must be in (0, 1), got " + clipEps);
        }
        double inv = 1.0 / m;
        double scale = coef * 0.5 * inv;
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += term(value[i], oldValue[i], returns[i], clipEps, scale, grad, i);
        }
        rows = m;
        return 0.5 * sum * inv;
    }

    /** {@code coef · dL_V/dV} per token {@code [M]} (valid after {@link #compute}; entries beyond M are stale). */
    public double[] grad() {
        return grad;
    }

    /** Overwrites {@code out} ({@code [M, 1]} or {@code [M]}) with {@link #grad()}. */
    public void writeGrad(INDArray out) {
        ContiguousArrays.write("valueGrad", grad, rows, out, staging);
    }

    /**
     * One token: returns {@code max((v−R)², (V_clip−R)²)} and writes {@code scale · d/dv} of it into
     * {@code gradOut[i]}. At a tie max() gives each branch half the gradient, like min() in the
     * surrogate; the clip passes gradient strictly inside its bounds.
     */
    static double term(double v, double vOld, double ret, double eps, double scale, double[] gradOut, int i) {
        double delta = v - vOld;
        double vClip = vOld + ClippedSurrogate.clip(delta, -eps, eps);
        double a = (v - ret) * (v - ret);
        double b = (vClip - ret) * (vClip - ret);
        double ga = 2 * (v - ret);
        double gb = delta > -eps && delta < eps ? 2 * (vClip - ret) : 0.0;
        double g = a > b ? ga : (b > a ? gb : 0.5 * (ga + gb));
        gradOut[i] = scale * g;
        return Math.max(a, b);
    }

    private void checkRows(int m) {
        if (m < 1 || m > capacity) {
            throw new IllegalArgumentException("tokens M must be in [1, " + capacity + "], got " + m);
        }
    }
}
