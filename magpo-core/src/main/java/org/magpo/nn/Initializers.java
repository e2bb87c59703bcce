package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The parameter initialisers of the reference networks (Flax/JAX semantics). A parameter of shape
 * {@code [d0, ..., dk]} is treated as a matrix {@code [d0*...*d(k-1), dk]}: fan-in is the product of
 * all but the last dimension, and the orthogonal initialiser makes the columns (last axis) orthonormal
 * or the rows when there are fewer rows than columns, as {@code jax.nn.initializers.orthogonal}.
 * Randomness is drawn from the given {@link Rng} in row-major order of that matrix, so results are a
 * pure function of the seed (they do not reproduce JAX's numbers, whose PRNG differs).
 */
public final class Initializers {

    /** Standard deviation of a unit normal truncated to [-2, 2]; JAX divides by it to keep variance 1. */
    static final double TRUNCATED_NORMAL_STD = 0.87962566103423978;

    private Initializers() {
    }

    /** All zeros. */
    public static Initializer zeros() {
        return (p, rng) -> p.assign(0);
    }

    /** Every element {@code value}. */
    public static Initializer constant(double value) {
        return (p, rng) -> p.assign(value);
    }

    /** Independent Normal(0, std^2) draws. */
    public static Initializer normal(double std) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("normal std must be finite and >= 0, got " + std);
        }
        return (p, rng) -> {
            long[] rc = matrixShape(p);
            double[][] m = new double[(int) rc[0]][(int) rc[1]];
            for (double[] row : m) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = std * rng.nextGaussian();
                }
            }
            write(p, m);
        };
    }

    /**
     * LeCun normal as {@code jax.nn.initializers.lecun_normal}: a normal truncated at two standard
     * deviations, scaled to variance {@code 1/fan_in} (std {@code sqrt(1/fan_in) / 0.87962566}).
     */
    public static Initializer lecunNormal() {
        return (p, rng) -> {
            long[] rc = matrixShape(p);
            double std = Math.sqrt(1.0 / rc[0]) / TRUNCATED_NORMAL_STD;
            double[][] m = new double[(int) rc[0]][(int) rc[1]];
            for (double[] row : m) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = std * truncatedStandardNormal(rng);
                }
            }
            write(p, m);
        };
    }

    /**
     * Orthogonal with gain, as {@code jax.nn.initializers.orthogonal(scale=gain)} (Flax's {@code
     * orthogonal}): QR of a standard normal matrix with the signs fixed so that {@code diag(R) > 0},
     * transposed when there are fewer rows than columns, times {@code gain}.
     */
    public static Initializer orthogonal(double gain) {
        if (!Double.isFinite(gain)) {
            throw new IllegalArgumentException("orthogonal gain must be finite, got " + gain);
        }
        return (p, rng) -> {
            long[] rc = matrixShape(p);
            int rows = (int) rc[0];
            int cols = (int) rc[1];
            boolean transpose = rows < cols;
            int n = transpose ? cols : rows;   // tall dimension
            int k = transpose ? rows : cols;
            double[][] a = new double[n][k];
            for (double[] row : a) {
                for (int j = 0; j < k; j++) {
                    row[j] = rng.nextGaussian();
                }
            }
            double[][] q = orthonormalColumns(a);
            double[][] m = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    m[i][j] = gain * (transpose ? q[j][i] : q[i][j]);
                }
            }
            write(p, m);
        };
    }

    /**
     * Applies {@code inner} separately to {@code blocks} equal column blocks of a 2-D parameter, as
     * when several Flax Dense kernels are fused into one matrix (the GRU's recurrent kernel is three
     * orthogonal {@code [H, H]} blocks, not one orthogonal {@code [H, 3H]} matrix).
     */
    public static Initializer columnBlocks(int blocks, Initializer inner) {
        if (blocks < 1) {
            throw new IllegalArgumentException("columnBlocks blocks must be >= 1, got " + blocks);
        }
        return (p, rng) -> {
            if (p.rank() != 2 || p.size(1) % blocks != 0) {
                throw new IllegalArgumentException("columnBlocks(" + blocks + ") needs a 2-D parameter whose "
                        + "column count divides evenly, got shape " + java.util.Arrays.toString(p.shape()));
            }
            long w = p.size(1) / blocks;
            for (int b = 0; b < blocks; b++) {
                INDArray block = p.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(b * w, (b + 1) * w));
                INDArray tmp = block.dup('f');
                inner.init(tmp, rng);
                block.assign(tmp);
            }
        };
    }

    /** Rejection sampling from a standard normal restricted to [-2, 2]. */
    static double truncatedStandardNormal(Rng rng) {
        while (true) {
            double z = rng.nextGaussian();
            if (z >= -2 && z <= 2) {
                return z;
            }
        }
    }

    /**
     * Q of the thin QR of {@code a} ({@code [n, k]}, n >= k) with positive diag(R): modified
     * Gram-Schmidt with one re-orthogonalisation pass, which yields exactly that Q (the QR with
     * positive diagonal is unique) and is accurate to double rounding for Gaussian matrices.
     */
    static double[][] orthonormalColumns(double[][] a) {
        int n = a.length;
        int k = a[0].length;
        double[][] q = new double[n][k];
        for (int j = 0; j < k; j++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = a[i][j];
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int c = 0; c < j; c++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += q[i][c] * v[i];
                    }
                    for (int i = 0; i < n; i++) {
                        v[i] -= dot * q[i][c];
                    }
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                throw new IllegalStateException("orthogonal initialiser drew a rank-deficient matrix");
            }
            for (int i = 0; i < n; i++) {
                q[i][j] = v[i] / norm;
            }
        }
        return q;
    }

    private static long[] matrixShape(INDArray p) {
        long cols = p.rank() == 0 ? 1 : p.size(p.rank() - 1);
        long rows = p.length() / cols;
        if (rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("parameter too large to initialise: " + p.length());
        }
        return new long[] {rows, cols};
    }

    /** Writes a row-major matrix into {@code p}, whose last axis is the matrix column. */
    private static void write(INDArray p, double[][] m) {
        int cols = m[0].length;
        // Iterate the parameter in 'c' order so element (i, j) of the matrix is index i*cols + j.
        INDArray flatC = p.dup('c').reshape('c', new long[] {p.length()});
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < cols; j++) {
                flatC.putScalar((long) i * cols + j, m[i][j]);
            }
        }
        p.assign(flatC.reshape('c', p.shape()));
    }
}
