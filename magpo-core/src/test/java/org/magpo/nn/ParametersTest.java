package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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

    @Test
    void aSharingBuilderBindsTheSameValuesAndGradients() {
        Parameters.Builder b = new Parameters.Builder(DataType.FLOAT);
        b.add("w", new long[] {3, 2}, (p, r) -> p.assign(1.5));
        b.add("b", new long[] {2}, (p, r) -> p.assign(-2));
        Parameters source = b.build(new Rng(1));

        Parameters.Builder replica = new Parameters.Builder(DataType.FLOAT);
        Parameters.Param w = replica.add("w", new long[] {3, 2}, (p, r) -> p.assign(99));
        Parameters.Param bias = replica.add("b", new long[] {2}, null);
        assertSame(source, replica.buildSharing(source));

        assertEquals(1.5, w.value().getDouble(2, 1), "no initialiser runs on shared parameters");
        assertEquals(6, bias.offset());
        source.get("b").value().putScalar(1, 4.0);
        assertEquals(4.0, bias.value().getDouble(1));
        w.grad().putScalar(new long[] {0, 1}, 3.0);
        assertEquals(3.0, source.grads().getDouble(3));
    }

    @Test
    void aSharingBuilderRejectsADifferentLayout() {
        Parameters.Builder b = new Parameters.Builder(DataType.FLOAT);
        b.add("w", new long[] {3, 2}, null);
        Parameters source = b.build(new Rng(1));

        Parameters.Builder shape = new Parameters.Builder(DataType.FLOAT);
        shape.add("w", new long[] {2, 3}, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shape.buildSharing(source));
        assertEquals("shared parameter 0 must be 'w' [2, 3], got 'w' [3, 2]", e.getMessage());

        Parameters.Builder type = new Parameters.Builder(DataType.DOUBLE);
        type.add("w", new long[] {3, 2}, null);
        e = assertThrows(IllegalArgumentException.class, () -> type.buildSharing(source));
        assertEquals("shared parameters must be DOUBLE, got FLOAT", e.getMessage());
    }
}
