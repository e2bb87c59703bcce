package org.magpo.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A reusable work buffer handed out as a dense 'f'-ordered {@code [rows, cols]} matrix. It grows to
 * the largest size requested and never shrinks, so a layer that alternates between acting
 * ({@code [B*N, d]}) and training ({@code [B*T*N, d]}) shapes allocates only on the first call of
 * each size, not per step.
 */
public final class ScratchMatrix {
    private final DataType dataType;
    private INDArray flat;
    private INDArray cached;
    private long cachedRows = -1;
    private long cachedCols = -1;

    public ScratchMatrix(DataType dataType) {
        this.dataType = dataType;
    }

    /** The buffer as a dense 'f' {@code [rows, cols]} matrix; contents are left from earlier use. */
    public INDArray get(long rows, long cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("scratch shape must be positive, got [" + rows + ", " + cols + "]");
        }
        if (rows == cachedRows && cols == cachedCols) {
            return cached;
        }
        long need = rows * cols;
        if (flat == null || flat.length() < need) {
            flat = Nd4j.create(dataType, new long[] {need}, 'f');
        }
        INDArray slice = flat.length() == need ? flat : flat.get(NDArrayIndex.interval(0, need));
        cached = slice.reshape('f', rows, cols);
        cachedRows = rows;
        cachedCols = cols;
        return cached;
    }

    /** {@link #get} filled with zeros. */
    public INDArray zeros(long rows, long cols) {
        INDArray m = get(rows, cols);
        m.assign(0);
        return m;
    }
}
