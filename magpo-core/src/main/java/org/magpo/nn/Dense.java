package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fully connected layer {@code y = x W + b}: {@code x [rows, in]}, {@code W [in, out]} (parameter
 * {@code name/kernel}), optional {@code b [out]} ({@code name/bias}), {@code y [rows, out]}. All
 * matrices 'f'-ordered so the products run through gemm at full speed.
 */
public final class Dense {
    private final String name;
    private final int in;
    private final int out;
    private final Parameters.Param kernel;
    private final Parameters.Param bias;

    /**
     * Registers the parameters on {@code params}.
     *
     * @param biasInit ignored when {@code useBias} is false
     */
    public Dense(Parameters.Builder params, String name, int in, int out, boolean useBias,
                 Initializer kernelInit, Initializer biasInit) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Dense '" + name + "': in and out must be >= 1, got in=" + in
                    + ", out=" + out);
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.kernel = params.add(name + "/kernel", new long[] {in, out}, kernelInit);
        this.bias = useBias ? params.add(name + "/bias", new long[] {out}, biasInit) : null;
    }

    /** With a zero-initialised bias. */
    public Dense(Parameters.Builder params, String name, int in, int out, Initializer kernelInit) {
        this(params, name, in, out, true, kernelInit, Initializers.zeros());
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public Parameters.Param kernel() {
        return kernel;
    }

    /** The bias parameter, or null for a layer without bias. */
    public Parameters.Param bias() {
        return bias;
    }

    /** {@code y = x W + b}; {@code x [rows, in]}, {@code y [rows, out]}. */
    public void forward(INDArray x, INDArray y) {
        Shapes.requireMatrix(label(), "x", x, -1, in);
        Shapes.requireMatrix(label(), "y", y, x.size(0), out);
        Shapes.requireType(label(), "x", x, kernel.value().dataType());
        MatMul.into(x, false, kernel.value(), false, y, 0.0);
        if (bias != null) {
            int rows = (int) x.size(0);
            HostView yv = HostView.of(y);
            HostView bv = HostView.of(bias.value());
            FloatKernels simd = FloatKernels.forFloat(yv);
            java.nio.ByteBuffer yb = simd != null ? yv.bytes() : null;
            for (int c = 0; c < out; c++) {
                double b = bv.get(c);
                int base = c * rows;
                if (simd != null) {
                    simd.addScalar(yb, base, rows, (float) b);
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    yv.add(base + r, b);
                }
            }
        }
    }

    /**
     * Accumulates {@code dW += x^T dY}, {@code db += sum_rows dY} and writes {@code dX = dY W^T}.
     *
     * @param x  the forward input {@code [rows, in]}
     * @param dY gradient of the output {@code [rows, out]}
     * @param dX input gradient {@code [rows, in]} (overwritten), or null when not needed
     */
    public void backward(INDArray x, INDArray dY, INDArray dX) {
        Shapes.requireMatrix(label(), "x", x, -1, in);
        Shapes.requireMatrix(label(), "dY", dY, x.size(0), out);
        MatMul.into(x, true, dY, false, kernel.grad(), 1.0);
        if (bias != null) {
            int rows = (int) x.size(0);
            HostView gv = HostView.of(dY);
            HostView bg = HostView.of(bias.grad());
            FloatKernels simd = FloatKernels.forFloat(gv);
            java.nio.ByteBuffer gb = simd != null ? gv.bytes() : null;
            for (int c = 0; c < out; c++) {
                double s = 0;
                int base = c * rows;
                if (simd != null) {
                    bg.add(c, simd.sum(gb, base, rows));
                    continue;
                }
                for (int r = 0; r < rows; r++) {
                    s += gv.get(base + r);
                }
                bg.add(c, s);
            }
        }
        if (dX != null) {
            Shapes.requireMatrix(label(), "dX", dX, x.size(0), in);
            MatMul.into(dY, false, kernel.value(), true, dX, 0.0);
        }
    }

    private String label() {
        return "Dense '" + name + "'";
    }
}
