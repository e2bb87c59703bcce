package org.magpo.nn;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access, from plain Java loops, to the memory of a dense INDArray (FLOAT or DOUBLE).
 *
 * <p>Small elementwise passes (masks, norms, gates) cost less as one Java loop than as several ND4J
 * ops with 10-40 us of overhead each, and they need no temporary arrays. Index {@code i} is the
 * position in the array's own dense layout: for an 'f'-ordered {@code [rows, cols]} matrix element
 * {@code (r, c)} is at {@code r + c * rows}; for a 'c'-ordered array it is the row-major index.
 * The window is a direct view of host memory, so writes are visible to ND4J at once (CPU backend).
 */
public abstract sealed class HostBuffer permits HostBuffer.OfFloat, HostBuffer.OfDouble {

    private final int length;

    private HostBuffer(int length) {
        this.length = length;
    }

    /**
     * A window on {@code arr}, which must be dense (no gaps: default strides for its own ordering).
     *
     * @throws IllegalArgumentException if {@code arr} is not FLOAT/DOUBLE, or is a strided view
     */
    public static HostBuffer of(INDArray arr) {
        if (!isDense(arr)) {
            throw new IllegalArgumentException("HostBuffer needs a dense array (default strides for ordering '"
                    + arr.ordering() + "'), got shape " + java.util.Arrays.toString(arr.shape())
                    + " strides " + java.util.Arrays.toString(arr.stride()));
        }
        long len = arr.length();
        if (len > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("HostBuffer supports at most 2^31-1 elements, got " + len);
        }
        int offset = Math.toIntExact(arr.offset());
        DataType type = arr.dataType();
        if (type == DataType.FLOAT) {
            FloatBuffer fb = arr.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            return new OfFloat(fb.position(offset).slice(), (int) len);
        }
        if (type == DataType.DOUBLE) {
            DoubleBuffer db = arr.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
            return new OfDouble(db.position(offset).slice(), (int) len);
        }
        throw new IllegalArgumentException("HostBuffer supports FLOAT or DOUBLE arrays, got " + type);
    }

    /** True when {@code arr} occupies one gap-free block in its own ordering. */
    public static boolean isDense(INDArray arr) {
        long[] shape = arr.shape();
        long[] stride = arr.stride();
        long expect = 1;
        if (arr.ordering() == 'f') {
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] != 1 && stride[i] != expect) {
                    return false;
                }
                expect *= shape[i];
            }
        } else {
            for (int i = shape.length - 1; i >= 0; i--) {
                if (shape[i] != 1 && stride[i] != expect) {
                    return false;
                }
                expect *= shape[i];
            }
        }
        return true;
    }

    /** Number of elements in the window. */
    public final int length() {
        return length;
    }

    public abstract double get(int i);

    public abstract void set(int i, double v);

    /** {@code this[i] += v}. */
    public abstract void add(int i, double v);

    /** Sets elements [from, to) to zero. */
    public final void fillZero(int from, int to) {
        for (int i = from; i < to; i++) {
            set(i, 0.0);
        }
    }

    /** FLOAT storage; arithmetic is done in double and rounded on store. */
    public static final class OfFloat extends HostBuffer {
        private final FloatBuffer b;

        private OfFloat(FloatBuffer b, int length) {
            super(length);
            this.b = b;
        }

        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, (float) v);
        }

        @Override
        public void add(int i, double v) {
            b.put(i, (float) (b.get(i) + v));
        }
    }

    /** DOUBLE storage. */
    public static final class OfDouble extends HostBuffer {
        private final DoubleBuffer b;

        private OfDouble(DoubleBuffer b, int length) {
            super(length);
            this.b = b;
        }

        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, v);
        }

        @Override
        public void add(int i, double v) {
            b.put(i, b.get(i) + v);
        }
    }
}
