package org.magpo.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ContiguousArraysTest {

    @Test
    void readsAndWritesAViewAtAnOffsetInColumnMajorOrder() {
        INDArray flat = Nd4j.arange(0, 20).castTo(DataType.FLOAT);
        // Elements 4..9 of a flat buffer seen as a [2, 3] 'f' matrix: (r, c) = 4 + r + 2c.
        INDArray view = flat.get(NDArrayIndex.interval(4, 10)).reshape('f', 2, 3);
        assertEquals(6.0, view.getDouble(0, 1), 0.0);
        double[] out = new double[6];
        ContiguousArrays.read("view", view, 6, out, new float[6]);
        assertArrayEquals(new double[] {4, 5, 6, 7, 8, 9}, out, 0.0);
        ContiguousArrays.write("view", new double[] {-1, -2, -3, -4, -5, -6}, 6, view, new float[6]);
        assertEquals(-3.0, flat.getDouble(6), 0.0);
        assertEquals(3.0, flat.getDouble(3), 0.0);
        assertEquals(10.0, flat.getDouble(10), 0.0);
        ContiguousArrays.write("view", new float[] {7, 7, 7, 7, 7, 8}, 6, view);
        assertEquals(8.0, flat.getDouble(9), 0.0);
        assertEquals(10.0, flat.getDouble(10), 0.0);
    }

    @Test
    void doubleViewsAreCopiedWithoutScratch() {
        INDArray flat = Nd4j.arange(0, 10).castTo(DataType.DOUBLE);
        INDArray view = flat.get(NDArrayIndex.interval(2, 5));
        double[] out = new double[3];
        ContiguousArrays.read("view", view, 3, out, null);
        assertArrayEquals(new double[] {2, 3, 4}, out, 0.0);
        ContiguousArrays.write("view", new double[] {9, 9, 9}, 3, view, null);
        assertEquals(9.0, flat.getDouble(4), 0.0);
        assertEquals(5.0, flat.getDouble(5), 0.0);
    }

    @Test
    void rejectsRowMajorMatricesStridedViewsAndWrongLengths() {
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'c');
        assertThrows(IllegalArgumentException.class, () -> ContiguousArrays.checkContiguous("c", c, 12));
        INDArray f = Nd4j.create(DataType.FLOAT, new long[] {4, 3}, 'f');
        INDArray rowView = f.getRow(1);
        assertThrows(IllegalArgumentException.class, () -> ContiguousArrays.checkContiguous("row", rowView, 3));
        assertThrows(IllegalArgumentException.class, () -> ContiguousArrays.checkContiguous("f", f, 11));
    }
}
