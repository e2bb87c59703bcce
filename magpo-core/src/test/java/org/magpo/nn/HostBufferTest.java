package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class HostBufferTest {

    @Test
    void readsAndWritesFortranOrderedColumnBlockViews() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray m = Nd4j.create(type, new long[] {5, 6}, 'f');
            for (int r = 0; r < 5; r++) {
                for (int c = 0; c < 6; c++) {
                    m.putScalar(new long[] {r, c}, 10 * r + c);
                }
            }
            // columns 2..3 of an 'f' matrix are one dense block starting at offset 10
            INDArray block = m.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4));
            HostBuffer h = HostBuffer.of(block);
            assertEquals(10, h.length());
            assertEquals(33.0, h.get(3 + 5), 0.0);   // (r=3, c=1 of block) = m[3, 3] = 10*3 + 3
            h.set(4, -1.5);                          // (r=4, c=0 of block) = m[4, 2]
            h.add(4, 0.25);
            assertEquals(-1.25, m.getDouble(4, 2), 0.0);
        }
    }

    @Test
    void readsCOrderedSlicesOfFourDimensionalArrays() {
        INDArray s = Nd4j.create(DataType.DOUBLE, new long[] {2, 3, 2, 2}, 'c');
        for (int k = 0; k < 24; k++) {
            s.putScalar(k, k);
        }
        INDArray slice = s.get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.all());
        HostBuffer h = HostBuffer.of(slice);
        assertEquals(4, h.length());
        assertEquals(1 * 12 + 2 * 4 + 1 * 2 + 1, h.get(3), 0.0);
    }

    @Test
    void rejectsStridedViews() {
        INDArray m = Nd4j.create(DataType.DOUBLE, new long[] {5, 6}, 'f');
        INDArray rows = m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        assertFalse(HostBuffer.isDense(rows));
        assertThrows(IllegalArgumentException.class, () -> HostBuffer.of(rows));
    }
}
