package org.magpo.policy;

import org.magpo.env.EnvSpec;

/**
 * Preallocated joint actions of a batch of agent rows (row {@code e * N + i}), in the form the
 * {@link org.magpo.env.VectorEnv} steps with: {@code discrete [rows]} for a discrete action space, or
 * {@code continuous [rows * D]} (row-major, tanh-squashed into (-1, 1)) for a continuous one, plus the
 * log-probability of each row's action under the policy that chose it.
 */
public final class ActionBuffer {
    /** Discrete actions {@code [rows]}, null for a continuous action space. */
    public final int[] discrete;
    /** Continuous actions {@code [rows * D]}, null for a discrete action space. */
    public final float[] continuous;
    /** Pre-tanh samples {@code [rows * D]} (continuous only), kept for diagnostics. */
    public final float[] preTanh;
    /** Log-probability of each row's action {@code [rows]}. */
    public final double[] logProb;
    private final int rows;

    public ActionBuffer(EnvSpec spec, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("ActionBuffer rows must be >= 1, got " + rows);
        }
        this.rows = rows;
        if (spec.isDiscrete()) {
            discrete = new int[rows];
            continuous = null;
            preTanh = null;
        } else {
            int d = spec.actionSpace().actionDim();
            discrete = null;
            continuous = new float[rows * d];
            preTanh = new float[rows * d];
        }
        logProb = new double[rows];
    }

    public int rows() {
        return rows;
    }

    public boolean isDiscrete() {
        return discrete != null;
    }
}
