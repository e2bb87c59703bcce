package org.magpo.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct element access to the host memory behind an {@code INDArray} (FLOAT or DOUBLE), for fused
 * elementwise kernels written as plain Java loops. Per-op overhead in ND4J is 10-40 us, so a loop
 * that reads several inputs and writes several outputs in one pass is usually faster than a chain
 * of ND4J ops, and it allocates nothing.
 *
 * <p>Indices are linear element offsets relative to the array's own offset: for an 'f'-ordered
 * {@code [rows, cols]} array element {@code (r, c)} is at {@code r * stride(0) + c * stride(1)}, which
 * is {@code r + c * rows} when the array is contiguous. Arithmetic is in double; FLOAT arrays round on
 * store. Valid while the array's memory is alive; do not keep a view across a backend change.
 */
public abstract sealed class HostView permits HostView.OfFloat, HostView.OfDouble {

    /** A view of {@code array}'s memory. */
    public static HostView of(INDArray array) {
        if (array.isEmpty()) {
            throw new IllegalArgumentException("cannot view an empty array");
        }
        long base = array.offset();
        if (base > Integer.MAX_VALUE || base + array.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array too large for a host view: offset " + base + ", length "
                    + array.length());
        }
        DataType t = array.dataType();
        if (t == DataType.FLOAT) {
            return new OfFloat(array.data().asNioFloat(), (int) base);
        }
        if (t == DataType.DOUBLE) {
            return new OfDouble(array.data().asNioDouble(), (int) base);
        }
        throw new IllegalArgumentException("host views need FLOAT or DOUBLE arrays, got " + t);
    }

    protected final int base;

    private HostView(int base) {
        this.base = base;
    }

    /** Element at linear offset {@code i} (relative to the array's offset). */
    public abstract double get(int i);

    /** Stores {@code v} at linear offset {@code i}. */
    public abstract void set(int i, double v);

    /** Adds {@code v} to the element at linear offset {@code i}. */
    public final void add(int i, double v) {
        set(i, get(i) + v);
    }

    /** FLOAT storage. */
    public static final class OfFloat extends HostView {
        private final FloatBuffer buf;

        OfFloat(FloatBuffer buf, int base) {
            super(base);
            this.buf = buf;
        }

        @Override
        public double get(int i) {
            return buf.get(base + i);
        }

        @Override
        public void set(int i, double v) {
            buf.put(base + i, (float) v);
        }
    }

    /** DOUBLE storage. */
    public static final class OfDouble extends HostView {
        private final DoubleBuffer buf;

        OfDouble(DoubleBuffer buf, int base) {
            super(base);
            this.buf = buf;
        }

        @Override
        public double get(int i) {
            return buf.get(base + i);
        }

        @Override
        public void set(int i, double v) {
            buf.put(base + i, v);
        }
    }
}
