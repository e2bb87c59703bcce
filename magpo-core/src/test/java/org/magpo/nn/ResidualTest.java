package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ResidualTest {

    @Test
    void sumsElementwiseInEveryPrecisionAndSizeAlsoInPlace() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int rows : new int[] {7, 40_000}) {   // a vector tail; past the native-op threshold
                INDArray a = Nd4j.create(type, new long[] {rows, 3}, 'f');
                INDArray b = Nd4j.create(type, new long[] {rows, 3}, 'f');
                for (int i = 0; i < rows * 3; i++) {
                    a.putScalar(i, 0.1 * i);
                    b.putScalar(i, 1.0 / (i + 1));
                }
                INDArray expected = a.add(b);
                INDArray out = Nd4j.create(type, new long[] {rows, 3}, 'f');
                Residual.add(a, b, out);
                assertEquals(expected, out, type + " rows " + rows);
                Residual.add(a, b, a);
                assertEquals(expected, a, type + " rows " + rows + " in place");
            }
        }
    }

    @Test
    void arraysOfDifferentLengthsAreRefused() {
        INDArray a = Nd4j.create(DataType.FLOAT, new long[] {4, 2}, 'f');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Residual.add(a, Nd4j.create(DataType.FLOAT, new long[] {3, 2}, 'f'), a));
        assertEquals("residual sum needs arrays of one length, got 8, 6 and 8", e.getMessage());
    }
}
