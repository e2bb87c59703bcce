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
    void rejectsMismatchedShapes() {
        INDArray a = Nd4j.create(DataType.DOUBLE, new long[] {2, 3}, 'f');
        INDArray c = Nd4j.create(DataType.DOUBLE, new long[] {2, 2}, 'f');
        assertThrows(IllegalArgumentException.class, () -> MatMul.into(a, false, a, false, c, 0.0));
    }
}
