package org.magpo.dist;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between a contiguous INDArray and Java arrays, in the 'f' (column-major) order the
 * network layers use: element {@code (row, col)} of an {@code [M, K]} array is flat index
 * {@code row + col * M}. One native memcpy per call instead of ND4J ops (10–40 µs each) or per-element
 * buffer access; nothing is allocated except a tiny pointer wrapper. FLOAT and DOUBLE arrays are
 * accepted (DOUBLE is what the finite-difference tests use); FLOAT goes through a caller scratch array.
 * The array's host copy is synchronised through ND4J's affinity manager, so this works on any backend.
 */
public final class ContiguousArrays {

    private ContiguousArrays() {
    }

    /**
     * Checks that {@code a} can be addressed as a flat column-major block of {@code length} scalars.
     * (A view's data buffer starts at the view's first element in this ND4J version.)
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
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(what + " must be FLOAT or DOUBLE, got " + a.dataType());
        }
    }

    /**
     * Copies the {@code length} scalars of {@code src} (flat 'f' order) into {@code dst[0..length)}.
     *
     * @param floatScratch at least {@code length} floats, used when {@code src} is FLOAT
     */
    public static void read(String what, INDArray src, int length, double[] dst, float[] floatScratch) {
        checkContiguous(what, src, length);
        Nd4j.getAffinityManager().ensureLocation(src, AffinityManager.Location.HOST);
        DataBuffer b = src.data();
        if (b.dataType() == DataType.DOUBLE) {
            new DoublePointer(b.addressPointer()).get(dst, 0, length);
        } else {
            new FloatPointer(b.addressPointer()).get(floatScratch, 0, length);
            for (int i = 0; i < length; i++) {
                dst[i] = floatScratch[i];
            }
        }
    }

    /**
     * Overwrites the {@code length} scalars of {@code dst} (flat 'f' order) with {@code src[0..length)}.
     *
     * @param floatScratch at least {@code length} floats, used when {@code dst} is FLOAT
     */
    public static void write(String what, double[] src, int length, INDArray dst, float[] floatScratch) {
        checkContiguous(what, dst, length);
        DataBuffer b = dst.data();
        if (b.dataType() == DataType.DOUBLE) {
            new DoublePointer(b.addressPointer()).put(src, 0, length);
        } else {
            for (int i = 0; i < length; i++) {
                floatScratch[i] = (float) src[i];
            }
            new FloatPointer(b.addressPointer()).put(floatScratch, 0, length);
        }
        Nd4j.getAffinityManager().tagLocation(dst, AffinityManager.Location.HOST);
    }

    /** Overwrites the {@code length} scalars of {@code dst} (flat 'f' order) with {@code src[0..length)}. */
    public static void write(String what, float[] src, int length, INDArray dst) {
        checkContiguous(what, dst, length);
        DataBuffer b = dst.data();
        if (b.dataType() == DataType.FLOAT) {
            new FloatPointer(b.addressPointer()).put(src, 0, length);
        } else {
            DoublePointer p = new DoublePointer(b.addressPointer());
            for (int i = 0; i < length; i++) {
                p.put(i, src[i]);
            }
        }
        Nd4j.getAffinityManager().tagLocation(dst, AffinityManager.Location.HOST);
    }

    /** Rows per block of the transposes: a block of row-major rows stays in L1 while columns stream. */
    private static final int BLOCK = 64;

    /**
     * Row-major {@code out[m * cols + c] = colMajor[rowMap[m] + c * rows]} (identity map when null),
     * blocked so that both sides stay cache-friendly.
     */
    public static void columnMajorToRows(double[] colMajor, int rows, int cols, int[] rowMap, double[] out) {
        for (int r0 = 0; r0 < rows; r0 += BLOCK) {
            int r1 = Math.min(rows, r0 + BLOCK);
            for (int c = 0; c < cols; c++) {
                int colBase = c * rows;
                for (int r = r0; r < r1; r++) {
                    int src = rowMap == null ? r : rowMap[r];
                    out[r * cols + c] = colMajor[colBase + src];
                }
            }
        }
    }

    /** The inverse of {@link #columnMajorToRows}: {@code colMajor[rowMap[m] + c * rows] = rowMajor[m * cols + c]}. */
    public static void rowsToColumnMajor(double[] rowMajor, int rows, int cols, int[] rowMap, double[] colMajor) {
        for (int r0 = 0; r0 < rows; r0 += BLOCK) {
            int r1 = Math.min(rows, r0 + BLOCK);
            for (int c = 0; c < cols; c++) {
                int colBase = c * rows;
                for (int r = r0; r < r1; r++) {
                    int dst = rowMap == null ? r : rowMap[r];
                    colMajor[colBase + dst] = rowMajor[r * cols + c];
                }
            }
        }
    }
}
