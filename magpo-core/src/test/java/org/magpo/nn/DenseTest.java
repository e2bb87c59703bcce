package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class DenseTest {

    @Test
    void forwardComputesXwPlusB() {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        Dense d = new Dense(b, "d", 2, 2, true, Initializers.zeros(), Initializers.zeros());
        b.build(new Rng(0));
        d.kernel().value().putScalar(new long[] {0, 0}, 1).putScalar(new long[] {0, 1}, 2)
                .putScalar(new long[] {1, 0}, 3).putScalar(new long[] {1, 1}, 4);
        d.bias().value().putScalar(0, 0.5).putScalar(1, -1);
        INDArray x = TestArrays.zeros(1, 2);
        x.putScalar(new long[] {0, 0}, 1).putScalar(new long[] {0, 1}, 10);
        INDArray y = TestArrays.zeros(1, 2);
        d.forward(x, y);
        assertEquals(1 + 30 + 0.5, y.getDouble(0, 0), 1e-12);
        assertEquals(2 + 40 - 1, y.getDouble(0, 1), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithBias() {
        checkGradients(true);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithoutBias() {
        checkGradients(false);
    }

    private static void checkGradients(boolean useBias) {
        Rng rng = new Rng(5);
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        Dense d = new Dense(b, "d", 4, 3, useBias, Initializers.lecunNormal(), Initializers.normal(0.5));
        Parameters ps = b.build(rng);
        if (!useBias) {
            assertNull(d.bias());
        }
        INDArray x = TestArrays.normal(rng, 1.0, 6, 4);
        INDArray w = TestArrays.normal(rng, 1.0, 6, 3);
        INDArray y = TestArrays.zeros(6, 3);
        INDArray dx = TestArrays.zeros(6, 4);
        ps.zeroGrads();
        d.backward(x, w, dx);
        java.util.function.DoubleSupplier loss = () -> {
            d.forward(x, y);
            return TestArrays.weightedSum(y, w);
        };
        GradientCheck.check("dense dX", x, dx, loss);
        GradientCheck.check("dense params", ps.values(), ps.grads().dup(), loss);
    }

    @Test
    void backwardAccumulatesParameterGradients() {
        Rng rng = new Rng(8);
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        Dense d = new Dense(b, "d", 3, 2, Initializers.orthogonal(1.0));
        Parameters ps = b.build(rng);
        INDArray x = TestArrays.normal(rng, 1.0, 5, 3);
        INDArray g = TestArrays.normal(rng, 1.0, 5, 2);
        d.backward(x, g, null);
        INDArray once = ps.grads().dup();
        d.backward(x, g, null);
        assertEquals(once.mul(2), ps.grads());
    }

    @Test
    void wrongInputWidthIsRejected() {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        Dense d = new Dense(b, "pre", 3, 2, Initializers.zeros());
        b.build(new Rng(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.forward(TestArrays.zeros(4, 5), TestArrays.zeros(4, 2)));
        assertEquals("Dense 'pre': x must be [rows, 3], got [4, 5]", e.getMessage());
    }
}
