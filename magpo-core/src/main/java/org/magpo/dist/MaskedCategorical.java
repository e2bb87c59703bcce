package org.magpo.dist;

import org.magpo.nn.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of M categorical distributions over A actions with action masks, as the guider and the
 * learner heads produce them. Illegal actions get the logit {@code -Float.MAX_VALUE} (the float32
 * minimum the reference uses), so they have probability 0, are never sampled, and every sum below
 * (entropy, KL) effectively runs over legal actions only.
 *
 * <p>Inputs: logits {@code [M, A]} ('f'-ordered INDArray, or a row-major {@code double[]}), mask
 * {@code boolean[M * A]} row-major ({@code mask[m * A + a]}, true = legal; null = all legal), laid out
 * like the logits' rows. An optional row map reads distribution row m from array row
 * {@code rowMap[m]} (used to line up the learner's time-major rows with the guider's token-major
 * rows without copying tensors); {@link #writeGrad(INDArray, int[])} scatters back through the same map.
 *
 * <p>Gradients are taken with respect to the raw (pre-mask) logits; masked entries get 0. The
 * instance is preallocated for {@code capacity} rows and allocates nothing afterwards.
 */
public final class MaskedCategorical implements ActionDistribution<int[]> {

    /** The logit illegal actions are replaced with (float32 min, as {@code jnp.finfo(float32).min}). */
    public static final double MASKED_LOGIT = -Float.MAX_VALUE;

    private final int capacity;
    private final int numActions;
    private final double[] logp;
    private final double[] prob;
    private final boolean[] legal;
    private final double[] grad;
    private final double[] rowEntropy;
    /** Column-major staging of one INDArray transfer, and its float twin. */
    private final double[] staging;
    private final float[] stagingF;
    private int rows;

    /**
     * @param capacity   the largest M this instance will hold
     * @param numActions A
     */
    public MaskedCategorical(int capacity, int numActions) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        if (numActions < 1) {
            throw new IllegalArgumentException("numActions must be >= 1, got " + numActions);
        }
        this.capacity = capacity;
        this.numActions = numActions;
        int n = Math.multiplyExact(capacity, numActions);
        this.logp = new double[n];
        this.prob = new double[n];
        this.legal = new boolean[n];
        this.grad = new double[n];
        this.rowEntropy = new double[capacity];
        this.staging = new double[n];
        this.stagingF = new float[n];
    }

    /** A. */
    public int numActions() {
        return numActions;
    }

    @Override
    public int rows() {
        return rows;
    }

    /** Loads logits {@code [M, A]} 'f'-ordered (M = {@code logits.rows()}) with no row map. */
    public MaskedCategorical load(INDArray logits, boolean[] mask) {
        return load(logits, mask, null);
    }

    /**
     * Loads logits {@code [M, A]} 'f'-ordered; distribution row m reads array row {@code rowMap[m]}
     * (identity when {@code rowMap} is null). Resets the gradient accumulators.
     */
    public MaskedCategorical load(INDArray logits, boolean[] mask, int[] rowMap) {
        if (logits == null || logits.rank() != 2 || logits.columns() != numActions) {
            throw new IllegalArgumentException("logits must be [M, " + numActions + "], got "
                    + (logits == null ? "null" : java.util.Arrays.toString(logits.shape())));
        }
        int m = Math.toIntExact(logits.rows());
        checkRows(m, mask, rowMap);
        ContiguousArrays.read("logits", logits, m * numActions, staging, stagingF);
        ContiguousArrays.columnMajorToRows(staging, m, numActions, rowMap, logp);
        for (int r = 0; r < m; r++) {
            int src = rowMap == null ? r : rowMap[r];
            if (mask == null) {
                java.util.Arrays.fill(legal, r * numActions, (r + 1) * numActions, true);
            } else {
                System.arraycopy(mask, src * numActions, legal, r * numActions, numActions);
            }
        }
        rows = m;
        normalise();
        return this;
    }

    /** Loads row-major logits {@code logits[m * A + a]} for {@code m < rows}; mask as in the class doc. */
    public MaskedCategorical load(double[] logits, boolean[] mask, int rows) {
        checkRows(rows, mask, null);
        if (logits.length < rows * numActions) {
            throw new IllegalArgumentException("logits must hold rows*A = " + rows * numActions + " values, got "
                    + logits.length);
        }
        for (int i = 0; i < rows * numActions; i++) {
            logp[i] = logits[i];
            legal[i] = mask == null || mask[i];
        }
        this.rows = rows;
        normalise();
        return this;
    }

    private void checkRows(int m, boolean[] mask, int[] rowMap) {
        if (m < 1 || m > capacity) {
            throw new IllegalArgumentException("rows must be in [1, " + capacity + "], got " + m);
        }
        if (mask != null && mask.length < m * numActions) {
            throw new IllegalArgumentException("mask must hold rows*A = " + m * numActions + " flags, got " + mask.length);
        }
        if (rowMap != null && rowMap.length < m) {
            throw new IllegalArgumentException("rowMap must hold " + m + " rows, got " + rowMap.length);
        }
    }

    /** Masks, then turns the logits in {@code logp} into log-probabilities (stable log-sum-exp). */
    private void normalise() {
        int a = numActions;
        for (int r = 0; r < rows; r++) {
            int base = r * a;
            double max = Double.NEGATIVE_INFINITY;
            boolean any = false;
            for (int j = 0; j < a; j++) {
                if (!legal[base + j]) {
                    logp[base + j] = MASKED_LOGIT;
                } else {
                    any = true;
                    max = Math.max(max, logp[base + j]);
                }
            }
            if (!any) {
                throw new IllegalArgumentException("row " + r + " has no legal action; the action mask must allow at least one");
            }
            // One exp per entry: keep exp(z - max) in prob, then scale.
            double sum = 0;
            for (int j = 0; j < a; j++) {
                double e = legal[base + j] ? Math.exp(logp[base + j] - max) : 0.0;
                prob[base + j] = e;
                sum += e;
            }
            double logSum = Math.log(sum);
            double inv = 1.0 / sum;
            double h = 0;
            for (int j = 0; j < a; j++) {
                double l = logp[base + j] - max - logSum;
                logp[base + j] = l;
                double p = prob[base + j] * inv;
                prob[base + j] = p;
                if (legal[base + j]) {
                    h -= p * l;
                }
                grad[base + j] = 0.0;
            }
            rowEntropy[r] = h;
        }
    }

    /** Log-probability {@code log p_m(a)} of one entry. */
    public double logProb(int row, int action) {
        return logp[row * numActions + action];
    }

    /** Probability {@code p_m(a)} of one entry (0 for illegal actions). */
    public double prob(int row, int action) {
        return prob[row * numActions + action];
    }

    /** Samples one legal action per row by inversion of the CDF (one {@code nextDouble} per row). */
    public void sample(Rng rng, int[] out) {
        for (int r = 0; r < rows; r++) {
            out[r] = choose(r, rng.nextDouble());
        }
    }

    /**
     * Samples row r with the uniform {@code uniforms[offset + r]} — what {@link #sample(Rng, int[])} does with
     * uniforms drawn beforehand, in row order, from the same source (so work split over threads keeps the
     * random stream of a single pass).
     */
    public void sample(double[] uniforms, int offset, int[] out) {
        if (offset < 0 || uniforms.length < offset + rows) {
            throw new IllegalArgumentException("uniforms must hold offset + rows = " + offset + " + " + rows
                    + " values, got " + uniforms.length);
        }
        for (int r = 0; r < rows; r++) {
            out[r] = choose(r, uniforms[offset + r]);
        }
    }

    private int choose(int r, double u) {
        int a = numActions;
        int base = r * a;
        double cum = 0;
        int chosen = -1;
        for (int j = 0; j < a; j++) {
            if (legal[base + j] && prob[base + j] > 0) {
                chosen = j;
                cum += prob[base + j];
                if (u < cum) {
                    break;
                }
            }
        }
        // Falling through keeps the last legal action with positive mass (rounding: cum < 1 by ulps).
        return chosen;
    }

    /** The most probable legal action per row; ties go to the lowest index (as {@code argmax}). */
    public void mode(int[] out) {
        int a = numActions;
        for (int r = 0; r < rows; r++) {
            int base = r * a;
            int best = -1;
            for (int j = 0; j < a; j++) {
                if (legal[base + j] && (best < 0 || logp[base + j] > logp[base + best])) {
                    best = j;
                }
            }
            out[r] = best;
        }
    }

    @Override
    public void zeroGrad() {
        java.util.Arrays.fill(grad, 0, rows * numActions, 0.0);
    }

    private int checkedAction(int[] actions, int r) {
        int act = actions[r];
        if (act < 0 || act >= numActions) {
            throw new IllegalArgumentException("action of row " + r + " must be in [0, " + numActions + "), got " + act);
        }
        return act;
    }

    @Override
    public void logProb(int[] actions, double[] out) {
        for (int r = 0; r < rows; r++) {
            out[r] = logp[r * numActions + checkedAction(actions, r)];
        }
    }

    @Override
    public void accumulateLogProbGrad(int[] actions, double[] upstream) {
        // d log p(a) / d z_j = 1[j = a] - p_j on legal j.
        int a = numActions;
        for (int r = 0; r < rows; r++) {
            double g = upstream[r];
            if (g == 0) {
                continue;
            }
            int base = r * a;
            int act = checkedAction(actions, r);
            for (int j = 0; j < a; j++) {
                if (legal[base + j]) {
                    grad[base + j] -= g * prob[base + j];
                }
            }
            if (legal[base + act]) {
                grad[base + act] += g;
            }
        }
    }

    @Override
    public void entropy(double[] out) {
        for (int r = 0; r < rows; r++) {
            out[r] = rowEntropy[r];
        }
    }

    @Override
    public void accumulateEntropyGrad(double[] upstream) {
        // dH / d z_j = -p_j (log p_j + H).
        for (int r = 0; r < rows; r++) {
            double g = upstream[r];
            if (g == 0) {
                continue;
            }
            int base = r * numActions;
            double h = rowEntropy[r];
            for (int j = 0; j < numActions; j++) {
                if (legal[base + j]) {
                    grad[base + j] -= g * prob[base + j] * (logp[base + j] + h);
                }
            }
        }
    }

    private MaskedCategorical partner(ActionDistribution<int[]> other) {
        if (!(other instanceof MaskedCategorical o) || o.numActions != numActions || o.rows != rows) {
            throw new IllegalArgumentException("KL needs two MaskedCategorical batches with the same rows and A; got "
                    + rows + "x" + numActions + " and " + other);
        }
        return o;
    }

    /** KL(p_r ‖ q_r) over p's legal actions; q must allow every action p allows. */
    private static double rowKl(MaskedCategorical p, MaskedCategorical q, int r) {
        int base = r * p.numActions;
        double kl = 0;
        for (int j = 0; j < p.numActions; j++) {
            if (p.legal[base + j]) {
                if (!q.legal[base + j]) {
                    throw new IllegalArgumentException("KL(p‖q) undefined at row " + r + ": action " + j
                            + " is legal for p but masked for q");
                }
                kl += p.prob[base + j] * (p.logp[base + j] - q.logp[base + j]);
            }
        }
        return kl;
    }

    @Override
    public void kl(ActionDistribution<int[]> q, double[] out) {
        MaskedCategorical o = partner(q);
        for (int r = 0; r < rows; r++) {
            out[r] = rowKl(this, o, r);
        }
    }

    @Override
    public void accumulateKlGradAsFirst(ActionDistribution<int[]> q, double[] upstream) {
        // d KL(p‖q) / d z^p_j = p_j ((log p_j - log q_j) - KL).
        MaskedCategorical o = partner(q);
        for (int r = 0; r < rows; r++) {
            double g = upstream[r];
            if (g == 0) {
                continue;
            }
            double kl = rowKl(this, o, r);
            int base = r * numActions;
            for (int j = 0; j < numActions; j++) {
                if (legal[base + j]) {
                    grad[base + j] += g * prob[base + j] * ((logp[base + j] - o.logp[base + j]) - kl);
                }
            }
        }
    }

    @Override
    public void accumulateKlGradAsSecond(ActionDistribution<int[]> p, double[] upstream) {
        // d KL(p‖q) / d z^q_j = q_j - p_j (p sums to 1 over its legal actions).
        MaskedCategorical o = partner(p);
        for (int r = 0; r < rows; r++) {
            double g = upstream[r];
            if (g == 0) {
                continue;
            }
            int base = r * numActions;
            for (int j = 0; j < numActions; j++) {
                if (legal[base + j]) {
                    grad[base + j] += g * (prob[base + j] - o.prob[base + j]);
                }
            }
        }
    }

    /** Accumulated gradient of one logit (row-major view, for tests and diagnostics). */
    public double grad(int row, int action) {
        return grad[row * numActions + action];
    }

    /** Overwrites {@code out} ('f'-ordered {@code [M, A]}) with the accumulated logit gradients. */
    public void writeGrad(INDArray out) {
        writeGrad(out, null);
    }

    /** Overwrites array row {@code rowMap[m]} of {@code out} with the gradient of distribution row m. */
    public void writeGrad(INDArray out, int[] rowMap) {
        if (out.rows() != rows) {
            throw new IllegalArgumentException("gradLogits must be [" + rows + ", " + numActions + "], got "
                    + java.util.Arrays.toString(out.shape()));
        }
        ContiguousArrays.rowsToColumnMajor(grad, rows, numActions, rowMap, staging);
        ContiguousArrays.write("gradLogits", staging, rows * numActions, out, stagingF);
    }

    @Override
    public String toString() {
        return "MaskedCategorical[rows=" + rows + ", A=" + numActions + "]";
    }
}
