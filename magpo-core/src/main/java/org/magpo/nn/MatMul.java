package org.magpo.nn;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code c = op(a) op(b) + beta * c} into a caller-owned output, so no matmul allocates its result.
 *
 * <p>Operands may be strided views with a leading dimension (a row block of an 'f' matrix, a
 * 'c'-ordered slice): the BLAS call takes them as they are. {@code Nd4j.gemm} refuses view outputs,
 * so those go through the {@link Mmul} op, which writes into the view.
 */
public final class MatMul {

    private MatMul() {
    }

    /**
     * @param a     {@code [m, k]} (or {@code [k, m]} when {@code transA})
     * @param b     {@code [k, n]} (or {@code [n, k]} when {@code transB})
     * @param c     {@code [m, n]} output
     * @param beta  0 to overwrite {@code c}, 1 to accumulate into it
     */
    public static void into(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta) {
        long m = transA ? a.size(1) : a.size(0);
        long k = transA ? a.size(0) : a.size(1);
        long kb = transB ? b.size(1) : b.size(0);
        long n = transB ? b.size(0) : b.size(1);
        if (k != kb || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException("matmul shapes: op(a) [" + m + ", " + k + "], op(b) [" + kb + ", " + n
                    + "], c " + java.util.Arrays.toString(c.shape()));
        }
        if (c.isView() || c.ordering() != 'f') {
            Nd4j.exec(new Mmul(a, b, c, 1.0, beta,
                    MMulTranspose.builder().transposeA(transA).transposeB(transB).build()));
        } else {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
        }
    }
}
