package org.magpo.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.nn.GradientCheck;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TanhGaussianTest {

    private static final int M = 3;
    private static final int D = 2;
    // Inside, inside, right tail, inside, left tail, exactly at the clip.
    private static final float[] ACTIONS = {0.2f, -0.5f, 0.9995f, -0.3f, -1.0f, TanhGaussian.THRESHOLD};

    private static INDArray randomMean(long seed) {
        Rng rng = new Rng(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, new long[] {M, D}, 'f');
        for (int r = 0; r < M; r++) {
            for (int d = 0; d < D; d++) {
                x.putScalar(r, d, rng.nextGaussian());
            }
        }
        return x;
    }

    private static INDArray logStd(double a, double b) {
        return Nd4j.createFromArray(a, b);
    }

    private static double[] weights(long seed) {
        Rng rng = new Rng(seed);
        double[] w = new double[M];
        for (int r = 0; r < M; r++) {
            w[r] = rng.nextGaussian();
        }
        return w;
    }

    private static double dot(double[] w, double[] v) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * v[i];
        }
        return s;
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    @Test
    void sigmaIsSoftplusOfLogStdPlusMinScale() {
        TanhGaussian g = new TanhGaussian(1, 2).load(new double[] {0, 0}, new double[] {0, -2}, 1);
        assertEquals(Math.log(2) + 1e-3, g.sigma(0), 1e-15);
        assertEquals(softplus(-2) + 1e-3, g.sigma(1), 1e-15);
    }

    @Test
    void entropyAtZeroNoiseAndZeroMeanIsTheNormalEntropy() {
        // log|tanh'(0)| = 0, so H = sum_d (1/2 + 1/2 log 2π + log σ_d).
        TanhGaussian g = new TanhGaussian(1, 2).load(new double[] {0, 0}, new double[] {0.5, -1}, 1);
        double[] h = new double[1];
        g.entropy(h);
        double expected = 0;
        for (double ls : new double[] {0.5, -1}) {
            expected += 0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(softplus(ls) + 1e-3);
        }
        assertEquals(expected, h[0], 1e-12);
    }

    @Test
    void entropyAddsTanhLogDetJacobianAtTheSample() {
        // Mean 1, zero noise: the sample is x = 1 and log|tanh'(1)| = log(1 - tanh(1)^2).
        TanhGaussian g = new TanhGaussian(1, 1).load(new double[] {1}, new double[] {0}, 1);
        double[] h = new double[1];
        g.entropy(h);
        double sigma = Math.log(2) + 1e-3;
        double t = Math.tanh(1);
        assertEquals(0.5 + 0.5 * Math.log(2 * Math.PI) + Math.log(sigma) + Math.log(1 - t * t), h[0], 1e-12);
    }

    @Test
    void klOfBaseNormalsMatchesHandComputedValue() {
        // Dim 0: equal σ, means 0.5 apart: 0.125/σ². Dim 1: same mean, σ_p vs σ_q.
        TanhGaussian p = new TanhGaussian(1, 2).load(new double[] {0.5, 0.1}, new double[] {0, 1}, 1);
        TanhGaussian q = new TanhGaussian(1, 2).load(new double[] {0.0, 0.1}, new double[] {0, -1}, 1);
        double[] kl = new double[1];
        p.kl(q, kl);
        double s0 = p.sigma(0);
        double sp = p.sigma(1);
        double sq = q.sigma(1);
        double expected = 0.125 / (s0 * s0) + Math.log(sq / sp) + sp * sp / (2 * sq * sq) - 0.5;
        assertEquals(expected, kl[0], 1e-12);
        p.kl(p, kl);
        assertEquals(0.0, kl[0], 1e-15);
    }

    @Test
    void logProbIntegratesToBaseProbabilitiesIn1d() {
        double mu = 0.3;
        TanhGaussian g = new TanhGaussian(1, 1).load(new double[] {mu}, new double[] {-0.2}, 1);
        double sigma = g.sigma(0);
        float[] a = new float[1];
        double[] lp = new double[1];
        // Simpson's rule on the squashed density between a1 and a2, against the base Normal's CDF.
        double a1 = -0.9;
        double a2 = 0.95;
        int n = 20000;
        double h = (a2 - a1) / n;
        double sum = 0;
        for (int k = 0; k <= n; k++) {
            double x = a1 + k * h;
            a[0] = (float) x;
            g.logProb(a, lp);
            // Correct for float rounding of the evaluation point to first order: density at x, not at (float) x.
            double density = Math.exp(lp[0]);
            double weight = (k == 0 || k == n) ? 1 : (k % 2 == 1 ? 4 : 2);
            sum += weight * density;
        }
        double integral = sum * h / 3;
        double expected = Math.exp(StandardNormal.logCdf((atanh(a2) - mu) / sigma))
                - Math.exp(StandardNormal.logCdf((atanh(a1) - mu) / sigma));
        assertEquals(expected, integral, 2e-6);
    }

    @Test
    void tailLogProbsAreTheAverageDensityOfTheClippedMass() {
        double mu = 1.5;
        TanhGaussian g = new TanhGaussian(1, 1).load(new double[] {mu}, new double[] {0.4}, 1);
        double sigma = g.sigma(0);
        double cut = atanh(TanhGaussian.THRESHOLD);
        double[] lp = new double[1];
        g.logProb(new float[] {1.0f}, lp);
        double right = Math.exp(StandardNormal.logSurvival((cut - mu) / sigma));
        assertEquals(Math.log(right) - Math.log(1 - 0.999), lp[0], 1e-9);
        double[] lp2 = new double[1];
        g.logProb(new float[] {0.9999f}, lp2);
        assertEquals(lp[0], lp2[0], 0.0, "everything at or beyond +0.999 shares the tail value");
        g.logProb(new float[] {-1.0f}, lp);
        double left = Math.exp(StandardNormal.logCdf((-cut - mu) / sigma));
        assertEquals(Math.log(left) - Math.log(1 - 0.999), lp[0], 1e-9);
    }

    @Test
    void samplesAreSquashedAndCentredOnTheMean() {
        TanhGaussian g = new TanhGaussian(1, 1).load(new double[] {0.4}, new double[] {-1}, 1);
        Rng rng = new Rng(5);
        float[] pre = new float[1];
        float[] act = new float[1];
        double sum = 0;
        int n = 20000;
        for (int k = 0; k < n; k++) {
            g.sample(rng, pre, act);
            assertEquals(Math.tanh(pre[0]), act[0], 1e-6);
            assertTrue(act[0] > -1 && act[0] < 1);
            sum += pre[0];
        }
        // σ ≈ 0.314: 5 standard errors of the mean is 0.011.
        assertEquals(0.4, sum / n, 0.011);
        float[] mode = new float[1];
        g.mode(mode);
        assertEquals(Math.tanh(0.4), mode[0], 1e-7);
    }

    @Test
    void samplingWithNoiseDrawnBeforehandMatchesSamplingFromTheSource() {
        TanhGaussian g = new TanhGaussian(M, D).load(randomMean(4), logStd(-0.5, 0.3));
        float[] pre = new float[M * D];
        float[] act = new float[M * D];
        float[] pre2 = new float[M * D];
        float[] act2 = new float[M * D];
        Rng source = new Rng(6);
        Rng copy = Rng.fromState(source.state());
        for (int k = 0; k < 50; k++) {
            g.sample(source, pre, act);
            double[] noise = new double[2 + M * D];
            for (int i = 0; i < M * D; i++) {
                noise[2 + i] = copy.nextGaussian();
            }
            g.sample(noise, 2, pre2, act2);
            assertArrayEquals(pre, pre2, "draw " + k);
            assertArrayEquals(act, act2, "draw " + k);
        }
    }

    @Test
    void logProbGradientsMatchFiniteDifferencesInsideAndInBothTails() {
        INDArray mean = randomMean(1);
        INDArray ls = logStd(0.3, -0.4);
        double[] w = weights(2);
        TanhGaussian g = new TanhGaussian(M, D);
        double[] tmp = new double[M];
        g.load(mean, ls).accumulateLogProbGrad(ACTIONS, w);
        INDArray gm = Nd4j.create(DataType.DOUBLE, new long[] {M, D}, 'f');
        INDArray gs = Nd4j.create(DataType.DOUBLE, D);
        g.writeGrad(gm, gs);
        java.util.function.DoubleSupplier loss = () -> {
            g.load(mean, ls).logProb(ACTIONS, tmp);
            return dot(w, tmp);
        };
        GradientCheck.check("logProb wrt mean", mean, gm, loss);
        GradientCheck.check("logProb wrt logStd", ls, gs, loss);
    }

    @Test
    void entropyGradientsMatchFiniteDifferences() {
        INDArray mean = randomMean(3);
        INDArray ls = logStd(-0.7, 0.2);
        double[] w = weights(4);
        TanhGaussian g = new TanhGaussian(M, D);
        double[] tmp = new double[M];
        g.load(mean, ls).drawEntropyNoise(new Rng(9));
        g.accumulateEntropyGrad(w);
        INDArray gm = Nd4j.create(DataType.DOUBLE, new long[] {M, D}, 'f');
        INDArray gs = Nd4j.create(DataType.DOUBLE, D);
        g.writeGrad(gm, gs);
        java.util.function.DoubleSupplier loss = () -> {
            g.load(mean, ls).entropy(tmp);
            return dot(w, tmp);
        };
        GradientCheck.check("entropy wrt mean", mean, gm, loss);
        GradientCheck.check("entropy wrt logStd", ls, gs, loss);
    }

    @Test
    void klGradientsWithRespectToBothSidesMatchFiniteDifferences() {
        INDArray mp = randomMean(5);
        INDArray mq = randomMean(6);
        INDArray lp = logStd(0.1, -0.3);
        INDArray lq = logStd(-0.5, 0.6);
        double[] w = weights(7);
        TanhGaussian p = new TanhGaussian(M, D);
        TanhGaussian q = new TanhGaussian(M, D);
        double[] tmp = new double[M];
        p.load(mp, lp);
        q.load(mq, lq);
        p.accumulateKlGradAsFirst(q, w);
        q.accumulateKlGradAsSecond(p, w);
        INDArray gmp = Nd4j.create(DataType.DOUBLE, new long[] {M, D}, 'f');
        INDArray gsp = Nd4j.create(DataType.DOUBLE, D);
        INDArray gmq = Nd4j.create(DataType.DOUBLE, new long[] {M, D}, 'f');
        INDArray gsq = Nd4j.create(DataType.DOUBLE, D);
        p.writeGrad(gmp, gsp);
        q.writeGrad(gmq, gsq);
        java.util.function.DoubleSupplier loss = () -> {
            p.load(mp, lp).kl(q.load(mq, lq), tmp);
            return dot(w, tmp);
        };
        GradientCheck.check("KL wrt p mean", mp, gmp, loss);
        GradientCheck.check("KL wrt p logStd", lp, gsp, loss);
        GradientCheck.check("KL wrt q mean", mq, gmq, loss);
        GradientCheck.check("KL wrt q logStd", lq, gsq, loss);
    }

    private static double atanh(double y) {
        return 0.5 * Math.log((1 + y) / (1 - y));
    }
}
