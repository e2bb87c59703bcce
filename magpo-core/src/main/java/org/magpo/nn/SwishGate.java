package org.magpo.nn;

/**
 * The output gate of a retention layer, {@code out = swish(gate) · value} with {@code swish(a) = a σ(a)}, over
 * plain float arrays — the form the acting retention ({@code RecurrentRetention}) keeps its rows in. With the
 * Vector API it uses the training kernel's arithmetic ({@link FloatKernels#swishGate}, an exp built from
 * IEEE-exact operations, so results do not depend on the JIT); without it, {@code Math.exp} per element.
 */
public final class SwishGate {
    private static final FloatKernels SIMD = FloatKernels.get();

    private SwishGate() {
    }

    /** {@code out[i] = swish(gate[i]) · value[i]} for i in [0, n); {@code out} may be {@code value}. */
    public static void apply(float[] gate, float[] value, float[] out, int n) {
        if (gate.length < n || value.length < n || out.length < n) {
            throw new IllegalArgumentException("gate, value and out must hold n = " + n + " floats, got "
                    + gate.length + ", " + value.length + " and " + out.length);
        }
        if (SIMD != null) {
            SIMD.swishGate(gate, value, out, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            float a = gate[i];
            out[i] = a * (1f / (1f + (float) Math.exp(-a))) * value[i];
        }
    }
}
