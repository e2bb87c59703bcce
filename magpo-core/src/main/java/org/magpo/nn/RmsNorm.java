package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RMS normalisation over features with a learnable scale and no bias (flax {@code RMSNorm}
 * defaults): {@code y = x / sqrt(mean(x^2) + 1e-6) * scale}; {@code x, y [rows, features]},
 * {@code scale [features]} (parameter {@code name/scale}, initialised to ones).
 *
 * <p>Stateless between calls: backward recomputes the per-row statistics from {@code x}, which costs
 * one pass and saves a cache. Holds a per-row scratch array that grows to the largest row count seen.
 */
public final class RmsNorm {
    /** Flax's default epsilon. */
    public static final double EPS = 1e-6;

    private final String name;
    private final int features;
    private final Parameters.Param scale;
    private double[] rowInv = new double[0];
    private double[] rowDot = new double[0];
    private float[] floatInv = new float[0];
    private float[] floatDot = new float[0];

    public RmsNorm(Parameters.Builder params, String name, int features) {
        if (features < 1) {
            throw new IllegalArgumentException("RmsNorm '" + name + "': features must be >= 1, got " + features);
        }
        this.name = name;
        this.features = features;
        this.scale = params.add(name + "/scale", new long[] {features}, Initializers.constant(1.0));
    }

    public Parameters.Param scale() {
        return scale;
    }

    /** {@code y = rmsnorm(x)}; {@code y} may be {@code x}. */
    public void forward(INDArray x, INDArray y) {
        Shapes.requireMatrix(label(), "x", x, -1, features);
        Shapes.requireMatrix(label(), "y", y, x.size(0), features);
        int rows = (int) x.size(0);
        HostView xv = HostView.of(x);
        HostView yv = HostView.of(y);
        HostView sv = HostView.of(scale.value());
        FloatKernels simd = FloatKernels.forFloat(xv, yv);
        if (simd != null) {
            float[] inv = inverseRms(simd, xv, rows);
            java.nio.ByteBuffer xb = xv.bytes();
            java.nio.ByteBuffer yb = yv.bytes();
            for (int c = 0; c < features; c++) {
                simd.scaleRows(xb, c * rows, inv, (float) sv.get(c), yb, rows);
            }
            return;
        }
        double[] inv = inverseRms(xv, rows);
        for (int c = 0; c < features; c++) {
            double s = sv.get(c);
            int base = c * rows;
            for (int r = 0; r < rows; r++) {
                yv.set(base + r, xv.get(base + r) * inv[r] * s);
            }
        }
    }

    /**
     * Accumulates {@code dScale += sum_rows dY * xhat} and writes
     * {@code dX = inv * (dY*scale - xhat * mean(dY*scale*xhat))}; {@code dX} may be {@code dY}.
     *
     * @param x the forward input {@code [rows, features]}
     */
    public void backward(INDArray x, INDArray dY, INDArray dX) {
        Shapes.requireMatrix(label(), "x", x, -1, features);
        Shapes.requireMatrix(label(), "dY", dY, x.size(0), features);
        Shapes.requireMatrix(label(), "dX", dX, x.size(0), features);
        int rows = (int) x.size(0);
        HostView xv = HostView.of(x);
        HostView gy = HostView.of(dY);
        HostView gx = HostView.of(dX);
        HostView sv = HostView.of(scale.value());
        HostView sg = HostView.of(scale.grad());
        FloatKernels simd = FloatKernels.forFloat(xv, gy, gx);
        if (simd != null) {
            float[] inv = inverseRms(simd, xv, rows);
            float[] dot = floatDot;
            java.util.Arrays.fill(dot, 0, rows, 0f);
            java.nio.ByteBuffer xb = xv.bytes();
            java.nio.ByteBuffer gyb = gy.bytes();
            java.nio.ByteBuffer gxb = gx.bytes();
            for (int c = 0; c < features; c++) {
                sg.add(c, simd.rmsDots(xb, gyb, c * rows, inv, (float) sv.get(c), dot, rows));
            }
            for (int r = 0; r < rows; r++) {
                dot[r] /= features;
            }
            for (int c = 0; c < features; c++) {
                simd.rmsInputGrad(xb, gyb, gxb, c * rows, inv, (float) sv.get(c), dot, rows);
            }
            return;
        }
        double[] inv = inverseRms(xv, rows);
        double[] dot = rowDot;
        java.util.Arrays.fill(dot, 0, rows, 0.0);
        for (int c = 0; c < features; c++) {
            double s = sv.get(c);
            double ds = 0;
            int base = c * rows;
            for (int r = 0; r < rows; r++) {
                double xhat = xv.get(base + r) * inv[r];
                double g = gy.get(base + r);
                ds += g * xhat;
                dot[r] += g * s * xhat;
            }
            sg.add(c, ds);
        }
        for (int r = 0; r < rows; r++) {
            dot[r] /= features;
        }
        for (int c = 0; c < features; c++) {
            double s = sv.get(c);
            int base = c * rows;
            for (int r = 0; r < rows; r++) {
                double xhat = xv.get(base + r) * inv[r];
                gx.set(base + r, inv[r] * (gy.get(base + r) * s - xhat * dot[r]));
            }
        }
    }

    /** {@link #inverseRms(HostView, int)} with the SIMD kernels, in float. */
    private float[] inverseRms(FloatKernels simd, HostView xv, int rows) {
        if (floatInv.length < rows) {
            floatInv = new float[rows];
            floatDot = new float[rows];
        }
        float[] ms = floatInv;
        java.util.Arrays.fill(ms, 0, rows, 0f);
        java.nio.ByteBuffer xb = xv.bytes();
        for (int c = 0; c < features; c++) {
            simd.addSquares(xb, c * rows, ms, rows);
        }
        for (int r = 0; r < rows; r++) {
            ms[r] = (float) (1.0 / Math.sqrt(ms[r] / features + EPS));
        }
        return ms;
    }

    /** Per-row 1/sqrt(mean(x^2) + eps), column-major pass so memory is read sequentially. */
    private double[] inverseRms(HostView xv, int rows) {
        if (rowInv.length < rows) {
            rowInv = new double[rows];
            rowDot = new double[rows];
        }
        double[] ms = rowInv;
        java.util.Arrays.fill(ms, 0, rows, 0.0);
        for (int c = 0; c < features; c++) {
            int base = c * rows;
            for (int r = 0; r < rows; r++) {
                double v = xv.get(base + r);
                ms[r] += v * v;
            }
        }
        for (int r = 0; r < rows; r++) {
            ms[r] = 1.0 / Math.sqrt(ms[r] / features + EPS);
        }
        return ms;
    }

    private String label() {
        return "RmsNorm '" + name + "'";
    }
}
