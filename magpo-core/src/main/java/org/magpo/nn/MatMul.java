package org.magpo.nn;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code c = op(a) op(b) + beta * c} into a caller-owned output, so no matmul allocates its result.
 *
 * <p>Operands may be strided views with a leading dimension (a row block of an 'f' matrix, a
 * 'c'-ordered slice). On the CPU backend every product whose operands have one unit stride goes
 * straight to the {@code cblas_sgemm}/{@code cblas_dgemm} of the OpenBLAS that ND4J itself calls, with
 * the views' leading dimensions: ND4J's own route costs 10–40 µs per call (op context, shape
 * descriptors, view objects), which dominated the many small per-env, per-head and per-timestep
 * products of the retention and GRU passes. Other backends (CUDA) and other layouts go through
 * {@code Nd4j.gemm}, or the {@link Mmul} op for view outputs, which {@code Nd4j.gemm} refuses.
 */
public final class MatMul {

    /** Direct BLAS only on the CPU backend, where ND4J's buffers are host memory and OpenBLAS is its BLAS. */
    private static final boolean DIRECT = directBlasAvailable();

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
        if (DIRECT && direct(a, transA, b, transB, c, beta, (int) m, (int) n, (int) k)) {
            return;
        }
        if (c.isView() || c.ordering() != 'f') {
            Nd4j.exec(new Mmul(a, b, c, 1.0, beta,
                    MMulTranspose.builder().transposeA(transA).transposeB(transB).build()));
        } else {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
        }
    }

    /**
     * A column-major sub-matrix of a 2-d array with unit row stride (an 'f' matrix or a row block of one):
     * rows {@code [r0, r0 + rows)}, columns {@code [c0, c0 + cols)}. Naming a block costs nothing, where an
     * ND4J view costs tens of microseconds (shape descriptors in native memory): products over many small
     * blocks of one matrix — the causal row blocks of retention's score matrices — use these.
     */
    public record Block(INDArray base, int r0, int rows, int c0, int cols) {
        /**
         * @throws IllegalArgumentException when {@code base} is not 2-d with unit row stride or the block
         *                                  leaves it
         */
        public Block {
            if (base.rank() != 2 || (base.stride(0) != 1 && base.size(0) > 1)) {
                throw new IllegalArgumentException("a block needs a 2-d array with unit row stride, got shape "
                        + java.util.Arrays.toString(base.shape()) + " strides "
                        + java.util.Arrays.toString(base.stride()));
            }
            if (r0 < 0 || c0 < 0 || rows < 0 || cols < 0 || r0 + rows > base.size(0) || c0 + cols > base.size(1)) {
                throw new IllegalArgumentException("block rows [" + r0 + ", " + (r0 + rows) + ") x cols [" + c0 + ", "
                        + (c0 + cols) + ") outside " + java.util.Arrays.toString(base.shape()));
            }
        }

        int ld() {
            return (int) Math.max(base.size(1) > 1 ? base.stride(1) : base.size(0), 1);
        }

        long offset() {
            return r0 + (long) c0 * ld();
        }

        /** The same block as an ND4J view (for backends without the direct BLAS route). */
        INDArray view() {
            return base.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r0, r0 + rows),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(c0, c0 + cols));
        }
    }

    /** {@link #into(INDArray, boolean, INDArray, boolean, INDArray, double)} on blocks. */
    public static void into(Block a, boolean transA, Block b, boolean transB, Block c, double beta) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("matmul shapes: op(a) [" + m + ", " + k + "], op(b) [" + kb + ", " + n
                    + "], c [" + c.rows() + ", " + c.cols() + "]");
        }
        DataType t = c.base().dataType();
        if (!DIRECT || a.base().dataType() != t || b.base().dataType() != t
                || (t != DataType.FLOAT && t != DataType.DOUBLE)) {
            into(a.view(), transA, b.view(), transB, c.view(), beta);
            return;
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (beta != 1) {
                c.view().muli(beta);   // beta 0: an overwrite with zeros, as BLAS would leave it
            }
            return;
        }
        int opA = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        long es = t == DataType.FLOAT ? Float.BYTES : Double.BYTES;
        gemm(t == DataType.FLOAT, opA, opB, m, n, k, address(a.base()) + es * a.offset(), a.ld(),
                address(b.base()) + es * b.offset(), b.ld(), beta, address(c.base()) + es * c.offset(), c.ld());
    }

    /** Products of at least this many FLOPs are split in two halves shared with the {@link Overlap} worker. */
    private static final double SPLIT_FLOPS = 4e6;

    /**
     * Column-major {@code c = op(a) op(b) + beta c} on raw addresses. A large product is split into two halves
     * of c's longer side, claimed by the caller and (when it is free) the overlap worker; the halves are the
     * same products whichever thread computes them.
     */
    private static void gemm(boolean single, int opA, int opB, int m, int n, int k, long a, int lda, long b,
                             int ldb, double beta, long c, int ldc) {
        // the split depends on the shape only, never on whether a worker runs: OpenBLAS picks kernels by size
        // (its small-matrix kernels sum in another order), so halves and a whole product differ in the last bits
        if (2.0 * m * n * k >= SPLIT_FLOPS && Math.max(m, n) >= 32) {
            long es = single ? Float.BYTES : Double.BYTES;
            boolean rows = m >= n;
            int whole = rows ? m : n;
            int first = Math.min(whole, (whole / 2 + 15) & ~15);   // a multiple of 16 where it can be
            Overlap.forEach(2, (part, slot) -> {
                int from = part == 0 ? 0 : first;
                int count = part == 0 ? first : whole - first;
                if (count == 0) {
                    return;
                }
                if (rows) {
                    long aOff = opA == openblas_nolapack.CblasNoTrans ? from : (long) from * lda;
                    call(single, opA, opB, count, n, k, a + es * aOff, lda, b, ldb, beta, c + es * from, ldc);
                } else {
                    long bOff = opB == openblas_nolapack.CblasNoTrans ? (long) from * ldb : from;
                    call(single, opA, opB, m, count, k, a, lda, b + es * bOff, ldb, beta, c + es * from * ldc, ldc);
                }
            });
            return;
        }
        call(single, opA, opB, m, n, k, a, lda, b, ldb, beta, c, ldc);
    }

    private static void call(boolean single, int opA, int opB, int m, int n, int k, long a, int lda, long b,
                             int ldb, double beta, long c, int ldc) {
        if (single) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasColMajor, opA, opB, m, n, k, 1.0f,
                    NativeAddress.floats(a), lda, NativeAddress.floats(b), ldb, (float) beta, NativeAddress.floats(c),
                    ldc);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasColMajor, opA, opB, m, n, k, 1.0,
                    NativeAddress.doubles(a), lda, NativeAddress.doubles(b), ldb, beta, NativeAddress.doubles(c), ldc);
        }
    }

    /**
     * Column-major BLAS on the arrays' own memory. A matrix with unit row stride is column-major with
     * leading dimension stride(1); one with unit column stride is the transpose of a column-major matrix
     * with leading dimension stride(0). A row-major output is computed as {@code cᵀ = op(b)ᵀ op(a)ᵀ}.
     * Returns false (nothing done) for layouts BLAS cannot take or mixed data types.
     */
    private static boolean direct(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta,
                                  int m, int n, int k) {
        DataType t = c.dataType();
        if (a.dataType() != t || b.dataType() != t || (t != DataType.FLOAT && t != DataType.DOUBLE)
                || a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            return false;
        }
        if (m == 0 || n == 0) {
            return true;
        }
        Layout lc = Layout.of(c);
        if (lc == null) {
            return false;
        }
        if (lc.rowMajor()) {
            // cᵀ [n, m] = op(b)ᵀ op(a)ᵀ: swap the operands, flip their transposes
            INDArray tmp = a;
            a = b;
            b = tmp;
            boolean tt = transA;
            transA = !transB;
            transB = !tt;
            int tm = m;
            m = n;
            n = tm;
        }
        Layout la = Layout.of(a);
        Layout lb = Layout.of(b);
        if (la == null || lb == null) {
            return false;
        }
        // a row-major operand is the transpose of a column-major one, so its transpose flag flips
        int opA = transA != la.rowMajor() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int opB = transB != lb.rowMajor() ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (k == 0) {
            // BLAS leaves c * beta; for beta = 0 that must be an overwrite with zeros
            if (beta == 0) {
                c.assign(0);
            } else if (beta != 1) {
                c.muli(beta);
            }
            return true;
        }
        gemm(t == DataType.FLOAT, opA, opB, m, n, k, address(a), la.ld(), address(b), lb.ld(), beta, address(c),
                lc.ld());
        return true;
    }

    /**
     * How column-major BLAS sees a stored matrix: column-major with leading dimension {@code ld} (unit row
     * stride), or, when {@code rowMajor} (unit column stride), as the transpose of one.
     */
    private record Layout(int ld, boolean rowMajor) {
        /** The layout of a 2-d array, or null when neither stride is 1 (BLAS cannot take it as it is). */
        static Layout of(INDArray x) {
            int ld = leadingDimension(x, 0);
            if (ld > 0) {
                return new Layout(ld, false);
            }
            ld = leadingDimension(x, 1);
            return ld > 0 ? new Layout(ld, true) : null;
        }

        /** Leading dimension if axis {@code unit} has stride 1 (or size 1), else -1. */
        private static int leadingDimension(INDArray x, int unit) {
            long inner = x.size(unit);
            long outer = x.size(1 - unit);
            if (x.stride(unit) != 1 && inner != 1) {
                return -1;
            }
            long ld = outer == 1 ? Math.max(inner, 1) : x.stride(1 - unit);
            return ld >= Math.max(inner, 1) && ld <= Integer.MAX_VALUE ? (int) ld : -1;
        }
    }

    private static long address(INDArray x) {
        return HostView.of(x).address;
    }

    private static boolean directBlasAvailable() {
        if (Boolean.getBoolean("magpo.matmul.nd4j")) {
            return false;   // an escape hatch for comparing against ND4J's own route
        }
        try {
            return Nd4j.getEnvironment().isCPU() && Nd4j.getBackend().getClass().getName().contains("Cpu");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
