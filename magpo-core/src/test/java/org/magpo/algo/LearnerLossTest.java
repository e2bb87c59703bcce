package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class LearnerLossTest {

    private static double kl2(double p, double q) {
        return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }

    @Test
    void rlTermUsesTheGuidersBehaviourLogProbAndKlIsGuiderToLearner() {
        // pi(0) = 0.4, mu_old(0) = 0.5: r_pi = 0.8 (on the clip boundary is avoided: eps 0.25).
        MaskedCategorical g = twoActions(0.7);
        MaskedCategorical l = twoActions(0.4);
        LearnerLoss.Terms t = new LearnerLoss(1).compute(g, l, new int[] {0}, new double[] {Math.log(0.5)},
                new double[] {2.0}, new LearnerLoss.Coefficients(0.25, 4.0));
        assertEquals(-0.8 * 2.0, t.rlLoss(), 1e-12);
        assertEquals(kl2(0.7, 0.4), t.klLoss(), 1e-12);
        assertEquals(4.0 * t.rlLoss() + t.klLoss(), t.total(), 1e-12);
        // dL/dz_0 = alpha * (-r A) (1 - p_0) + (q_0 - p_0) with q = learner, p = guider.
        assertEquals(4.0 * (-0.8 * 2.0) * 0.6 + (0.4 - 0.7), l.grad(0, 0), 1e-12);
        assertEquals(0.0, g.grad(0, 0), 0.0, "the guider is never written by the learner loss");
    }

    @Test
    void clippedRatioStopsTheRlGradient() {
        // r_pi = 0.4 / 0.25 = 1.6 > 1.2 with A > 0: the clipped branch wins, only the KL gradient remains.
        MaskedCategorical g = twoActions(0.4);
        MaskedCategorical l = twoActions(0.4);
        LearnerLoss.Terms t = new LearnerLoss(1).compute(g, l, new int[] {0}, new double[] {Math.log(0.25)},
                new double[] {1.0}, new LearnerLoss.Coefficients(0.2, 1.0));
        assertEquals(-1.2, t.rlLoss(), 1e-12);
        assertEquals(1.0, t.clipFraction());
        assertEquals(0.0, t.klLoss(), 1e-15);
        assertEquals(0.0, l.grad(0, 0), 1e-15);
    }

    @Test
    void discreteTotalGradientMatchesFiniteDifferences() {
        int m = 12;
        int a = 4;
        Rng rng = new Rng(303);
        INDArray gl = randomMatrix(rng, m, a, 1.5);
        INDArray ll = randomMatrix(rng, m, a, 1.5);
        int[] actions = new int[m];
        for (int r = 0; r < m; r++) {
            actions[r] = rng.nextInt(a);
        }
        MaskedCategorical g = new MaskedCategorical(m, a).load(gl, null);
        MaskedCategorical l = new MaskedCategorical(m, a).load(ll, null);
        double[] old = new double[m];
        g.logProb(actions, old);
        double[] adv = randomVector(rng, m, 1);
        LearnerLoss.Coefficients c = new LearnerLoss.Coefficients(0.2, 2.0);
        LearnerLoss loss = new LearnerLoss(m);
        LearnerLoss.Terms t = loss.compute(g, l, actions, old, adv, c);
        org.junit.jupiter.api.Assertions.assertTrue(t.clipFraction() > 0 && t.clipFraction() < 1);
        INDArray lGrad = Nd4j.create(DataType.DOUBLE, new long[] {m, a}, 'f');
        l.writeGrad(lGrad);
        DoubleSupplier total = () -> {
            l.load(ll, null);
            return loss.compute(g, l, actions, old, adv, c).total();
        };
        GradientCheck.check("learner logits", ll, lGrad, total);
    }

    @Test
    void continuousTotalGradientMatchesFiniteDifferences() {
        int m = 10;
        int d = 2;
        Rng rng = new Rng(404);
        INDArray gm = randomMatrix(rng, m, d, 0.8);
        INDArray gs = Nd4j.createFromArray(0.1, -0.4);
        INDArray lm = randomMatrix(rng, m, d, 0.8);
        INDArray ls = Nd4j.createFromArray(-0.2, 0.2);
        TanhGaussian g = new TanhGaussian(m, d).load(gm, gs);
        TanhGaussian l = new TanhGaussian(m, d).load(lm, ls);
        float[] actions = new float[m * d];
        g.sample(rng, null, actions);
        actions[1] = -1.0f;
        double[] old = new double[m];
        g.logProb(actions, old);
        double[] adv = randomVector(rng, m, 1);
        LearnerLoss.Coefficients c = new LearnerLoss.Coefficients(0.2, 8.0);
        LearnerLoss loss = new LearnerLoss(m);
        loss.compute(g, l, actions, old, adv, c);
        INDArray lmGrad = Nd4j.create(DataType.DOUBLE, new long[] {m, d}, 'f');
        INDArray lsGrad = Nd4j.create(DataType.DOUBLE, d);
        l.writeGrad(lmGrad, lsGrad);
        DoubleSupplier total = () -> {
            l.load(lm, ls);
            return loss.compute(g, l, actions, old, adv, c).total();
        };
        GradientCheck.check("learner mean", lm, lmGrad, total);
        GradientCheck.check("learner logStd", ls, lsGrad, total);
    }
}
