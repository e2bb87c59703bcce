package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.magpo.nn.GradientCheck;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ClippedValueLossTest {

    private static double single(ClippedValueLoss loss, double v, double vOld, double ret) {
        return loss.compute(new double[] {v}, 1, new float[] {(float) vOld}, new float[] {(float) ret}, 0.2, 0.5);
    }

    @Test
    void clippedBranchWinsAndPassesNoGradientOutsideTheBand() {
        // V = 1, V_old = 0.5, R = 2: V_clip = 0.7; (1−2)² = 1 < (0.7−2)² = 1.69.
        ClippedValueLoss loss = new ClippedValueLoss(1);
        assertEquals(0.5 * 1.69, single(loss, 1.0, 0.5, 2.0), 1e-12);
        assertEquals(0.0, loss.grad()[0], 0.0);
    }

    @Test
    void unclippedBranchWinsWhenItIsWorse() {
        // V = −1, V_old = 0.5, R = 2: V_clip = 0.3; (−1−2)² = 9 > 2.89; dL/dV = coef·0.5·2·(V−R) = −1.5.
        ClippedValueLoss loss = new ClippedValueLoss(1);
        assertEquals(0.5 * 9, single(loss, -1.0, 0.5, 2.0), 1e-12);
        assertEquals(0.5 * 0.5 * 2 * -3.0, loss.grad()[0], 1e-12);
    }

    @Test
    void insideTheBandBothBranchesAgreeAndTheGradientFlowsOnce() {
        // V = 0.6, V_old = 0.5 (inside ±0.2): V_clip = V, tie; gradient = coef·0.5·2·(V−R).
        ClippedValueLoss loss = new ClippedValueLoss(1);
        assertEquals(0.5 * 1.4 * 1.4, single(loss, 0.6, 0.5, 2.0), 1e-6);
        assertEquals(0.5 * 0.5 * 2 * (0.6 - 2.0), loss.grad()[0], 1e-6);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int m = 16;
        Rng rng = new Rng(5);
        INDArray v = Nd4j.create(DataType.DOUBLE, new long[] {m, 1}, 'f');
        float[] old = new float[m];
        float[] ret = new float[m];
        for (int i = 0; i < m; i++) {
            old[i] = (float) rng.nextGaussian();
            ret[i] = (float) rng.nextGaussian();
            // Keep clear of the clip boundaries, where the loss has kinks.
            double delta = 0.05 + 0.5 * rng.nextDouble();
            v.putScalar(i, 0, old[i] + (i % 2 == 0 ? delta : -delta) * (i % 4 < 2 ? 1 : 0.2));
        }
        ClippedValueLoss loss = new ClippedValueLoss(m);
        loss.compute(v, old, ret, 0.2, 0.7);
        INDArray grad = Nd4j.create(DataType.DOUBLE, new long[] {m, 1}, 'f');
        loss.writeGrad(grad);
        GradientCheck.check("values", v, grad, () -> 0.7 * loss.compute(v, old, ret, 0.2, 0.7));
    }

    @Test
    void tooManyTokensAreRefused() {
        ClippedValueLoss loss = new ClippedValueLoss(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.compute(new double[3], 3, new float[3], new float[3], 0.2, 1));
        assertEquals("tokens M must be in [1, 2], got 3", e.getMessage());
    }
}
