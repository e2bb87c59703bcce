package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.magpo.dist.MaskedCategorical;
import org.magpo.dist.TanhGaussian;
import org.magpo.nn.GradientCheck;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GuiderLossTest {

    private static final GuiderLoss.Coefficients NO_ENTROPY = new GuiderLoss.Coefficients(0.2, 1.5, 0.0, 0.5);
    private static final int[] ACTION0 = {0};

    /** A two-action categorical with p(action 0) = p0. */
    static MaskedCategorical twoActions(double p0) {
        return new MaskedCategorical(1, 2).load(new double[] {Math.log(p0 / (1 - p0)), 0}, null, 1);
    }

    private static GuiderLoss.Terms single(MaskedCategorical g, MaskedCategorical l, double old, double adv) {
        return new GuiderLoss(1).compute(g, l, ACTION0, new double[] {Math.log(old)}, new double[] {adv},
                new double[] {0}, new float[] {0}, new float[] {0}, NO_ENTROPY);
    }

    private static double kl2(double p, double q) {
        return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
    }

    @Test
    void insideTheDeltaBandItIsPlainPpo() {
        // mu/pi = 0.5/0.45 within [1/1.5, 1.5]; r = r~ = 0.5/0.45 within [0.8, 1.2]: both branches tie.
        MaskedCategorical g = twoActions(0.5);
        GuiderLoss.Terms t = single(g, twoActions(0.45), 0.45, 1.0);
        double r = 0.5 / 0.45;
        assertEquals(-r, t.clipLoss(), 1e-12);
        assertEquals(0.0, t.klLoss());
        assertEquals(0.0, t.deltaMaskFraction());
        assertEquals(0.0, t.clipFraction());
        // The tied min passes the gradient once: dL/dz_j = -r (1[j = 0] - p_j).
        assertEquals(-r * 0.5, g.grad(0, 0), 1e-12);
        assertEquals(r * 0.5, g.grad(0, 1), 1e-12);
    }

    @Test
    void aboveDeltaTheClippedBranchHasNoRlGradientAndTheMaskedKlPulls() {
        // mu/pi = 2.5 > 1.5: r~ = 1.5 * 0.2 / 0.3 = 1.0; r = 0.5 / 0.3.
        MaskedCategorical g = twoActions(0.5);
        MaskedCategorical l = twoActions(0.2);
        GuiderLoss.Terms t = single(g, l, 0.3, 1.0);
        assertEquals(-1.0, t.clipLoss(), 1e-12);
        assertEquals(kl2(0.5, 0.2), t.klLoss(), 1e-12, "KL(guider ‖ learner), not the reverse");
        assertEquals(1.0, t.deltaMaskFraction());
        assertEquals(t.clipLoss() + t.klLoss() + 0.5 * t.valueLoss(), t.total(), 1e-12);
        // Only the KL gradient: p_j ((log p_j - log q_j) - KL).
        double kl = kl2(0.5, 0.2);
        assertEquals(0.5 * (Math.log(0.5 / 0.2) - kl), g.grad(0, 0), 1e-12);
        assertEquals(0.5 * (Math.log(0.5 / 0.8) - kl), g.grad(0, 1), 1e-12);
    }

    @Test
    void aboveDeltaWithNegativeAdvantageTheUnclippedRatioCarriesTheGradient() {
        MaskedCategorical g = twoActions(0.5);
        GuiderLoss.Terms t = single(g, twoActions(0.2), 0.3, -1.0);
        double r = 0.5 / 0.3;
        assertEquals(r, t.clipLoss(), 1e-12);
        double kl = kl2(0.5, 0.2);
        // dL/dlog mu = -r * A = r; plus the KL gradient.
        assertEquals(r * 0.5 + 0.5 * (Math.log(0.5 / 0.2) - kl), g.grad(0, 0), 1e-12);
    }

    @Test
    void belowInverseDeltaTheRatioIsLiftedToOneOverDelta() {
        // mu/pi = 0.625 < 1/1.5: r~ = (1/1.5) * 0.8 / 0.5 = 16/15; r = 1.
        MaskedCategorical g = twoActions(0.5);
        GuiderLoss.Terms pos = single(g, twoActions(0.8), 0.5, 1.0);
        assertEquals(-1.0, pos.clipLoss(), 1e-12);
        assertEquals(1.0, pos.deltaMaskFraction());
        double kl = kl2(0.5, 0.8);
        assertEquals(-0.5 + 0.5 * (Math.log(0.5 / 0.8) - kl), g.grad(0, 0), 1e-12);
        GuiderLoss.Terms neg = single(g, twoActions(0.8), 0.5, -1.0);
        assertEquals(16.0 / 15, neg.clipLoss(), 1e-12);
        assertEquals(0.5 * (Math.log(0.5 / 0.8) - kl), g.grad(0, 0), 1e-12, "clipped branch: KL gradient only");
    }

    @Test
    void outerClipStopsTheGradientInsideTheDeltaBand() {
        // mu/pi = 0.5/0.45 in band, r = r~ = 0.5/0.35 > 1.2.
        MaskedCategorical g = twoActions(0.5);
        GuiderLoss.Terms t = single(g, twoActions(0.45), 0.35, 1.0);
        assertEquals(-1.2, t.clipLoss(), 1e-12);
        assertEquals(1.0, t.clipFraction());
        assertEquals(0.0, t.deltaMaskFraction());
        assertEquals(0.0, g.grad(0, 0), 0.0);
    }

    @Test
    void ratioIsExactlyOneAtTheBehaviourPolicy() {
        Rng rng = new Rng(3);
        int m = 6;
        double[] logits = new double[m * 4];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = rng.nextGaussian();
        }
        MaskedCategorical g = new MaskedCategorical(m, 4).load(logits, null, m);
        MaskedCategorical l = new MaskedCategorical(m, 4).load(logits, null, m);
        int[] actions = {0, 1, 2, 3, 2, 1};
        double[] old = new double[m];
        g.logProb(actions, old);
        double[] adv = {0.5, -1, 2, 0.1, -0.3, 0.7};
        GuiderLoss.Terms t = new GuiderLoss(m).compute(g, l, actions, old, adv, new double[m], new float[m],
                new float[m], NO_ENTROPY);
        double mean = 0;
        for (double a : adv) {
            mean += a / m;
        }
        assertEquals(-mean, t.clipLoss(), 1e-15);
        assertEquals(0.0, t.approxKl(), 0.0);
        assertEquals(0.0, t.clipFraction(), 0.0);
        assertEquals(0.0, t.klLoss(), 0.0);
    }

    @Test
    void valueLossIsClippedWithTheSameEpsilon() {
        // Token 0: V 1.5, V_old 1, R 2 -> V_clip 1.2, max(0.25, 0.64) = 0.64, clipped branch: no gradient.
        // Token 1: V 1.1 inside the clip -> both branches 0.81, gradient once: 2 (V - R).
        // Token 2: V 0.5, V_clip 0.8 -> max(2.25, 1.44) = 2.25, unclipped branch.
        MaskedCategorical g = new MaskedCategorical(3, 2).load(new double[6], null, 3);
        GuiderLoss loss = new GuiderLoss(3);
        GuiderLoss.Terms t = loss.compute(g, g, new int[3], new double[] {Math.log(0.5), Math.log(0.5), Math.log(0.5)},
                new double[3], new double[] {1.5, 1.1, 0.5}, new float[] {1, 1, 1}, new float[] {2, 2, 2}, NO_ENTROPY);
        assertEquals(0.5 * (0.64 + 0.81 + 2.25) / 3, t.valueLoss(), 1e-6);
        double scale = 0.5 * 0.5 / 3; // c_vf * 0.5 / M
        assertEquals(0.0, loss.valueGrad()[0], 0.0);
        assertEquals(scale * 2 * (1.1 - 2), loss.valueGrad()[1], 1e-6);
        assertEquals(scale * 2 * (0.5 - 2), loss.valueGrad()[2], 1e-12);
    }

    @Test
    void theLearnerIsNeverWrittenByTheGuiderLoss() {
        MaskedCategorical g = twoActions(0.5);
        MaskedCategorical l = twoActions(0.2);
        single(g, l, 0.3, -1.0);
        assertEquals(0.0, l.grad(0, 0), 0.0);
        assertEquals(0.0, l.grad(0, 1), 0.0);
    }

    // ---- finite-difference checks of the total loss -------------------------------------------

    static INDArray randomMatrix(Rng rng, int rows, int cols, double scale) {
        INDArray x = Nd4j.create(DataType.DOUBLE, new long[] {rows, cols}, 'f');
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                x.putScalar(r, c, scale * rng.nextGaussian());
            }
        }
        return x;
    }

    static double[] randomVector(Rng rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * rng.nextGaussian();
        }
        return v;
    }

    static float[] randomFloats(Rng rng, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * rng.nextGaussian());
        }
        return v;
    }

    @Test
    void discreteTotalGradientMatchesFiniteDifferences() {
        int m = 12;
        int a = 5;
        Rng rng = new Rng(101);
        INDArray gl = randomMatrix(rng, m, a, 1.5);
        INDArray ll = randomMatrix(rng, m, a, 1.5);
        boolean[] mask = new boolean[m * a];
        int[] actions = new int[m];
        for (int r = 0; r < m; r++) {
            actions[r] = rng.nextInt(a);
            for (int j = 0; j < a; j++) {
                mask[r * a + j] = j == actions[r] || rng.nextDouble() < 0.7;
            }
        }
        MaskedCategorical g = new MaskedCategorical(m, a).load(gl, mask);
        MaskedCategorical l = new MaskedCategorical(m, a).load(ll, mask);
        double[] old = new double[m];
        g.logProb(actions, old);
        for (int i = 0; i < m; i++) {
            old[i] += 0.4 * rng.nextGaussian();
        }
        double[] adv = randomVector(rng, m, 1);
        INDArray value = randomMatrix(rng, m, 1, 1);
        float[] oldValue = randomFloats(rng, m, 1);
        float[] returns = randomFloats(rng, m, 1);
        GuiderLoss.Coefficients c = new GuiderLoss.Coefficients(0.2, 1.3, 0.05, 0.5);
        GuiderLoss loss = new GuiderLoss(m);
        GuiderLoss.Terms t = loss.compute(g, l, actions, old, adv, value, oldValue, returns, c);
        // The random draw must exercise the δ mask and both clips, or the check proves less than it claims.
        org.junit.jupiter.api.Assertions.assertTrue(t.deltaMaskFraction() > 0 && t.deltaMaskFraction() < 1,
                "mask fraction " + t.deltaMaskFraction());
        org.junit.jupiter.api.Assertions.assertTrue(t.clipFraction() > 0, "clip fraction " + t.clipFraction());
        INDArray gGrad = Nd4j.create(DataType.DOUBLE, new long[] {m, a}, 'f');
        INDArray vGrad = Nd4j.create(DataType.DOUBLE, new long[] {m, 1}, 'f');
        g.writeGrad(gGrad);
        loss.writeValueGrad(vGrad);
        DoubleSupplier total = () -> {
            g.load(gl, mask);
            return loss.compute(g, l, actions, old, adv, value, oldValue, returns, c).total();
        };
        GradientCheck.check("guider logits", gl, gGrad, total);
        GradientCheck.check("value", value, vGrad, total);
    }

    @Test
    void continuousTotalGradientMatchesFiniteDifferences() {
        int m = 10;
        int d = 3;
        Rng rng = new Rng(202);
        INDArray gm = randomMatrix(rng, m, d, 0.8);
        INDArray gs = Nd4j.createFromArray(0.1, -0.4, 0.3);
        INDArray lm = randomMatrix(rng, m, d, 0.8);
        INDArray ls = Nd4j.createFromArray(-0.2, 0.2, 0.0);
        TanhGaussian g = new TanhGaussian(m, d).load(gm, gs);
        TanhGaussian l = new TanhGaussian(m, d).load(lm, ls);
        float[] actions = new float[m * d];
        g.sample(rng, null, actions);
        actions[0] = 1.0f; // a tail action
        g.drawEntropyNoise(rng);
        double[] old = new double[m];
        g.logProb(actions, old);
        for (int i = 0; i < m; i++) {
            old[i] += 0.3 * rng.nextGaussian();
        }
        double[] adv = randomVector(rng, m, 1);
        INDArray value = randomMatrix(rng, m, 1, 1);
        float[] oldValue = randomFloats(rng, m, 1);
        float[] returns = randomFloats(rng, m, 1);
        GuiderLoss.Coefficients c = new GuiderLoss.Coefficients(0.2, 1.5, 0.01, 0.5);
        GuiderLoss loss = new GuiderLoss(m);
        GuiderLoss.Terms t = loss.compute(g, l, actions, old, adv, value, oldValue, returns, c);
        org.junit.jupiter.api.Assertions.assertTrue(t.deltaMaskFraction() > 0 && t.deltaMaskFraction() < 1,
                "mask fraction " + t.deltaMaskFraction());
        INDArray gmGrad = Nd4j.create(DataType.DOUBLE, new long[] {m, d}, 'f');
        INDArray gsGrad = Nd4j.create(DataType.DOUBLE, d);
        INDArray vGrad = Nd4j.create(DataType.DOUBLE, m);
        g.writeGrad(gmGrad, gsGrad);
        loss.writeValueGrad(vGrad);
        DoubleSupplier total = () -> {
            g.load(gm, gs);
            return loss.compute(g, l, actions, old, adv, value, oldValue, returns, c).total();
        };
        GradientCheck.check("guider mean", gm, gmGrad, total);
        GradientCheck.check("guider logStd", gs, gsGrad, total);
        GradientCheck.check("value", value, vGrad.reshape(m, 1), total);
    }
}
