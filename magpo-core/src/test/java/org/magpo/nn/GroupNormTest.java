package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GroupNormTest {

    @Test
    void normalisesEachGroupOfEachHeadVectorSeparately() {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        GroupNorm gn = new GroupNorm(b, "gn", 4, 2);
        b.build(new Rng(0));
        gn.scale().value().assign(Nd4j.createFromArray(1.0, 2.0, 1.0, 1.0));
        gn.bias().value().assign(Nd4j.createFromArray(0.0, 0.0, 0.0, 10.0));
        // one row, two head vectors of 4: groups {1,3} {5,5} | {0,2} {-1,-3}
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 3, 5, 5, 0, 2, -1, -3}}).dup('f');
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {1, 8}, 'f');
        gn.forward(x, out);
        double k = 1 / Math.sqrt(1 + GroupNorm.EPS);   // every non-constant group here has variance 1
        double[] expected = {-k, 2 * k, 0, 10, -k, 2 * k, k, 10 - k};
        for (int c = 0; c < 8; c++) {
            assertEquals(expected[c], out.getDouble(0, c), 1e-12, "column " + c);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(11);
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        GroupNorm gn = new GroupNorm(b, "gn", 6, 3);
        Parameters ps = b.build(rng);
        RandomArrays.fill(ps.values(), rng, 1.0);
        INDArray x = RandomArrays.normal(DataType.DOUBLE, rng, 2.0, 5, 12);
        INDArray w = RandomArrays.normal(DataType.DOUBLE, rng, 1.0, 5, 12);
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {5, 12}, 'f');
        INDArray dx = Nd4j.create(DataType.DOUBLE, new long[] {5, 12}, 'f');
        ps.zeroGrads();
        gn.forward(x, out);
        gn.backward(w, dx);
        INDArray paramGrads = ps.grads().dup();
        java.util.function.DoubleSupplier loss = () -> {
            gn.forward(x, out);
            return RandomArrays.probe(out, w);
        };
        GradientCheck.check("GroupNorm dX", x, dx, loss);
        GradientCheck.check("GroupNorm dParams", ps.values(), paramGrads, loss);
    }

    @Test
    void rejectsGroupsThatDoNotDivideTheVector() {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(b, "gn", 6, 4));
        assertEquals("GroupNorm numGroups must divide vectorSize, got vectorSize 6, numGroups 4", e.getMessage());
    }
}
