package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Elementwise activations with hand-written derivatives. Shapes: any, typically {@code [rows, features]};
 * {@code x}, {@code out}, {@code dY} and {@code dX} must have the same shape and layout and be
 * contiguous. {@code out} may be {@code x} (in place) and {@code dX} may be {@code dY}.
 */
public enum Activation {
    /** max(x, 0); derivative 0 at x = 0 (as jax.nn.relu). */
    RELU,
    /** GELU, tanh approximation (flax default): 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    GELU,
    /** SiLU / swish: x * sigmoid(x). */
    SILU,
    /** Hyperbolic tangent. */
    TANH,
    /** Logistic sigmoid. */
    SIGMOID;

    private static final double GELU_C = Math.sqrt(2 / Math.PI);
    private static final double GELU_A = 0.044715;

    // A switch rather than per-constant overrides: the call stays monomorphic, so the JIT inlines it
    // into the loops below.
    /** The activation at {@code x}. */
    public double f(double x) {
        return switch (this) {
            case RELU -> x > 0 || Double.isNaN(x) ? x : 0; // NaN propagates, as in XLA, so corruption is caught
            case GELU -> 0.5 * x * (1 + tanh(GELU_C * (x + GELU_A * x * x * x)));
            case SILU -> x * sigmoid(x);
            case TANH -> tanh(x);
            case SIGMOID -> sigmoid(x);
        };
    }

    /** Its derivative at {@code x}. */
    public double df(double x) {
        switch (this) {
            case RELU:
                return x > 0 ? 1 : 0;
            case GELU: {
                double t = tanh(GELU_C * (x + GELU_A * x * x * x));
                return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * x * x);
            }
            case SILU: {
                double s = sigmoid(x);
                return s * (1 + x * (1 - s));
            }
            case TANH: {
                double t = tanh(x);
                return 1 - t * t;
            }
            case SIGMOID: {
                double s = sigmoid(x);
                return s * (1 - s);
            }
            default:
                throw new IllegalStateException("unknown activation " + this);
        }
    }

    /** Numerically stable logistic sigmoid. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** {@code out = f(x)}. */
    public void forward(INDArray x, INDArray out) {
        int n = checkSame(x, out, "out");
        HostView xv = HostView.of(x);
        HostView ov = HostView.of(out);
        FloatKernels simd = this == GELU || this == RELU ? FloatKernels.forFloat(xv) : null;
        if (simd != null) {
            if (this == GELU) {
                simd.gelu(xv.bytes(), ov.bytes(), n);
            } else {
                simd.relu(xv.bytes(), ov.bytes(), n);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            ov.set(i, f(xv.get(i)));
        }
    }

    /** {@code dX = dY * f'(x)}, where {@code x} is the forward input. */
    public void backward(INDArray x, INDArray dY, INDArray dX) {
        int n = checkSame(x, dY, "dY");
        checkSame(x, dX, "dX");
        HostView xv = HostView.of(x);
        HostView gy = HostView.of(dY);
        HostView gx = HostView.of(dX);
        FloatKernels simd = this == GELU || this == RELU ? FloatKernels.forFloat(xv) : null;
        if (simd != null) {
            if (this == GELU) {
                simd.geluBackward(xv.bytes(), gy.bytes(), gx.bytes(), n);
            } else {
                simd.reluBackward(xv.bytes(), gy.bytes(), gx.bytes(), n);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            gx.set(i, gy.get(i) * df(xv.get(i)));
        }
    }

    private int checkSame(INDArray x, INDArray other, String name) {
        if (!java.util.Arrays.equals(x.shape(), other.shape()) || x.ordering() != other.ordering()
                || x.dataType() != other.dataType()) {
            throw new IllegalArgumentException(this + ": " + name + " must match x (shape "
                    + java.util.Arrays.toString(x.shape()) + ", order " + x.ordering() + ", " + x.dataType()
                    + "), got shape " + java.util.Arrays.toString(other.shape()) + ", order " + other.ordering()
                    + ", " + other.dataType());
        }
        if (x.elementWiseStride() != 1 || other.elementWiseStride() != 1) {
            throw new IllegalArgumentException(this + ": arrays must be contiguous");
        }
        return (int) x.length();
    }

    /**
     * tanh through the intrinsic {@code Math.exp}: {@code (1 − e^{−2|x|}) / (1 + e^{−2|x|})} with the sign of x.
     * About 4× faster than {@code Math.tanh} (a software routine on this JDK), which GELU and the GRU call
     * for every activation; absolute error ≤ 2.3e-16, below float resolution and harmless to the double
     * finite-difference checks.
     */
    public static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        return Math.copySign((1 - e) / (1 + e), x);
    }
}
