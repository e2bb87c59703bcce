package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The recurrent-retention memory passes: hand-computed values, and the SIMD kernels against plain loops in the
 * documented order, bit for bit (acting must not depend on whether the JVM has the Vector API).
 */
class RetentionMemoryOpsTest {

    @Test
    void rowUpdateDecaysTheRowAndAddsEachTokensKeyTimesValue() {
        // S = [[1, 2], [3, 4]]; tokens (k, v): ([1, 2], [10, 20]) and ([0.5, -1], [2, 4]), stride 2
        float[] mem = {1, 2, 3, 4};
        float[] keys = {1, 2, 0.5f, -1};
        float[] values = {10, 20, 2, 4};
        RetentionMemoryOps.updateRow(mem, 2, 0.5f, keys, values, 0, 2, 2, 1, 2);
        // row 1: 0.5·[3, 4] + 2·[10, 20] + (−1)·[2, 4]
        assertArrayEquals(new float[] {1, 2, 19.5f, 38}, mem);
    }

    @Test
    void readIsTheRowVectorTimesTheMemory() {
        float[] mem = {9, 1, 2, 3, 4};   // block at offset 1
        float[] out = {7, 7, 7};
        RetentionMemoryOps.read(new float[] {0, 1, -2}, 1, mem, 1, 2, out, 1);
        assertArrayEquals(new float[] {7, 1 - 6, 2 - 8}, out);
    }

    @Test
    void addScaledAccumulates() {
        float[] y = {1, 1, 1};
        RetentionMemoryOps.addScaled(3, new float[] {5, 1, 2}, 1, y, 0, 2);
        assertArrayEquals(new float[] {4, 7, 1}, y);
    }

    @Test
    void simdPassesGiveTheBitsOfThePlainLoops() {
        FloatKernels k = new VectorFloatKernels();
        for (int n : new int[] {19, 64}) {   // a scalar tail, and whole vectors only
            int count = 3;
            int stride = n + 5;
            float[] keys = noise(count * stride, 1);
            float[] values = noise(count * stride, 2);
            for (float f : new float[] {0.9f, 0f}) {
                for (int r : new int[] {0, n - 1}) {
                    float[] simd = noise(n * n + 3, 3);
                    float[] plain = simd.clone();
                    k.retentionRowUpdate(simd, 3 + r * n, f, keys, values, 2, stride, count, r, n);
                    for (int c = 0; c < n; c++) {
                        float a = f * plain[3 + r * n + c];
                        for (int j = 0; j < count; j++) {
                            a += keys[2 + j * stride + r] * values[2 + j * stride + c];
                        }
                        plain[3 + r * n + c] = a;
                    }
                    assertBits(plain, simd, "row update n=" + n + " f=" + f + " r=" + r);
                }
            }
            float[] mem = noise(n * n + 1, 4);
            float[] x = noise(n + 2, 5);
            float[] simd = new float[n + 1];
            k.vectorTimesMatrix(x, 2, mem, 1, n, simd, 1);
            float[] plain = new float[n + 1];
            for (int c = 0; c < n; c++) {
                float a = 0f;
                for (int r = 0; r < n; r++) {
                    a += x[2 + r] * mem[1 + r * n + c];
                }
                plain[1 + c] = a;
            }
            assertBits(plain, simd, "read n=" + n);
            float[] ySimd = noise(n + 4, 6);
            float[] yPlain = ySimd.clone();
            k.addScaled(-1.7f, x, 1, ySimd, 3, n);
            for (int i = 0; i < n; i++) {
                yPlain[3 + i] += -1.7f * x[1 + i];
            }
            assertBits(yPlain, ySimd, "addScaled n=" + n);
        }
    }

    private static float[] noise(int n, int seed) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (Math.sin(1.3 * i + seed) * 3 + Math.sin(0.07 * i * seed));
        }
        return a;
    }

    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), what + " at " + i);
        }
    }
}
