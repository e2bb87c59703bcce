package org.magpo.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.nn.GradientCheck;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MaskedCategoricalTest {

    private static final int M = 3;
    private static final int A = 4;
    // Row 0 all legal, row 1 actions 1 and 3 illegal, row 2 only action 2 illegal.
    private static final boolean[] MASK = {
            true, true, true, true,
            true, false, true, false,
            true, true, false, true};

    private static INDArray randomLogits(long seed) {
        Rng rng = new Rng(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, new long[] {M, A}, 'f');
        for (int r = 0; r < M; r++) {
            for (int a = 0; a < A; a++) {
                x.putScalar(r, a, 2 * rng.nextGaussian());
            }
        }
        return x;
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

    @Test
    void entropyOfEqualLogitsIsLogOfLegalCount() {
        MaskedCategorical d = new MaskedCategorical(M, A).load(Nd4j.zeros(DataType.FLOAT, M, A).dup('f'), MASK);
        double[] h = new double[M];
        d.entropy(h);
        assertEquals(Math.log(4), h[0], 1e-12);
        assertEquals(Math.log(2), h[1], 1e-12);
        assertEquals(Math.log(3), h[2], 1e-12);
        assertEquals(0.0, d.prob(1, 1));
        assertEquals(0.5, d.prob(1, 2), 1e-12);
    }

    @Test
    void klMatchesHandComputedValueOverLegalActions() {
        // p = softmax(0, ln 2) = (1/3, 2/3) on legal {0, 2}; q = (1/2, 1/2); illegal logits are ignored.
        double[] pl = {0, 50, Math.log(2), -7};
        double[] ql = {1, -3, 1, 9};
        boolean[] mask = {true, false, true, false};
        MaskedCategorical p = new MaskedCategorical(1, A).load(pl, mask, 1);
        MaskedCategorical q = new MaskedCategorical(1, A).load(ql, mask, 1);
        double[] kl = new double[1];
        p.kl(q, kl);
        double expected = (1.0 / 3) * Math.log((1.0 / 3) / 0.5) + (2.0 / 3) * Math.log((2.0 / 3) / 0.5);
        assertEquals(expected, kl[0], 1e-12);
        q.kl(p, kl);
        double reverse = 0.5 * Math.log(0.5 / (1.0 / 3)) + 0.5 * Math.log(0.5 / (2.0 / 3));
        assertEquals(reverse, kl[0], 1e-12);
    }

    @Test
    void klRejectsActionsLegalForPButMaskedForQ() {
        MaskedCategorical p = new MaskedCategorical(1, 2).load(new double[] {0, 0}, new boolean[] {true, true}, 1);
        MaskedCategorical q = new MaskedCategorical(1, 2).load(new double[] {0, 0}, new boolean[] {true, false}, 1);
        assertThrows(IllegalArgumentException.class, () -> p.kl(q, new double[1]));
    }

    @Test
    void rowWithoutLegalActionIsRejected() {
        MaskedCategorical d = new MaskedCategorical(1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.load(new double[] {0, 0}, new boolean[] {false, false}, 1));
        assertTrue(e.getMessage().contains("row 0"));
    }

    @Test
    void maskedActionsAreNeverSampledAndFrequenciesFollowProbabilities() {
        // Illegal action 1 has by far the largest raw logit.
        double[] logits = {0, 100, Math.log(3), 0};
        boolean[] mask = {true, false, true, true};
        MaskedCategorical d = new MaskedCategorical(1, A).load(logits, mask, 1);
        Rng rng = new Rng(7);
        int[] out = new int[1];
        int[] counts = new int[A];
        int n = 20000;
        for (int k = 0; k < n; k++) {
            d.sample(rng, out);
            counts[out[0]]++;
        }
        assertEquals(0, counts[1]);
        // p = (0.2, 0, 0.6, 0.2); 5 standard errors (sd ≤ 0.0035) with a fixed seed.
        assertEquals(0.6, counts[2] / (double) n, 0.018);
        assertEquals(0.2, counts[0] / (double) n, 0.015);
    }

    @Test
    void samplingWithUniformsDrawnBeforehandMatchesSamplingFromTheSource() {
        MaskedCategorical d = new MaskedCategorical(M, A).load(randomLogits(8), MASK);
        int[] direct = new int[M];
        int[] drawn = new int[M];
        Rng source = new Rng(9);
        Rng copy = Rng.fromState(source.state());
        for (int k = 0; k < 200; k++) {
            d.sample(source, direct);
            double[] u = {-1, copy.nextDouble(), copy.nextDouble(), copy.nextDouble()};
            d.sample(u, 1, drawn);
            assertArrayEquals(direct, drawn, "draw " + k);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.sample(new double[3], 1, drawn));
        assertEquals("uniforms must hold offset + rows = 1 + 3 values, got 3", e.getMessage());
    }

    @Test
    void modeIsMostProbableLegalAction() {
        MaskedCategorical d = new MaskedCategorical(1, A).load(new double[] {1, 5, 3, 3}, new boolean[] {true, false, true, true}, 1);
        int[] out = new int[1];
        d.mode(out);
        assertEquals(2, out[0]);
    }

    @Test
    void rowMapReadsAndScattersRows() {
        INDArray logits = randomLogits(3);
        int[] map = {2, 0, 1};
        MaskedCategorical mapped = new MaskedCategorical(M, A).load(logits, MASK, map);
        MaskedCategorical plain = new MaskedCategorical(M, A).load(logits, MASK);
        for (int r = 0; r < M; r++) {
            for (int a = 0; a < A; a++) {
                assertEquals(plain.logProb(map[r], a), mapped.logProb(r, a), 0.0);
            }
        }
        double[] up = {1, 0, 0};
        mapped.accumulateEntropyGrad(up);
        INDArray g = Nd4j.create(DataType.DOUBLE, new long[] {M, A}, 'f');
        mapped.writeGrad(g, map);
        plain.accumulateEntropyGrad(new double[] {0, 0, 1});
        INDArray g2 = Nd4j.create(DataType.DOUBLE, new long[] {M, A}, 'f');
        plain.writeGrad(g2);
        assertArrayEquals(g2.data().asDouble(), g.data().asDouble(), 0.0);
    }

    @Test
    void logProbGradientMatchesFiniteDifferences() {
        INDArray x = randomLogits(11);
        int[] actions = {3, 2, 0};
        double[] w = weights(12);
        MaskedCategorical d = new MaskedCategorical(M, A);
        double[] tmp = new double[M];
        d.load(x, MASK).accumulateLogProbGrad(actions, w);
        INDArray g = Nd4j.create(DataType.DOUBLE, new long[] {M, A}, 'f');
        d.writeGrad(g);
        GradientCheck.check("logProb", x, g, () -> {
            d.load(x, MASK).logProb(actions, tmp);
            return dot(w, tmp);
        });
        assertEquals(0.0, g.getDouble(1, 1), "masked logits get no gradient");
    }

    @Test
    void entropyGradientMatchesFiniteDifferences() {
        INDArray x = randomLogits(21);
        double[] w = weights(22);
        MaskedCategorical d = new MaskedCategorical(M, A);
        double[] tmp = new double[M];
        d.load(x, MASK).accumulateEntropyGrad(w);
        INDArray g = Nd4j.create(DataType.DOUBLE, new long[] {M, A}, 'f');
        d.writeGrad(g);
        GradientCheck.check("entropy", x, g, () -> {
            d.load(x, MASK).entropy(tmp);
            return dot(w, tmp);
        });
    }

    @Test
    void klGradientsWithRespectToBothSidesMatchFiniteDifferences() {
        INDArray xp = randomLogits(31);
        INDArray xq = randomLogits(32);
        double[] w = weights(33);
        MaskedCategorical p = new MaskedCategorical(M, A);
        MaskedCategorical q = new MaskedCategorical(M, A);
        double[] tmp = new double[M];
        p.load(xp, MASK);
        q.load(xq, MASK);
        p.accumulateKlGradAsFirst(q, w);
        q.accumulateKlGradAsSecond(p, w);
        INDArray gp = Nd4j.create(DataType.DOUBLE, new long[] {M, A}, 'f');
        INDArray gq = Nd4j.create(DataType.DOUBLE, new long[] {M, A}, 'f');
        p.writeGrad(gp);
        q.writeGrad(gq);
        GradientCheck.check("KL wrt p", xp, gp, () -> {
            p.load(xp, MASK).kl(q.load(xq, MASK), tmp);
            return dot(w, tmp);
        });
        GradientCheck.check("KL wrt q", xq, gq, () -> {
            p.load(xp, MASK).kl(q.load(xq, MASK), tmp);
            return dot(w, tmp);
        });
    }

    @Test
    void logitsViewAtAnOffsetIsReadFromItsOwnElements() {
        // A [1, 2] view starting at element 3 of a flat buffer: logits (3, 4) -> p = (1/(1+e), e/(1+e)).
        INDArray flat = Nd4j.arange(0, 8).castTo(DataType.DOUBLE);
        INDArray view = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 5)).reshape('f', 1, 2);
        MaskedCategorical d = new MaskedCategorical(1, 2).load(view, null);
        assertEquals(Math.E / (1 + Math.E), d.prob(0, 1), 1e-12);
    }

    @Test
    void floatLogitsAreAccepted() {
        INDArray x = randomLogits(41).castTo(DataType.FLOAT).dup('f');
        MaskedCategorical d = new MaskedCategorical(M, A).load(x, MASK);
        double sum = 0;
        for (int a = 0; a < A; a++) {
            sum += d.prob(2, a);
        }
        assertEquals(1.0, sum, 1e-12);
    }
}
