package org.magpo.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One preallocated activation buffer of {@code capacity * features} scalars that hands out
 * contiguous 'f'-ordered views, so layers can run on a varying number of rows without allocating.
 *
 * <p>Two ways to look at the same memory (a caller uses one at a time):
 * <ul>
 *   <li>{@link #rows(int) rows(n)}: one {@code [n, features]} matrix (row-major index irrelevant,
 *       storage column-major), the shape gemm wants for whole-batch products;</li>
 *   <li>{@link #blocks(int, int) blocks(T, B)}: {@code T} consecutive contiguous {@code [B, features]}
 *       matrices, for recurrences that need one contiguous matrix per time step.</li>
 * </ul>
 * The last requested views are cached, so asking again with the same sizes allocates nothing.
 */
public final class RowBuffer {
    private final int capacity;
    private final int features;
    private final INDArray flat;

    private int cachedRows = -1;
    private INDArray rowsView;
    private HostView rowsHost;
    private int blocksT = -1;
    private int blocksB = -1;
    private INDArray[] blockViews;

    /**
     * @param dataType FLOAT or DOUBLE
     * @param capacity maximum number of rows
     * @param features columns
     */
    public RowBuffer(DataType dataType, int capacity, int features) {
        if (capacity < 1) {
            throw new IllegalArgumentException("RowBuffer capacity must be >= 1, got " + capacity);
        }
        if (features < 1) {
            throw new IllegalArgumentException("RowBuffer features must be >= 1, got " + features);
        }
        if ((long) capacity * features > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("RowBuffer capacity*features must fit in an int, got "
                    + capacity + "*" + features);
        }
        this.capacity = capacity;
        this.features = features;
        this.flat = Nd4j.create(dataType, new long[] {(long) capacity * features}, 'f');
    }

    public int capacity() {
        return capacity;
    }

    public int features() {
        return features;
    }

    /** Contiguous 'f' view {@code [n, features]} over the first {@code n * features} scalars. */
    public INDArray rows(int n) {
        if (n != cachedRows) {
            checkRows(n);
            rowsView = view(0, n);
            rowsHost = HostView.of(rowsView);
            cachedRows = n;
        }
        return rowsView;
    }

    /** Host view of {@link #rows(int) rows(n)}; linear index {@code r + c * n}. */
    public HostView host(int n) {
        rows(n);
        return rowsHost;
    }

    /** {@code T} contiguous 'f' views {@code [B, features]}; block {@code t} starts at {@code t*B*features}. */
    public INDArray[] blocks(int t, int b) {
        if (t != blocksT || b != blocksB) {
            if (t < 1 || b < 1) {
                throw new IllegalArgumentException("blocks need T >= 1 and B >= 1, got T=" + t + ", B=" + b);
            }
            checkRows(t * b);
            INDArray[] v = new INDArray[t];
            for (int i = 0; i < t; i++) {
                v[i] = view((long) i * b * features, b);
            }
            blockViews = v;
            blocksT = t;
            blocksB = b;
        }
        return blockViews;
    }

    /** Host view of the whole flat buffer (block {@code t}, element {@code (b, c)} at {@code t*B*F + b + c*B}). */
    public HostView flatHost() {
        return HostView.of(flat);
    }

    private INDArray view(long start, int n) {
        return flat.get(NDArrayIndex.interval(start, start + (long) n * features)).reshape('f', new long[] {n, features});
    }

    private void checkRows(int n) {
        if (n < 1 || n > capacity) {
            throw new IllegalArgumentException("rows must be in [1, " + capacity + "], got " + n);
        }
    }
}
