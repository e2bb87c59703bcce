package org.magpo.nn;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct element access to the host memory behind an {@code INDArray} (FLOAT or DOUBLE), for fused
 * elementwise kernels written as plain Java loops. Per-op overhead in ND4J is 10-40 us, so a loop
 * that reads several inputs and writes several outputs in one pass is usually faster than a chain
 * of ND4J ops, and it allocates nothing. Writes are visible to ND4J at once (CPU backend).
 *
 * <p>Indices are linear element offsets relative to the array's own offset: for an 'f'-ordered
 * {@code [rows, cols]} array element {@code (r, c)} is at {@code r * stride(0) + c * stride(1)}, which
 * is {@code r + c * rows} when the array is dense; for a dense 'c'-ordered array it is the row-major
 * index. {@link #of} accepts any strided view (the caller indexes with the strides);
 * {@link #ofDense} additionally rejects views with gaps, so that {@code [0, length())} covers exactly
 * the array's elements. Arithmetic is in double; FLOAT arrays round on store. Valid while the array's
 * memory is alive; do not keep a view across a backend change.
 */
public abstract sealed class HostView permits HostView.OfFloat, HostView.OfDouble {

    /** A view of {@code array}'s memory; strided views are allowed. */
    public static HostView of(INDArray array) {
        if (array.isEmpty()) {
            throw new IllegalArgumentException("cannot view an empty array");
        }
        // The NIO buffer of a view's data starts at the underlying allocation, not at the view's first
        // element (checked by HostViewTest on column-block and interval views), so the offset is added here.
        long base = array.offset();
        long length = array.length();
        if (base > Integer.MAX_VALUE || base + length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array too large for a host view: offset " + base + ", length "
                    + length);
        }
        DataType t = array.dataType();
        if (t == DataType.FLOAT) {
            return new OfFloat(array.data().asNioFloat(), (int) base, (int) length);
        }
        if (t == DataType.DOUBLE) {
            return new OfDouble(array.data().asNioDouble(), (int) base, (int) length);
        }
        throw new IllegalArgumentException("host views need FLOAT or DOUBLE arrays, got " + t);
    }

    /**
     * A view of {@code array}, which must be dense (no gaps: default strides for its own ordering), so
     * that linear indices {@code [0, length())} are exactly its elements in its own layout.
     *
     * @throws IllegalArgumentException if {@code array} is not FLOAT/DOUBLE, is empty, or is a strided view
     */
    public static HostView ofDense(INDArray array) {
        if (!isDense(array)) {
            throw new IllegalArgumentException("host view needs a dense array (default strides for ordering '"
                    + array.ordering() + "'), got shape " + Arrays.toString(array.shape())
                    + " strides " + Arrays.toString(array.stride()));
        }
        return of(array);
    }

    /** True when {@code array} occupies one gap-free block in its own ordering. */
    public static boolean isDense(INDArray array) {
        long[] shape = array.shape();
        long[] stride = array.stride();
        long expect = 1;
        if (array.ordering() == 'f') {
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

    /** The NIO buffer's native address field, read once per view (the same trick Netty uses). */
    private static final long ADDRESS_FIELD;
    private static final sun.misc.Unsafe UNSAFE;

    static {
        try {
            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            UNSAFE = (sun.misc.Unsafe) f.get(null);
            ADDRESS_FIELD = UNSAFE.objectFieldOffset(java.nio.Buffer.class.getDeclaredField("address"));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("HostView needs sun.misc.Unsafe (module jdk.unsupported): " + e);
        }
    }

    private final int length;
    /** Elements addressable from the view's first element (the buffer's capacity minus the offset). */
    protected final int limit;
    /** Native address of element 0 of the view. */
    protected final long address;

    private HostView(java.nio.Buffer buf, int base, int length, int elementBytes) {
        if (base > buf.capacity()) {
            throw new IllegalArgumentException("host view offset " + base + " beyond its buffer of "
                    + buf.capacity() + " elements");
        }
        this.length = length;
        this.limit = buf.capacity() - base;
        this.address = UNSAFE.getLong(buf, ADDRESS_FIELD) + (long) base * elementBytes;
    }

    /** Number of elements of the viewed array (the index range when it is dense). */
    public final int length() {
        return length;
    }

    /** Element at linear offset {@code i} (relative to the array's offset). */
    public abstract double get(int i);

    /** Stores {@code v} at linear offset {@code i}. */
    public abstract void set(int i, double v);

    /** Adds {@code v} to the element at linear offset {@code i}. */
    public abstract void add(int i, double v);

    /**
     * The view's memory from element 0 to the end of its allocation as a native-order buffer, for the
     * SIMD kernels ({@link FloatKernels}); byte offset of element {@code i} is {@code i * 4} (FLOAT).
     */
    final java.nio.ByteBuffer bytes() {
        return NativeAddress.bytes(address, (long) limit * (this instanceof OfFloat ? Float.BYTES : Double.BYTES));
    }

    /** Stores {@code src[0 .. n)} at linear offsets {@code [0, n)} (one memory copy for FLOAT storage). */
    public final void copyFrom(float[] src, int n) {
        if (n < 0 || n > src.length || n > limit) {
            throw new IndexOutOfBoundsException("host view copy of " + n + " floats from an array of " + src.length
                    + " into a view of " + limit);
        }
        if (this instanceof OfFloat) {
            UNSAFE.copyMemory(src, sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET, null, address, 4L * n);
        } else {
            for (int i = 0; i < n; i++) {
                set(i, src[i]);
            }
        }
    }

    /** Sets linear offsets {@code [from, to)} to zero. */
    public final void fillZero(int from, int to) {
        for (int i = from; i < to; i++) {
            set(i, 0.0);
        }
    }

    // Element access goes straight to native memory: the NIO buffers' per-access index and scope checks
    // took about 10% of a training update (JFR). The index check stays as an assertion, which the test
    // runs enable (surefire's default -ea), so an out-of-range index still fails loudly there.
    final boolean inRange(int i) {
        if (i < 0 || i >= limit) {
            throw new IndexOutOfBoundsException("host view index " + i + " outside [0, " + limit + ")");
        }
        return true;
    }

    /** FLOAT storage. */
    public static final class OfFloat extends HostView {
        OfFloat(FloatBuffer buf, int base, int length) {
            super(buf, base, length, Float.BYTES);
        }

        @Override
        public double get(int i) {
            assert inRange(i);
            return UNSAFE.getFloat(address + 4L * i);
        }

        @Override
        public void set(int i, double v) {
            assert inRange(i);
            UNSAFE.putFloat(address + 4L * i, (float) v);
        }

        @Override
        public void add(int i, double v) {
            assert inRange(i);
            long a = address + 4L * i;
            UNSAFE.putFloat(a, (float) (UNSAFE.getFloat(a) + v));
        }
    }

    /** DOUBLE storage. */
    public static final class OfDouble extends HostView {
        OfDouble(DoubleBuffer buf, int base, int length) {
            super(buf, base, length, Double.BYTES);
        }

        @Override
        public double get(int i) {
            assert inRange(i);
            return UNSAFE.getDouble(address + 8L * i);
        }

        @Override
        public void set(int i, double v) {
            assert inRange(i);
            UNSAFE.putDouble(address + 8L * i, v);
        }

        @Override
        public void add(int i, double v) {
            assert inRange(i);
            long a = address + 8L * i;
            UNSAFE.putDouble(a, UNSAFE.getDouble(a) + v);
        }
    }
}
