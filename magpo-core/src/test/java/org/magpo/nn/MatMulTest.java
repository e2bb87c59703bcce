package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MatMulTest {

    @Test
    void accumulatesTransposedProductIntoAStridedView() {
        Rng rng = new Rng(3);
        INDArray a = RandomArrays.normal(DataType.DOUBLE, rng, 1, 7, 3);    // used transposed: [3, 7]
        INDArray b = RandomArrays.normal(DataType.DOUBLE, rng, 1, 4, 7);    // used transposed: [7, 4]
        INDArray big = RandomArrays.normal(DataType.DOUBLE, rng, 1, 10, 6);
        INDArray before = big.dup('f');
        INDArray view = big.get(NDArrayIndex.interval(2, 5), NDArrayIndex.interval(1, 5));
        MatMul.into(a, true, b, true, view, 1.0);
        INDArray expected = a.transpose().mmul(b.transpose());
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 6; c++) {
                boolean inside = r >= 2 && r < 5 && c >= 1 && c < 5;
                double want = before.getDouble(r, c) + (inside ? expected.getDouble(r - 2, c - 1) : 0.0);
                assertEquals(want, big.getDouble(r, c), 1e-12, "element " + r + "," + c);
            }
        }
    }

    @Test
    void overwritesAPlainOutputWhenBetaIsZero() {
        INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}).dup('f');
        INDArray c = Nd4j.create(DataType.DOUBLE, new long[] {2, 2}, 'f').assign(100);
        MatMul.into(a, false, a, false, c, 0.0);
        assertEquals(7.0, c.getDouble(0, 0), 0.0);
        assertEquals(10.0, c.getDouble(0, 1), 0.0);
        assertEquals(15.0, c.getDouble(1, 0), 0.0);
        assertEquals(22.0, c.getDouble(1, 1), 0.0);
    }

    @Test
    void everyLayoutAndTransposeMatchesTheReferenceProduct() {
        // 'f', 'c', row/column blocks of either, a 4-d slice, single rows and columns; both data types.
        Rng rng = new Rng(11);
        int[][] shapes = {{5, 3, 4}, {1, 6, 2}, {6, 1, 3}, {4, 5, 1}, {7, 7, 7}};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            double tol = type == DataType.FLOAT ? 1e-4 : 1e-12;
            for (int[] mnk : shapes) {
                int m = mnk[0];
                int n = mnk[1];
                int k = mnk[2];
                for (int layout = 0; layout < 4; layout++) {
                    for (int trans = 0; trans < 4; trans++) {
                        boolean ta = (trans & 1) != 0;
                        boolean tb = (trans & 2) != 0;
                        INDArray a = operand(type, rng, ta ? k : m, ta ? m : k, layout);
                        INDArray b = operand(type, rng, tb ? n : k, tb ? k : n, (layout + 1) % 4);
                        INDArray c = operand(type, rng, m, n, (layout + 2) % 4);
                        INDArray c0 = c.dup('f');
                        MatMul.into(a, ta, b, tb, c, 1.0);
                        for (int r = 0; r < m; r++) {
                            for (int col = 0; col < n; col++) {
                                double want = c0.getDouble(r, col);
                                for (int j = 0; j < k; j++) {
                                    want += (ta ? a.getDouble(j, r) : a.getDouble(r, j))
                                            * (tb ? b.getDouble(col, j) : b.getDouble(j, col));
                                }
                                assertEquals(want, c.getDouble(r, col), tol, type + " m,n,k=" + m + "," + n + "," + k
                                        + " layout " + layout + " transA " + ta + " transB " + tb + " at " + r + ","
                                        + col);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A [rows, cols] operand: dense 'f', dense 'c', a block of a larger 'f' or of a 'c' 4-d array. */
    private static INDArray operand(DataType type, Rng rng, int rows, int cols, int layout) {
        INDArray x = switch (layout) {
            case 0 -> Nd4j.create(type, new long[] {rows, cols}, 'f');
            case 1 -> Nd4j.create(type, new long[] {rows, cols}, 'c');
            case 2 -> Nd4j.create(type, new long[] {rows + 3, cols + 2}, 'f')
                    .get(NDArrayIndex.interval(2, 2 + rows), NDArrayIndex.interval(1, 1 + cols));
            default -> Nd4j.create(type, new long[] {2, 3, rows, cols}, 'c')
                    .get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.all());
        };
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                x.putScalar(new long[] {r, c}, rng.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void rejectsMismatchedShapes() {
        INDArray a = Nd4j.create(DataType.DOUBLE, new long[] {2, 3}, 'f');
        INDArray c = Nd4j.create(DataType.DOUBLE, new long[] {2, 2}, 'f');
        assertThrows(IllegalArgumentException.class, () -> MatMul.into(a, false, a, false, c, 0.0));
    }

    @Test
    void blocksOfOneMatrixMultiplyLikeTheirViews() {
        for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Rng rng = new Rng(9);
            INDArray q = RandomArrays.normal(t, rng, 1, 12, 6);   // rows 3..8, cols 2..5 used
            INDArray k = RandomArrays.normal(t, rng, 1, 12, 6);
            INDArray score = RandomArrays.normal(t, rng, 1, 9, 9);
            INDArray before = score.dup('f');
            // score[1:5, 2:8] = Q[3:7, 2:6] · K[0:6, 2:6]ᵀ
            MatMul.into(new MatMul.Block(q, 3, 4, 2, 4), false, new MatMul.Block(k, 0, 6, 2, 4), true,
                    new MatMul.Block(score, 1, 4, 2, 6), 0.0);
            INDArray expected = q.get(NDArrayIndex.interval(3, 7), NDArrayIndex.interval(2, 6))
                    .mmul(k.get(NDArrayIndex.interval(0, 6), NDArrayIndex.interval(2, 6)).transpose());
            for (int r = 0; r < 9; r++) {
                for (int c = 0; c < 9; c++) {
                    boolean inside = r >= 1 && r < 5 && c >= 2 && c < 8;
                    double want = inside ? expected.getDouble(r - 1, c - 2) : before.getDouble(r, c);
                    assertEquals(want, score.getDouble(r, c), t == DataType.FLOAT ? 1e-5 : 1e-12,
                            t + " element " + r + "," + c);
                }
            }
        }
    }

    @Test
    void aBlockOutsideItsMatrixOrOfARowMajorOneIsRejected() {
        INDArray m = Nd4j.create(DataType.FLOAT, new long[] {4, 3}, 'f');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MatMul.Block(m, 2, 3, 0, 3));
        assertEquals("block rows [2, 5) x cols [0, 3) outside [4, 3]", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new MatMul.Block(Nd4j.create(DataType.FLOAT, new long[] {4, 3}, 'c'), 0, 2, 0, 2));
    }

    @Test
    void largeProductsSplitInHalvesGiveTheWholeProduct() {
        // above the split size: halves of c's rows (m >= n) or columns (n > m), every transpose combination
        Rng rng = new Rng(12);
        int[][] shapes = {{301, 97, 160}, {97, 301, 160}};   // m, n, k
        for (int[] sh : shapes) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int m = sh[0];
                    int n = sh[1];
                    int k = sh[2];
                    INDArray a = ta ? RandomArrays.normal(DataType.DOUBLE, rng, 1, k, m)
                            : RandomArrays.normal(DataType.DOUBLE, rng, 1, m, k);
                    INDArray b = tb ? RandomArrays.normal(DataType.DOUBLE, rng, 1, n, k)
                            : RandomArrays.normal(DataType.DOUBLE, rng, 1, k, n);
                    INDArray c = Nd4j.create(DataType.DOUBLE, new long[] {m, n}, 'f');
                    MatMul.into(a, ta, b, tb, c, 0.0);
                    INDArray expected = (ta ? a.transpose() : a).mmul(tb ? b.transpose() : b);
                    double err = c.sub(expected).amaxNumber().doubleValue();
                    assertEquals(0.0, err, 1e-9, "m=" + m + " n=" + n + " transA=" + ta + " transB=" + tb);
                }
            }
        }
    }
}
