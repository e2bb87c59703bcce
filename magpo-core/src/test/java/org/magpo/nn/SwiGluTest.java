package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SwiGluTest {

    @Test
    void freshBlockOutputsZeros() {
        Parameters.Builder b = new Parameters.Builder(DataType.FLOAT);
        SwiGlu f = new SwiGlu(b, "ffn", 8, 8);
        b.build(new Rng(1));
        INDArray x = RandomArrays.normal(DataType.FLOAT, new Rng(2), 1, 3, 8);
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {3, 8}, 'f').assign(5);
        f.forward(x, out);
        assertEquals(0.0, out.amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void matchesHandComputedScalarCase() {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        SwiGlu f = new SwiGlu(b, "ffn", 1, 1);
        Parameters ps = b.build(new Rng(1));
        ps.get("ffn/w_gate").value().assign(0.5);
        ps.get("ffn/w_lin").value().assign(3.0);
        ps.get("ffn/w_out").value().assign(-1.0);
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {1, 1}, 'f');
        f.forward(Nd4j.createFromArray(new double[][] {{2.0}}), out);
        double swish1 = 1.0 / (1.0 + Math.exp(-1.0));   // swish(2 * 0.5) = 1 * sigmoid(1)
        assertEquals(-swish1 * 6.0, out.getDouble(0, 0), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Rng rng = new Rng(5);
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        SwiGlu f = new SwiGlu(b, "ffn", 6, 5);
        Parameters ps = b.build(rng);
        RandomArrays.fill(ps.values(), rng, 0.7);
        INDArray x = RandomArrays.normal(DataType.DOUBLE, rng, 1.0, 7, 6);
        INDArray w = RandomArrays.normal(DataType.DOUBLE, rng, 1.0, 7, 6);
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {7, 6}, 'f');
        INDArray dx = Nd4j.create(DataType.DOUBLE, new long[] {7, 6}, 'f');
        ps.zeroGrads();
        f.forward(x, out);
        f.backward(w, dx);
        INDArray paramGrads = ps.grads().dup();
        java.util.function.DoubleSupplier loss = () -> {
            f.forward(x, out);
            return RandomArrays.probe(out, w);
        };
        GradientCheck.check("SwiGlu dX", x, dx, loss);
        GradientCheck.check("SwiGlu dParams", ps.values(), paramGrads, loss);
    }
}
