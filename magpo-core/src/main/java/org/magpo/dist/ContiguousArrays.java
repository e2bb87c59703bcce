package org.magpo.dist;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to the backing buffer of a contiguous INDArray, in the 'f' (column-major) order the
 * network layers use: element {@code (row, col)} of an {@code [M, K]} array is flat index
 * {@code row + col * M}. Reading through the {@link DataBuffer} avoids both ND4J's per-op overhead
 * and fresh allocations, which dominate for the per-token arithmetic of distributions and losses.
 * FLOAT and DOUBLE arrays are both accepted (DOUBLE is what the finite-difference tests use).
 */
public final class ContiguousArrays {

    private ContiguousArrays() {
    }

    /**
     * Checks that {@code a} can be addressed as a flat column-major block of {@code length} scalars
     * through {@code a.data()}. In this ND4J version a view's {@code data()} is itself rebased on the
     * view's first element, so flat index 0 of the block is {@code a.data()} index 0.
     */
    public static void checkContiguous(String what, INDArray a, long length) {
        if (a == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (a.length() != length) {
            throw new IllegalArgumentException(what + " must hold " + length + " elements, got shape "
                    + java.util.Arrays.toString(a.shape()));
        }
        boolean vectorLike = a.rank() <= 1 || a.isVector() || a.isScalar();
        if (!vectorLike && a.ordering() != 'f') {
            throw new IllegalArgumentException(what + " must be 'f'-ordered, got '" + a.ordering() + "'");
        }
        if (length > 1 && a.elementWiseStride() != 1) {
            throw new IllegalArgumentException(what + " must be contiguous (element-wise stride 1), got stride "
                    + a.elementWiseStride());
        }
    }

    /** Copies the {@code length} scalars of {@code src} (flat 'f' order) into {@code dst[0..length)}. */
    public static void read(String what, INDArray src, double[] dst, int length) {
        checkContiguous(what, src, length);
        DataBuffer b = src.data();
        for (int i = 0; i < length; i++) {
            dst[i] = b.getDouble(i);
        }
    }

    /** Overwrites the {@code length} scalars of {@code dst} (flat 'f' order) with {@code src[0..length)}. */
    public static void write(String what, double[] src, INDArray dst, int length) {
        checkContiguous(what, dst, length);
        DataBuffer b = dst.data();
        for (int i = 0; i < length; i++) {
            b.put(i, src[i]);
        }
    }

    /** Overwrites the {@code length} scalars of {@code dst} (flat 'f' order) with {@code src[0..length)}. */
    public static void write(String what, float[] src, INDArray dst, int length) {
        checkContiguous(what, dst, length);
        DataBuffer b = dst.data();
        for (int i = 0; i < length; i++) {
            b.put(i, src[i]);
        }
    }
}
