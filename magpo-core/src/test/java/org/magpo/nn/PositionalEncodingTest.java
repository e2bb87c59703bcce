package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PositionalEncodingTest {

    @Test
    void valuesFollowTheSinusoidalFormula() {
        PositionalEncoding pe = new PositionalEncoding(4);
        // d = 4: frequencies 10000^0 = 1 and 10000^(-2/4) = 0.01
        assertEquals(0.0, pe.value(0, 0), 0.0);
        assertEquals(1.0, pe.value(0, 1), 0.0);
        assertEquals(Math.sin(3.0), pe.value(3, 0), 1e-15);
        assertEquals(Math.cos(3.0), pe.value(3, 1), 1e-15);
        assertEquals(Math.sin(0.03), pe.value(3, 2), 1e-15);
        assertEquals(Math.cos(0.03), pe.value(3, 3), 1e-15);
        assertEquals(Math.sin(700 * 0.01), pe.value(700, 2), 1e-12);
    }

    @Test
    void addsTheEncodingOfEachRowsStepCount() {
        PositionalEncoding pe = new PositionalEncoding(4);
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {0, 0, 0, 0}}).dup('f');
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f');
        pe.add(x, new int[] {0, 2, 2}, out);
        assertEquals(3.0, out.getDouble(0, 1), 1e-6);                     // 2 + cos(0)
        assertEquals(5 + Math.sin(2.0), out.getDouble(1, 0), 1e-6);
        assertEquals(8 + Math.cos(0.02), out.getDouble(1, 3), 1e-6);
        assertEquals(Math.sin(0.02), out.getDouble(2, 2), 1e-6);
        assertEquals(1.0, x.getDouble(0, 0), 0.0);                        // input untouched
    }

    @Test
    void rejectsOddWidthAndNegativePositions() {
        assertThrows(IllegalArgumentException.class, () -> new PositionalEncoding(5));
        PositionalEncoding pe = new PositionalEncoding(2);
        INDArray x = Nd4j.create(DataType.FLOAT, new long[] {1, 2}, 'f');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pe.add(x, new int[] {-1}, x));
        assertEquals("position of row 0 must be >= 0, got -1", e.getMessage());
    }
}
