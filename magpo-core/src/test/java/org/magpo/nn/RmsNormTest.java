package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RmsNormTest {

    @Test
    void normalisesEachRowToUnitRootMeanSquare() {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        RmsNorm n = new RmsNorm(b, "n", 2);
        b.build(new Rng(0));
        INDArray x = TestArrays.zeros(2, 2);
        x.putScalar(new long[] {0, 0}, 3).putScalar(new long[] {0, 1}, 4);   // rms = sqrt(12.5)
        x.putScalar(new long[] {1, 0}, 0).putScalar(new long[] {1, 1}, 0);   // all zero: eps keeps it finite
        INDArray y = TestArrays.zeros(2, 2);
        n.forward(x, y);
        double inv = 1 / Math.sqrt(12.5 + 1e-6);
        assertEquals(3 * inv, y.getDouble(0, 0), 1e-12);
        assertEquals(4 * inv, y.getDouble(0, 1), 1e-12);
        assertEquals(0.0, y.getDouble(1, 1), 0.0);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(21);
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        RmsNorm n = new RmsNorm(b, "n", 5);
        Parameters ps = b.build(rng);
        n.scale().value().assign(TestArrays.normal(rng, 1.0, 5));
        INDArray x = TestArrays.normal(rng, 2.0, 6, 5);
        INDArray w = TestArrays.normal(rng, 1.0, 6, 5);
        INDArray y = TestArrays.zeros(6, 5);
        INDArray dx = TestArrays.zeros(6, 5);
        ps.zeroGrads();
        n.backward(x, w, dx);
        java.util.function.DoubleSupplier loss = () -> {
            n.forward(x, y);
            return TestArrays.weightedSum(y, w);
        };
        GradientCheck.check("rmsnorm dX", x, dx, loss);
        GradientCheck.check("rmsnorm scale", ps.values(), ps.grads().dup(), loss);
    }

    @Test
    void backwardMayWriteIntoTheOutputGradient() {
        Rng rng = new Rng(2);
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        RmsNorm n = new RmsNorm(b, "n", 3);
        b.build(rng);
        INDArray x = TestArrays.normal(rng, 1.0, 4, 3);
        INDArray g = TestArrays.normal(rng, 1.0, 4, 3);
        INDArray separate = TestArrays.zeros(4, 3);
        n.backward(x, g, separate);
        n.backward(x, g, g);
        assertEquals(separate, g);
    }
}
