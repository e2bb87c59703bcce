package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class HostViewTest {

    private static INDArray numbered(DataType type) {
        INDArray m = Nd4j.create(type, new long[] {5, 6}, 'f');
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 6; c++) {
                m.putScalar(new long[] {r, c}, 10 * r + c);
            }
        }
        return m;
    }

    @Test
    void readsAndWritesFortranOrderedColumnBlockViews() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray m = numbered(type);
            // columns 2..3 of an 'f' matrix are one dense block starting at offset 10
            INDArray block = m.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4));
            HostView h = HostView.ofDense(block);
            assertEquals(10, h.length());
            assertEquals(10.0 * 0 + 2, h.get(0), 0.0);  // first element is m[0, 2], not m[0, 0]
            assertEquals(33.0, h.get(3 + 5), 0.0);      // (r=3, c=1 of block) = m[3, 3] = 10*3 + 3
            h.set(4, -1.5);                             // (r=4, c=0 of block) = m[4, 2]
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
        HostView h = HostView.ofDense(slice);
        assertEquals(4, h.length());
        assertEquals(1 * 12 + 2 * 4 + 1 * 2 + 1, h.get(3), 0.0);
    }

    @Test
    void stridedRowViewsAreIndexedWithTheParentStrides() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray m = numbered(type);
            INDArray rows = m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
            HostView h = HostView.of(rows);
            assertEquals(12, h.length());
            // rows view starts at m[1, 0]; (r, c) of the view is at r * stride(0) + c * stride(1) = r + 5c
            assertEquals(10.0, h.get(0), 0.0);
            assertEquals(2 * 10 + 4, h.get(1 + 5 * 4), 0.0);
            h.set(1 + 5 * 4, 7.0);
            assertEquals(7.0, m.getDouble(2, 4), 0.0);
        }
    }

    @Test
    void fillZeroClearsOnlyTheGivenRange() {
        INDArray v = Nd4j.create(DataType.FLOAT, new long[] {6}, 'f').assign(3.0);
        INDArray tail = v.get(NDArrayIndex.interval(2, 6));
        HostView.ofDense(tail).fillZero(1, 3);
        assertEquals(3.0, v.getDouble(2L), 0.0);
        assertEquals(0.0, v.getDouble(3L), 0.0);
        assertEquals(0.0, v.getDouble(4L), 0.0);
        assertEquals(3.0, v.getDouble(5L), 0.0);
        assertEquals(3.0, v.getDouble(1L), 0.0);
    }

    @Test
    void copyFromWritesTheFirstElementsOfTheView() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray m = numbered(type);
            INDArray block = m.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4));
            HostView.ofDense(block).copyFrom(new float[] {-1, -2, -3, 9}, 3);
            assertEquals(-1.0, m.getDouble(0, 2), 0.0);
            assertEquals(-3.0, m.getDouble(2, 2), 0.0);
            assertEquals(32.0, m.getDouble(3, 2), 0.0);   // past n: untouched
            assertEquals(1.0, m.getDouble(0, 1), 0.0);    // before the view: untouched
            assertThrows(IndexOutOfBoundsException.class, () -> HostView.ofDense(block).copyFrom(new float[2], 3));
        }
    }

    @Test
    void floatStoresRoundToFloat() {
        INDArray v = Nd4j.create(DataType.FLOAT, new long[] {1}, 'f');
        HostView h = HostView.of(v);
        h.set(0, 0.1);
        assertEquals((double) 0.1f, h.get(0), 0.0);
        h.add(0, 1e-9);   // below float resolution at 0.1: unchanged
        assertEquals((double) 0.1f, h.get(0), 0.0);
    }

    @Test
    void rejectsStridedViewsWhenDenseIsRequired() {
        INDArray m = Nd4j.create(DataType.DOUBLE, new long[] {5, 6}, 'f');
        INDArray rows = m.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all());
        assertFalse(HostView.isDense(rows));
        assertTrue(HostView.isDense(m));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostView.ofDense(rows));
        assertTrue(e.getMessage().contains("dense"), e.getMessage());
    }

    @Test
    void indexPastTheAllocationFailsWhenAssertionsAreOn() {
        // Access is unchecked native memory in production; the tests run with -ea, where it is checked.
        org.junit.jupiter.api.Assumptions.assumeTrue(HostView.class.desiredAssertionStatus(), "needs -ea");
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray v = Nd4j.create(type, new long[] {6}, 'f');
            INDArray tail = v.get(NDArrayIndex.interval(2, 6));
            HostView h = HostView.of(tail);
            assertThrows(IndexOutOfBoundsException.class, () -> h.get(4));
            assertThrows(IndexOutOfBoundsException.class, () -> h.set(-3, 1.0));
            assertThrows(IndexOutOfBoundsException.class, () -> h.add(100, 1.0));
        }
    }

    @Test
    void rejectsNonFloatingAndEmptyArrays() {
        assertThrows(IllegalArgumentException.class, () -> HostView.of(Nd4j.create(DataType.INT, 3)));
        assertThrows(IllegalArgumentException.class, () -> HostView.of(Nd4j.empty(DataType.FLOAT)));
    }
}
