package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Group normalisation with flax semantics (biased variance, eps 1e-6, learnable scale and bias),
 * in the layout Sable's retention uses (ALGORITHM.md §3.1): every row of the {@code [rows, width]}
 * input holds {@code width / vectorSize} vectors of {@code vectorSize} features (one per retention
 * head); each vector is split into {@code numGroups} contiguous groups that are normalised on their
 * own, and the scale/bias of size {@code vectorSize} are shared by all vectors. With
 * {@code width == vectorSize} this is ordinary GroupNorm.
 *
 * <p>{@link #backward} uses the normalised values saved by the latest {@link #forward}.
 */
public final class GroupNorm {
    /** flax.linen.GroupNorm's default epsilon. */
    public static final double EPS = 1e-6;

    private final int vectorSize;
    private final int numGroups;
    private final int groupSize;
    private final Parameters.Param scale;
    private final Parameters.Param bias;
    private final ScratchMatrix xhatBuf;
    private INDArray xhat;
    private double[] rstd = new double[0];
    private float[] rstdF = new float[0];
    private float[] acc1F = new float[0];
    private float[] acc2F = new float[0];
    private double[] acc1 = new double[0];
    private double[] acc2 = new double[0];

    /**
     * @param b          registers {@code name/scale} (ones) and {@code name/bias} (zeros), shape [vectorSize]
     * @param vectorSize features per normalised vector (the retention head size)
     * @param numGroups  groups per vector; must divide {@code vectorSize}
     */
    public GroupNorm(Parameters.Builder b, String name, int vectorSize, int numGroups) {
        if (vectorSize < 1 || numGroups < 1 || vectorSize % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm numGroups must divide vectorSize, got vectorSize "
                    + vectorSize + ", numGroups " + numGroups);
        }
        this.vectorSize = vectorSize;
        this.numGroups = numGroups;
        this.groupSize = vectorSize / numGroups;
        this.scale = b.add(name + "/scale", new long[] {vectorSize}, (p, r) -> p.assign(1.0));
        this.bias = b.add(name + "/bias", new long[] {vectorSize}, (p, r) -> p.assign(0.0));
        this.xhatBuf = new ScratchMatrix(b.dataType());
    }

    public Parameters.Param scale() {
        return scale;
    }

    public Parameters.Param bias() {
        return bias;
    }

    /**
     * @param x   {@code [rows, width]} dense 'f', width a multiple of vectorSize
     * @param out {@code [rows, width]} dense 'f'; may be {@code x}
     */
    public void forward(INDArray x, INDArray out) {
        int rows = (int) x.size(0);
        int width = checkWidth(x, out);
        requireDense("x", x);
        requireDense("out", out);
        int groups = width / groupSize;
        xhat = xhatBuf.get(rows, width);
        ensure(rows * groups, rows);
        HostView in = HostView.of(x);
        HostView xh = HostView.of(xhat);
        HostView o = HostView.of(out);
        HostView s = HostView.of(scale.value());
        HostView bi = HostView.of(bias.value());
        FloatKernels simd = FloatKernels.forFloat(in, o);
        if (simd != null) {
            forwardSimd(simd, in, xh, o, s, bi, rows, groups);
            return;
        }
        for (int g = 0; g < groups; g++) {
            int c0 = g * groupSize;
            java.util.Arrays.fill(acc1, 0, rows, 0.0);
            java.util.Arrays.fill(acc2, 0, rows, 0.0);
            for (int c = c0; c < c0 + groupSize; c++) {
                for (int r = 0; r < rows; r++) {
                    acc1[r] += in.get(c * rows + r);
                }
            }
            for (int r = 0; r < rows; r++) {
                acc1[r] /= groupSize;
            }
            for (int c = c0; c < c0 + groupSize; c++) {
                for (int r = 0; r < rows; r++) {
                    double dev = in.get(c * rows + r) - acc1[r];
                    acc2[r] += dev * dev;
                }
            }
            for (int r = 0; r < rows; r++) {
                rstd[g * rows + r] = 1.0 / Math.sqrt(acc2[r] / groupSize + EPS);
            }
            for (int c = c0; c < c0 + groupSize; c++) {
                double sc = s.get(c % vectorSize);
                double bc = bi.get(c % vectorSize);
                for (int r = 0; r < rows; r++) {
                    double n = (in.get(c * rows + r) - acc1[r]) * rstd[g * rows + r];
                    xh.set(c * rows + r, n);
                    o.set(c * rows + r, n * sc + bc);
                }
            }
        }
    }

    /**
     * Writes {@code dX} and accumulates the scale and bias gradients.
     *
     * @param dOut {@code [rows, width]} dense 'f' gradient of the output
     * @param dX   {@code [rows, width]} dense 'f'; may be {@code dOut}
     */
    public void backward(INDArray dOut, INDArray dX) {
        if (xhat == null) {
            throw new IllegalStateException("GroupNorm.backward called before forward");
        }
        int rows = (int) xhat.size(0);
        int width = (int) xhat.size(1);
        if (dOut.size(0) != rows || dOut.size(1) != width || dX.size(0) != rows || dX.size(1) != width) {
            throw new IllegalArgumentException("GroupNorm.backward expects dOut and dX [" + rows + ", " + width
                    + "] like the last forward, got " + java.util.Arrays.toString(dOut.shape()) + " and "
                    + java.util.Arrays.toString(dX.shape()));
        }
        requireDense("dOut", dOut);
        requireDense("dX", dX);
        int groups = width / groupSize;
        HostView dy = HostView.of(dOut);
        HostView dx = HostView.of(dX);
        HostView xh = HostView.of(xhat);
        HostView s = HostView.of(scale.value());
        HostView ds = HostView.of(scale.grad());
        HostView db = HostView.of(bias.grad());
        FloatKernels simd = FloatKernels.forFloat(dy, dx);
        if (simd != null) {
            backwardSimd(simd, dy, dx, xh, s, ds, db, rows, groups);
            return;
        }
        for (int g = 0; g < groups; g++) {
            int c0 = g * groupSize;
            java.util.Arrays.fill(acc1, 0, rows, 0.0);
            java.util.Arrays.fill(acc2, 0, rows, 0.0);
            for (int c = c0; c < c0 + groupSize; c++) {
                double sc = s.get(c % vectorSize);
                double sumScale = 0;
                double sumBias = 0;
                for (int r = 0; r < rows; r++) {
                    int i = c * rows + r;
                    double g1 = dy.get(i);
                    double n = xh.get(i);
                    sumScale += g1 * n;
                    sumBias += g1;
                    double dn = g1 * sc;
                    acc1[r] += dn;
                    acc2[r] += dn * n;
                }
                ds.add(c % vectorSize, sumScale);
                db.add(c % vectorSize, sumBias);
            }
            for (int c = c0; c < c0 + groupSize; c++) {
                double sc = s.get(c % vectorSize);
                for (int r = 0; r < rows; r++) {
                    int i = c * rows + r;
                    double dn = dy.get(i) * sc;
                    dx.set(i, rstd[g * rows + r] * (dn - (acc1[r] + xh.get(i) * acc2[r]) / groupSize));
                }
            }
        }
    }

    /** {@link #forward} with the SIMD kernels (FLOAT); the statistics stay in float for {@link #backwardSimd}. */
    private void forwardSimd(FloatKernels simd, HostView in, HostView xh, HostView o, HostView s, HostView bi, int rows,
                             int groups) {
        if (rstdF.length < groups * rows) {
            rstdF = new float[groups * rows];
        }
        if (acc1F.length < rows) {
            acc1F = new float[rows];
            acc2F = new float[rows];
        }
        java.nio.ByteBuffer xb = in.bytes();
        java.nio.ByteBuffer xhb = xh.bytes();
        java.nio.ByteBuffer ob = o.bytes();
        for (int g = 0; g < groups; g++) {
            int c0 = g * groupSize;
            java.util.Arrays.fill(acc1F, 0, rows, 0f);
            java.util.Arrays.fill(acc2F, 0, rows, 0f);
            for (int c = c0; c < c0 + groupSize; c++) {
                simd.addTo(xb, c * rows, acc1F, rows);
            }
            for (int r = 0; r < rows; r++) {
                acc1F[r] /= groupSize;
            }
            for (int c = c0; c < c0 + groupSize; c++) {
                simd.addCenteredSquares(xb, c * rows, acc1F, acc2F, rows);
            }
            for (int r = 0; r < rows; r++) {
                rstdF[g * rows + r] = (float) (1.0 / Math.sqrt(acc2F[r] / groupSize + EPS));
            }
            for (int c = c0; c < c0 + groupSize; c++) {
                simd.normaliseAffine(xb, c * rows, acc1F, rstdF, g * rows, (float) s.get(c % vectorSize),
                        (float) bi.get(c % vectorSize), xhb, ob, rows);
            }
        }
    }

    /** {@link #backward} with the SIMD kernels, using the float statistics of {@link #forwardSimd}. */
    private void backwardSimd(FloatKernels simd, HostView dy, HostView dx, HostView xh, HostView s, HostView ds,
                              HostView db, int rows, int groups) {
        java.nio.ByteBuffer dyb = dy.bytes();
        java.nio.ByteBuffer dxb = dx.bytes();
        java.nio.ByteBuffer xhb = xh.bytes();
        float invGroup = 1f / groupSize;
        for (int g = 0; g < groups; g++) {
            int c0 = g * groupSize;
            java.util.Arrays.fill(acc1F, 0, rows, 0f);
            java.util.Arrays.fill(acc2F, 0, rows, 0f);
            for (int c = c0; c < c0 + groupSize; c++) {
                float sc = (float) s.get(c % vectorSize);
                ds.add(c % vectorSize, simd.groupNormDots(dyb, xhb, c * rows, sc, acc1F, acc2F, rows));
                db.add(c % vectorSize, simd.sum(dyb, c * rows, rows));
            }
            for (int c = c0; c < c0 + groupSize; c++) {
                simd.groupNormInputGrad(dyb, xhb, dxb, c * rows, (float) s.get(c % vectorSize), rstdF, g * rows, acc1F,
                        acc2F, invGroup, rows);
            }
        }
    }

    private int checkWidth(INDArray x, INDArray out) {
        long width = x.size(1);
        if (width % vectorSize != 0 || out.size(0) != x.size(0) || out.size(1) != width) {
            throw new IllegalArgumentException("GroupNorm expects x and out [rows, k*" + vectorSize + "], got x "
                    + java.util.Arrays.toString(x.shape()) + ", out " + java.util.Arrays.toString(out.shape()));
        }
        return (int) width;
    }

    /** The Java loops index {@code (r, c)} as {@code r + c * rows}: refuse anything else. */
    private static void requireDense(String what, INDArray a) {
        if (a.ordering() != 'f' || a.elementWiseStride() != 1) {
            throw new IllegalArgumentException("GroupNorm " + what + " must be a dense 'f'-ordered matrix, got order "
                    + a.ordering() + " strides " + java.util.Arrays.toString(a.stride()));
        }
    }

    private void ensure(int rstdLen, int rows) {
        if (rstd.length < rstdLen) {
            rstd = new double[rstdLen];
        }
        if (acc1.length < rows) {
            acc1 = new double[rows];
            acc2 = new double[rows];
        }
    }
}
