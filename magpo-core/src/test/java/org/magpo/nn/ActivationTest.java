package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ActivationTest {

    @Test
    void valuesMatchHandComputedPoints() {
        assertEquals(0.0, Activation.RELU.f(-1.5));
        assertEquals(2.5, Activation.RELU.f(2.5));
        // GELU tanh approximation at 1: 0.5 * (1 + tanh(sqrt(2/pi) * 1.044715)).
        assertEquals(0.8411919906082768, Activation.GELU.f(1.0), 1e-12);
        assertEquals(-0.15880800939172324, Activation.GELU.f(-1.0), 1e-12);
        assertEquals(1.0 / (1.0 + Math.exp(-2.0)) * 2.0, Activation.SILU.f(2.0), 1e-15);
        assertEquals(Math.tanh(0.3), Activation.TANH.f(0.3), 0.0);
        assertEquals(0.5, Activation.SIGMOID.f(0.0), 0.0);
        assertEquals(1.0, Activation.SIGMOID.f(800.0), 0.0);
        assertEquals(0.0, Activation.SIGMOID.f(-800.0), 0.0);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void backwardMatchesFiniteDifferences(Activation act) {
        Rng rng = new Rng(11);
        INDArray x = TestArrays.normal(rng, 1.5, 7, 5);
        INDArray w = TestArrays.normal(rng, 1.0, 7, 5);
        INDArray y = TestArrays.zeros(7, 5);
        INDArray dx = TestArrays.zeros(7, 5);
        act.backward(x, w, dx);
        GradientCheck.check(act + " dX", x, dx, () -> {
            act.forward(x, y);
            return TestArrays.weightedSum(y, w);
        });
    }

    @Test
    void forwardWorksInPlace() {
        Rng rng = new Rng(3);
        INDArray x = TestArrays.normal(rng, 1.0, 4, 3);
        INDArray expected = TestArrays.zeros(4, 3);
        Activation.SILU.forward(x, expected);
        Activation.SILU.forward(x, x);
        assertEquals(expected, x);
    }

    @Test
    void mismatchedShapesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activation.TANH.forward(TestArrays.zeros(2, 3), TestArrays.zeros(3, 2)));
        assertEquals(true, e.getMessage().startsWith("TANH: out must match x"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void expBasedTanhMatchesMathTanhToRoundingError() {
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < 100_000; i++) {
            double x = r.nextGaussian() * (i % 2 == 0 ? 0.01 : 5);
            org.junit.jupiter.api.Assertions.assertEquals(Math.tanh(x), Activation.tanh(x), 4e-16, "x = " + x);
        }
        org.junit.jupiter.api.Assertions.assertEquals(1.0, Activation.tanh(800), 0.0);
        org.junit.jupiter.api.Assertions.assertEquals(-1.0, Activation.tanh(-800), 0.0);
        org.junit.jupiter.api.Assertions.assertEquals(0.0, Activation.tanh(0), 0.0);
    }
}
