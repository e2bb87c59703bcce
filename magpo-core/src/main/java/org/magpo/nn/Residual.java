package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The sum of a residual connection, {@code out = a + b} elementwise over dense arrays of one shape (also the sum
 * of the gradients that reach a block's input by both paths). Acting sums rows of a few thousand floats, where
 * one ND4J op's fixed cost (10–40 µs) is most of the work, so FLOAT arrays go through the SIMD kernel when the
 * Vector API is present; the sums are the same floats either way.
 */
public final class Residual {
    /** From this many elements a native op beats the Java loop (when there is no SIMD kernel). */
    private static final int NATIVE_MIN = 1 << 15;

    private Residual() {
    }

    /** {@code out = a + b}; {@code out} may be {@code a} or {@code b}. */
    public static void add(INDArray a, INDArray b, INDArray out) {
        HostView x = HostView.ofDense(a);
        HostView y = HostView.ofDense(b);
        HostView o = HostView.ofDense(out);
        int n = o.length();
        if (x.length() != n || y.length() != n) {
            throw new IllegalArgumentException("residual sum needs arrays of one length, got " + x.length() + ", "
                    + y.length() + " and " + n);
        }
        FloatKernels simd = FloatKernels.forFloat(x, y, o);
        if (simd != null) {
            simd.add(x.bytes(), y.bytes(), o.bytes(), n);
        } else if (n >= NATIVE_MIN) {
            a.add(b, out);
        } else {
            for (int i = 0; i < n; i++) {
                o.set(i, x.get(i) + y.get(i));
            }
        }
    }
}
