package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpo.algo.GuiderLossTest.randomMatrix;
import static org.magpo.algo.GuiderLossTest.randomVector;
import static org.magpo.algo.GuiderLossTest.twoActions;

import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.magpo.dist.MaskedCategorical;
import org.magpo.dist.TanhGaussian;
import org.magpo.nn.GradientCheck;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PpoLossTest {

    private static final int[] ACTION0 = {0};

    private static double entropy2(double p) {
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    }

    @Test
    void insideTheClipBandTheSurrogateIsRatioTimesAdvantageMinusEntropy() {
        // p(0) = 0.6, old 0.5: r = 1.2 inside (1 - 0.25, 1 + 0.25); A = 2.
        MaskedCategorical pi = twoActions(0.6);
        PpoLoss.Terms t = new PpoLoss(1).compute(pi, ACTION0, new double[] {Math.log(0.5)}, new double[] {2.0},
                new PpoLoss.Coefficients(0.25, 0.1));
        double h = entropy2(0.6);
        assertEquals(-2.4, t.clipLoss(), 1e-12);
        assertEquals(h, t.entropy(), 1e-12);
        assertEquals(-2.4 - 0.1 * h, t.total(), 1e-12);
        assertEquals(0.0, t.clipFraction());
        assertEquals(0.2 - Math.log(1.2), t.approxKl(), 1e-12);
        // dL/dz_0 = −A·r·(1 − p_0) − c_ent·dH/dz_0, with dH/dz_0 = −p_0·(ln p_0 + H).
        double expected = -2.0 * 1.2 * 0.4 - 0.1 * (-0.6 * (Math.log(0.6) + h));
        assertEquals(expected, pi.grad(0, 0), 1e-12);
    }

    @Test
    void aClippedRatioWithPositiveAdvantageGivesNoGradient() {
        // r = 0.4 / 0.25 = 1.6 > 1.2 and A > 0: min() takes the clipped, constant branch.
        MaskedCategorical pi = twoActions(0.4);
        PpoLoss.Terms t = new PpoLoss(1).compute(pi, ACTION0, new double[] {Math.log(0.25)}, new double[] {1.0},
                new PpoLoss.Coefficients(0.2, 0.0));
        assertEquals(-1.2, t.clipLoss(), 1e-12);
        assertEquals(1.0, t.clipFraction());
        assertEquals(0.0, pi.grad(0, 0), 0.0);
    }

    @Test
    void aSmallRatioWithNegativeAdvantageIsClippedToo() {
        // r = 0.25 / 0.5 = 0.5 < 0.8 and A = −1: min(−0.5, −0.8) = −0.8 (clipped, no gradient).
        MaskedCategorical pi = twoActions(0.25);
        PpoLoss.Terms t = new PpoLoss(1).compute(pi, ACTION0, new double[] {Math.log(0.5)}, new double[] {-1.0},
                new PpoLoss.Coefficients(0.2, 0.0));
        assertEquals(0.8, t.clipLoss(), 1e-12);
        assertEquals(0.0, pi.grad(0, 0), 0.0);
    }

    @Test
    void aSmallRatioWithPositiveAdvantageKeepsTheUnclippedGradient() {
        // r = 0.5 < 0.8 and A = 1: min(0.5, 0.8) = 0.5, the gradient flows through r (PPO's pessimism).
        MaskedCategorical pi = twoActions(0.25);
        PpoLoss.Terms t = new PpoLoss(1).compute(pi, ACTION0, new double[] {Math.log(0.5)}, new double[] {1.0},
                new PpoLoss.Coefficients(0.2, 0.0));
        assertEquals(-0.5, t.clipLoss(), 1e-12);
        assertEquals(-0.5 * 0.75, pi.grad(0, 0), 1e-12);
    }

    @Test
    void discreteGradientMatchesFiniteDifferences() {
        int m = 12;
        int a = 4;
        Rng rng = new Rng(11);
        INDArray logits = randomMatrix(rng, m, a, 1.5);
        int[] actions = new int[m];
        for (int r = 0; r < m; r++) {
            actions[r] = rng.nextInt(a);
        }
        boolean[] mask = new boolean[m * a];
        java.util.Arrays.fill(mask, true);
        mask[3] = false;   // row 0 may not take action 3
        actions[0] = 1;
        MaskedCategorical pi = new MaskedCategorical(m, a).load(logits, mask);
        double[] old = randomVector(rng, m, 0.3);
        for (int r = 0; r < m; r++) {
            old[r] += pi.logProb(r, actions[r]);
        }
        double[] adv = randomVector(rng, m, 1);
        PpoLoss.Coefficients c = new PpoLoss.Coefficients(0.2, 0.05);
        PpoLoss loss = new PpoLoss(m);
        PpoLoss.Terms t = loss.compute(pi, actions, old, adv, c);
        assertTrue(t.clipFraction() > 0 && t.clipFraction() < 1, "both regimes are exercised: " + t.clipFraction());
        INDArray grad = Nd4j.create(DataType.DOUBLE, new long[] {m, a}, 'f');
        pi.writeGrad(grad);
        DoubleSupplier total = () -> {
            pi.load(logits, mask);
            return loss.compute(pi, actions, old, adv, c).total();
        };
        GradientCheck.check("policy logits", logits, grad, total);
    }

    @Test
    void continuousGradientMatchesFiniteDifferences() {
        int m = 10;
        int d = 2;
        Rng rng = new Rng(12);
        INDArray mean = randomMatrix(rng, m, d, 0.8);
        INDArray logStd = Nd4j.createFromArray(0.1, -0.3);
        TanhGaussian pi = new TanhGaussian(m, d).load(mean, logStd);
        float[] actions = new float[m * d];
        pi.sample(rng, null, actions);
        double[] old = new double[m];
        pi.logProb(actions, old);
        double[] jitter = randomVector(rng, m, 0.3);
        for (int r = 0; r < m; r++) {
            old[r] += jitter[r];
        }
        double[] adv = randomVector(rng, m, 1);
        PpoLoss.Coefficients c = new PpoLoss.Coefficients(0.2, 0.0);
        PpoLoss loss = new PpoLoss(m);
        loss.compute(pi, actions, old, adv, c);
        INDArray meanGrad = Nd4j.create(DataType.DOUBLE, new long[] {m, d}, 'f');
        INDArray stdGrad = Nd4j.create(DataType.DOUBLE, d);
        pi.writeGrad(meanGrad, stdGrad);
        DoubleSupplier total = () -> {
            pi.load(mean, logStd);
            return loss.compute(pi, actions, old, adv, c).total();
        };
        GradientCheck.check("policy mean", mean, meanGrad, total);
        GradientCheck.check("policy logStd", logStd, stdGrad, total);
    }

    @Test
    void badCoefficientsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PpoLoss.Coefficients(1.0, 0.0));
        assertTrue(e.getMessage().contains("clipEps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PpoLoss.Coefficients(0.2, -1));
        assertTrue(e.getMessage().contains("entCoef"), e.getMessage());
    }
}
