package org.magpo.nn;

/**
 * The passes that recurrent (acting) retention makes over one head's float memory {@code S [hs, hs]}, stored
 * row-major at an offset of a larger array: update a row ({@code S[r] ← f·S[r] + Σ_j k_j[r] v_j}), read
 * ({@code q S}) and accumulate ({@code y += a·x}). They are most of the guider's acting time, and C2's
 * auto-vectorised loops over rows of 64 floats ran them at about 2 GMAC/s; the {@link FloatKernels} versions,
 * used when the Vector API is present, keep the running sums in registers (3–4× faster). Both paths multiply
 * and add in the same order without fused multiply-add, so they give the same bits and acting does not
 * depend on the JVM flag.
 */
public final class RetentionMemoryOps {
    private static final FloatKernels SIMD = FloatKernels.get();

    private RetentionMemoryOps() {
    }

    /**
     * Row {@code r} of the memory at {@code row} (n floats) becomes
     * {@code f · S[r] + Σ_j keys[off_j + r] · values[off_j ..]} with {@code off_j = first + j · stride} for
     * j in [0, count) — the rank-{@code count} update of one retention timestep, one row at a time.
     */
    public static void updateRow(float[] mem, int row, float f, float[] keys, float[] values, int first, int stride,
                                 int count, int r, int n) {
        if (SIMD != null) {
            SIMD.retentionRowUpdate(mem, row, f, keys, values, first, stride, count, r, n);
            return;
        }
        for (int c = 0; c < n; c++) {
            mem[row + c] = f * mem[row + c];
        }
        for (int j = 0, off = first; j < count; j++, off += stride) {
            float kr = keys[off + r];
            for (int c = 0; c < n; c++) {
                mem[row + c] += kr * values[off + c];
            }
        }
    }

    /** {@code out[outAt ..] = x[xAt ..] · S} for the {@code [n, n]} memory block at {@code base}. */
    public static void read(float[] x, int xAt, float[] mem, int base, int n, float[] out, int outAt) {
        if (SIMD != null) {
            SIMD.vectorTimesMatrix(x, xAt, mem, base, n, out, outAt);
            return;
        }
        java.util.Arrays.fill(out, outAt, outAt + n, 0f);
        for (int r = 0; r < n; r++) {
            float xr = x[xAt + r];
            int rowAt = base + r * n;
            for (int c = 0; c < n; c++) {
                out[outAt + c] += xr * mem[rowAt + c];
            }
        }
    }

    /** {@code y[yAt + i] += a · x[xAt + i]} for i in [0, n). */
    public static void addScaled(float a, float[] x, int xAt, float[] y, int yAt, int n) {
        if (SIMD != null) {
            SIMD.addScaled(a, x, xAt, y, yAt, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yAt + i] += a * x[xAt + i];
        }
    }
}
