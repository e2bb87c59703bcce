package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ParametersTest {

    @Test
    void namedViewsShareTheFlatBuffers() {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        Parameters.Param w = b.add("dense/w", new long[] {3, 2}, (p, r) -> p.assign(1.5));
        Parameters.Param bias = b.add("dense/b", new long[] {2}, (p, r) -> p.assign(-2));
        Parameters ps = b.build(new Rng(1));

        assertEquals(8, ps.size());
        assertArrayEquals(new long[] {3, 2}, w.value().shape());
        assertEquals(6, bias.offset());
        assertEquals(1.5, ps.values().getDouble(5));
        assertEquals(-2, ps.values().getDouble(7));

        w.grad().putScalar(new long[] {2, 1}, 7.0);   // 'f' order: flat index 2 + 1*3 = 5
        assertEquals(7.0, ps.grads().getDouble(5));
        ps.zeroGrads();
        assertEquals(0.0, w.grad().getDouble(2, 1));
    }

    @Test
    void duplicateNamesAreRejected() {
        Parameters.Builder b = new Parameters.Builder(DataType.FLOAT);
        b.add("x", new long[] {1}, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add("x", new long[] {1}, null));
        assertEquals("duplicate parameter name 'x'", e.getMessage());
    }
}
