package org.magpo.dist;

import org.magpo.nn.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch of M diagonal Gaussians over D dims squashed by tanh, as TFP's
 * {@code Independent(TanhTransformedDistribution(Normal(mean, σ)))} in the reference's continuous
 * heads: mean {@code [M, D]} from the network, a state-independent {@code log_std [D]} and
 * {@code σ = softplus(log_std) + 1e-3}.
 *
 * <ul>
 *   <li>log-prob of a squashed action {@code a ∈ [-1, 1]^D}, summed over dims: actions are clipped to
 *       ±0.999 (float32); at or beyond the clip the log of the average density of the base tail
 *       beyond {@code ±atanh(0.999)} is used ({@code log Φ(…) − log(1 − 0.999)}), otherwise
 *       {@code log N(atanh a) − log(1 − a²)};</li>
 *   <li>entropy: Normal entropy plus {@code log|d tanh(x)/dx|} at one reparameterised sample
 *       {@code x = mean + σ·ε}, with the noise ε drawn by {@link #drawEntropyNoise} (zero until then);</li>
 *   <li>KL: of the pre-tanh Normals, summed over dims.</li>
 * </ul>
 * Gradients are accumulated with respect to the mean {@code [M, D]} and {@code log_std [D]}
 * (summed over rows). Actions are {@code float[M * D]} row-major. Preallocated for {@code capacity}
 * rows; allocates nothing afterwards.
 */
public final class TanhGaussian implements ActionDistribution<float[]> {

    /** σ = softplus(log_std) + MIN_SCALE. */
    public static final double MIN_SCALE = 1e-3;
    /** The clip threshold on squashed actions, in float32 as the reference compares it. */
    public static final float THRESHOLD = 0.999f;

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double TAIL_X = atanh(THRESHOLD);
    private static final double LOG_TAIL_WIDTH = Math.log(1.0 - 0.999);

    private final int capacity;
    private final int dim;
    private final double[] mean;
    private final double[] noise;
    private final double[] gradMean;
    private final double[] logStd;
    private final double[] sigma;
    private final double[] gradLogStd;
    /** Column-major staging of one INDArray transfer, and its float twin. */
    private final double[] staging;
    private final float[] stagingF;
    private int rows;

    /**
     * @param capacity the largest M this instance will hold
     * @param dim      D, the action dimension
     */
    public TanhGaussian(int capacity, int dim) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1, got " + dim);
        }
        this.capacity = capacity;
        this.dim = dim;
        int n = Math.multiplyExact(capacity, dim);
        this.mean = new double[n];
        this.noise = new double[n];
        this.gradMean = new double[n];
        this.logStd = new double[dim];
        this.sigma = new double[dim];
        this.gradLogStd = new double[dim];
        this.staging = new double[n];
        this.stagingF = new float[n];
    }

    /** D. */
    public int dim() {
        return dim;
    }

    @Override
    public int rows() {
        return rows;
    }

    /** σ_d of the loaded log_std. */
    public double sigma(int d) {
        return sigma[d];
    }

    /** Loads mean {@code [M, D]} ('f'-ordered) and log_std ({@code D} scalars), no row map. */
    public TanhGaussian load(INDArray meanArr, INDArray logStdArr) {
        return load(meanArr, logStdArr, null);
    }

    /**
     * Loads mean {@code [M, D]} ('f'-ordered) and log_std; distribution row m reads array row
     * {@code rowMap[m]} (identity when null). Resets the gradient accumulators; keeps the entropy noise.
     */
    public TanhGaussian load(INDArray meanArr, INDArray logStdArr, int[] rowMap) {
        if (meanArr == null || meanArr.rank() != 2 || meanArr.columns() != dim) {
            throw new IllegalArgumentException("mean must be [M, " + dim + "], got "
                    + (meanArr == null ? "null" : java.util.Arrays.toString(meanArr.shape())));
        }
        int m = Math.toIntExact(meanArr.rows());
        checkRows(m, rowMap);
        ContiguousArrays.read("mean", meanArr, m * dim, staging, stagingF);
        ContiguousArrays.columnMajorToRows(staging, m, dim, rowMap, mean);
        ContiguousArrays.read("logStd", logStdArr, dim, logStd, stagingF);
        rows = m;
        prepare();
        return this;
    }

    /** Loads row-major means {@code mean[m * D + d]} for {@code m < rows} and {@code log_std [D]}. */
    public TanhGaussian load(double[] meanRowMajor, double[] logStdValues, int rows) {
        checkRows(rows, null);
        if (meanRowMajor.length < rows * dim || logStdValues.length < dim) {
            throw new IllegalArgumentException("mean must hold rows*D = " + rows * dim + " and logStd D = " + dim
                    + " values, got " + meanRowMajor.length + " and " + logStdValues.length);
        }
        System.arraycopy(meanRowMajor, 0, mean, 0, rows * dim);
        System.arraycopy(logStdValues, 0, logStd, 0, dim);
        this.rows = rows;
        prepare();
        return this;
    }

    private void checkRows(int m, int[] rowMap) {
        if (m < 1 || m > capacity) {
            throw new IllegalArgumentException("rows must be in [1, " + capacity + "], got " + m);
        }
        if (rowMap != null && rowMap.length < m) {
            throw new IllegalArgumentException("rowMap must hold " + m + " rows, got " + rowMap.length);
        }
    }

    private void prepare() {
        for (int d = 0; d < dim; d++) {
            if (!Double.isFinite(logStd[d])) {
                throw new IllegalArgumentException("logStd[" + d + "] must be finite, got " + logStd[d]);
            }
            sigma[d] = softplus(logStd[d]) + MIN_SCALE;
            gradLogStd[d] = 0;
        }
        java.util.Arrays.fill(gradMean, 0, rows * dim, 0.0);
    }

    /**
     * Draws {@code x = mean + σ·ε} per row and dim: pre-tanh values into {@code preTanh} (may be
     * null) and squashed actions {@code tanh(x)} into {@code actions}, both {@code [M * D]} row-major.
     */
    public void sample(Rng rng, float[] preTanh, float[] actions) {
        for (int r = 0; r < rows; r++) {
            for (int d = 0; d < dim; d++) {
                draw(r * dim + d, d, rng.nextGaussian(), preTanh, actions);
            }
        }
    }

    /**
     * {@link #sample(Rng, float[], float[])} with standard-normal noise drawn beforehand, in the same order
     * (row-major {@code [rows, D]} from {@code noise[offset]}), so work split over threads keeps the random
     * stream of a single pass.
     */
    public void sample(double[] noise, int offset, float[] preTanh, float[] actions) {
        if (offset < 0 || noise.length < offset + rows * dim) {
            throw new IllegalArgumentException("noise must hold offset + rows*D = " + offset + " + " + rows * dim
                    + " values, got " + noise.length);
        }
        for (int i = 0, n = rows * dim; i < n; i++) {
            draw(i, i % dim, noise[offset + i], preTanh, actions);
        }
    }

    private void draw(int i, int d, double eps, float[] preTanh, float[] actions) {
        double x = mean[i] + sigma[d] * eps;
        if (preTanh != null) {
            preTanh[i] = (float) x;
        }
        actions[i] = (float) Math.tanh(x);
    }

    /** {@code tanh(mean)} per row and dim (the deterministic action). */
    public void mode(float[] out) {
        for (int i = 0; i < rows * dim; i++) {
            out[i] = (float) Math.tanh(mean[i]);
        }
    }

    /** Draws the standard-normal noise the one-sample entropy estimate uses, {@code [M * D]}. */
    public void drawEntropyNoise(Rng rng) {
        for (int i = 0; i < rows * dim; i++) {
            noise[i] = rng.nextGaussian();
        }
    }

    @Override
    public void zeroGrad() {
        java.util.Arrays.fill(gradMean, 0, rows * dim, 0.0);
        java.util.Arrays.fill(gradLogStd, 0.0);
    }

    @Override
    public void logProb(float[] actions, double[] out) {
        for (int r = 0; r < rows; r++) {
            double lp = 0;
            for (int d = 0; d < dim; d++) {
                lp += dimLogProb(actions[r * dim + d], mean[r * dim + d], sigma[d]);
            }
            out[r] = lp;
        }
    }

    private static double dimLogProb(float action, double mu, double s) {
        if (Float.isNaN(action)) {
            throw new IllegalArgumentException("continuous action must not be NaN");
        }
        if (action <= -THRESHOLD) {
            return StandardNormal.logCdf((-TAIL_X - mu) / s) - LOG_TAIL_WIDTH;
        }
        if (action >= THRESHOLD) {
            return StandardNormal.logSurvival((TAIL_X - mu) / s) - LOG_TAIL_WIDTH;
        }
        double y = action;
        double z = (atanh(y) - mu) / s;
        return -0.5 * z * z - Math.log(s) - HALF_LOG_2PI - Math.log1p(-y * y);
    }

    @Override
    public void accumulateLogProbGrad(float[] actions, double[] upstream) {
        for (int r = 0; r < rows; r++) {
            double g = upstream[r];
            if (g == 0) {
                continue;
            }
            for (int d = 0; d < dim; d++) {
                int i = r * dim + d;
                float action = actions[i];
                double mu = mean[i];
                double s = sigma[d];
                double dMu;
                double dSigma;
                if (action <= -THRESHOLD) {
                    double v = (-TAIL_X - mu) / s;
                    double h = StandardNormal.logCdfDerivative(v);
                    dMu = -h / s;
                    dSigma = -h * v / s;
                } else if (action >= THRESHOLD) {
                    double u = (TAIL_X - mu) / s;
                    double h = StandardNormal.logSurvivalDerivative(u);
                    dMu = -h / s;
                    dSigma = -h * u / s;
                } else {
                    double z = (atanh(action) - mu) / s;
                    dMu = z / s;
                    dSigma = (z * z - 1) / s;
                }
                gradMean[i] += g * dMu;
                gradLogStd[d] += g * dSigma * sigmoid(logStd[d]);
            }
        }
    }

    @Override
    public void entropy(double[] out) {
        for (int r = 0; r < rows; r++) {
            double h = 0;
            for (int d = 0; d < dim; d++) {
                int i = r * dim + d;
                double x = mean[i] + sigma[d] * noise[i];
                h += 0.5 + HALF_LOG_2PI + Math.log(sigma[d]) + tanhLogDetJacobian(x);
            }
            out[r] = h;
        }
    }

    @Override
    public void accumulateEntropyGrad(double[] upstream) {
        // d log|tanh'(x)| / dx = -2 tanh(x); x = mean + σ ε is reparameterised.
        for (int r = 0; r < rows; r++) {
            double g = upstream[r];
            if (g == 0) {
                continue;
            }
            for (int d = 0; d < dim; d++) {
                int i = r * dim + d;
                double x = mean[i] + sigma[d] * noise[i];
                double dx = -2 * Math.tanh(x);
                gradMean[i] += g * dx;
                gradLogStd[d] += g * (1 / sigma[d] + dx * noise[i]) * sigmoid(logStd[d]);
            }
        }
    }

    private TanhGaussian partner(ActionDistribution<float[]> other) {
        if (!(other instanceof TanhGaussian o) || o.dim != dim || o.rows != rows) {
            throw new IllegalArgumentException("KL needs two TanhGaussian batches with the same rows and D; got "
                    + this + " and " + other);
        }
        return o;
    }

    @Override
    public void kl(ActionDistribution<float[]> q, double[] out) {
        TanhGaussian o = partner(q);
        for (int r = 0; r < rows; r++) {
            double kl = 0;
            for (int d = 0; d < dim; d++) {
                int i = r * dim + d;
                double sp = sigma[d];
                double sq = o.sigma[d];
                double dm = mean[i] - o.mean[i];
                kl += Math.log(sq / sp) + (sp * sp + dm * dm) / (2 * sq * sq) - 0.5;
            }
            out[r] = kl;
        }
    }

    @Override
    public void accumulateKlGradAsFirst(ActionDistribution<float[]> q, double[] upstream) {
        TanhGaussian o = partner(q);
        for (int r = 0; r < rows; r++) {
            double g = upstream[r];
            if (g == 0) {
                continue;
            }
            for (int d = 0; d < dim; d++) {
                int i = r * dim + d;
                double sp = sigma[d];
                double sq2 = o.sigma[d] * o.sigma[d];
                gradMean[i] += g * (mean[i] - o.mean[i]) / sq2;
                gradLogStd[d] += g * (-1 / sp + sp / sq2) * sigmoid(logStd[d]);
            }
        }
    }

    @Override
    public void accumulateKlGradAsSecond(ActionDistribution<float[]> p, double[] upstream) {
        TanhGaussian o = partner(p);
        for (int r = 0; r < rows; r++) {
            double g = upstream[r];
            if (g == 0) {
                continue;
            }
            for (int d = 0; d < dim; d++) {
                int i = r * dim + d;
                double sq = sigma[d];
                double sp = o.sigma[d];
                double dm = o.mean[i] - mean[i];
                gradMean[i] += g * (-dm / (sq * sq));
                gradLogStd[d] += g * (1 / sq - (sp * sp + dm * dm) / (sq * sq * sq)) * sigmoid(logStd[d]);
            }
        }
    }

    /** Accumulated gradient of one mean entry. */
    public double gradMean(int row, int d) {
        return gradMean[row * dim + d];
    }

    /** Accumulated gradient of {@code log_std[d]}. */
    public double gradLogStd(int d) {
        return gradLogStd[d];
    }

    /** Overwrites {@code outMean} ('f' {@code [M, D]}) and {@code outLogStd} ({@code D}) with the gradients. */
    public void writeGrad(INDArray outMean, INDArray outLogStd) {
        writeGrad(outMean, outLogStd, null);
    }

    /** As {@link #writeGrad(INDArray, INDArray)}, scattering distribution row m to array row {@code rowMap[m]}. */
    public void writeGrad(INDArray outMean, INDArray outLogStd, int[] rowMap) {
        if (outMean.rows() != rows) {
            throw new IllegalArgumentException("gradMean must be [" + rows + ", " + dim + "], got "
                    + java.util.Arrays.toString(outMean.shape()));
        }
        ContiguousArrays.rowsToColumnMajor(gradMean, rows, dim, rowMap, staging);
        ContiguousArrays.write("gradMean", staging, rows * dim, outMean, stagingF);
        ContiguousArrays.write("gradLogStd", gradLogStd, dim, outLogStd, stagingF);
    }

    /** {@code log|d tanh(x)/dx| = 2 (log 2 − x − softplus(−2x))}, TFP's stable form. */
    static double tanhLogDetJacobian(double x) {
        return 2 * (Math.log(2) - x - softplus(-2 * x));
    }

    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    static double atanh(double y) {
        return 0.5 * Math.log1p(2 * y / (1 - y));
    }

    @Override
    public String toString() {
        return "TanhGaussian[rows=" + rows + ", D=" + dim + "]";
    }
}
