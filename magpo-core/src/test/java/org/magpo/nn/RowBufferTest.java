package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RowBufferTest {

    @Test
    void rowViewsAreContiguousFortranMatricesAndCached() {
        RowBuffer buf = new RowBuffer(DataType.FLOAT, 10, 3);
        INDArray v = buf.rows(4);
        assertEquals('f', v.ordering());
        assertEquals(1, v.elementWiseStride());
        assertSame(v, buf.rows(4));
        v.putScalar(new long[] {1, 2}, 5f);
        assertEquals(5.0, buf.host(4).get(1 + 2 * 4));
    }

    @Test
    void blocksAreConsecutiveAndHostViewsSeeViewOffsets() {
        RowBuffer buf = new RowBuffer(DataType.DOUBLE, 6, 2);
        INDArray[] blocks = buf.blocks(3, 2);
        blocks[2].putScalar(new long[] {1, 1}, 7.0);
        // block 2 starts at 2*2*2 = 8; element (1, 1) at 8 + 1 + 1*2 = 11.
        assertEquals(7.0, buf.flatHost().get(11));
        assertEquals(7.0, HostView.of(blocks[2]).get(3));
    }

    @Test
    void tooManyRowsAreRejected() {
        RowBuffer buf = new RowBuffer(DataType.FLOAT, 4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> buf.rows(5));
        assertEquals("rows must be in [1, 4], got 5", e.getMessage());
    }
}
