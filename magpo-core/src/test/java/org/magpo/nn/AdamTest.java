package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;

class AdamTest {

    private static Parameters twoScalars() {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        b.add("p", new long[] {2}, (p, r) -> p.putScalar(0, 1.0).putScalar(1, -2.0));
        return b.build(new Rng(0));
    }

    @Test
    void twoStepsMatchTheOptaxUpdateComputedByHand() {
        // Reference values: optax adam(0.1, eps=1e-5) on p = [1, -2] with grads [0.5, 1e-4] then [-0.2, 3e-4].
        Parameters ps = twoScalars();
        Adam adam = new Adam(ps, LearningRate.constant(0.1));
        ps.grads().putScalar(0, 0.5).putScalar(1, 1e-4);
        adam.step();
        assertEquals(0.9000019999600007, ps.values().getDouble(0), 1e-15);
        assertEquals(-2.090909090909091, ps.values().getDouble(1), 1e-15);
        ps.grads().putScalar(0, -0.2).putScalar(1, 3e-4);
        adam.step();
        assertEquals(0.865442322914755, ps.values().getDouble(0), 1e-14);
        assertEquals(-2.1787592118735195, ps.values().getDouble(1), 1e-14);
        assertEquals(2, adam.steps());
    }

    @Test
    void nd4jAdamUpdaterPlacesEpsilonDifferentlyFromOptax() {
        // Why Adam is hand-written: for a small gradient (1e-4) the first step differs by ~4x.
        INDArray grad = Nd4j.createFromArray(1e-4);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        AdamUpdater updater = new AdamUpdater(new org.nd4j.linalg.learning.config.Adam(0.1, 0.9, 0.999, 1e-5));
        updater.setStateViewArray(state, new long[] {1}, 'c', true);
        updater.applyUpdater(grad, 0, 0);
        double nd4jStep = grad.getDouble(0);
        double optaxStep = 0.1 * 1e-4 / (1e-4 + 1e-5);
        assertTrue(Math.abs(nd4jStep - optaxStep) > 0.5 * optaxStep,
                "ND4J step " + nd4jStep + " vs optax " + optaxStep);
        // ...whereas for a large gradient (eps negligible) both give lr * sign(g).
        Parameters ps = twoScalars();
        Adam adam = new Adam(ps, LearningRate.constant(0.1));
        ps.grads().putScalar(0, 1e-4);
        adam.step();
        assertEquals(optaxStep, 1.0 - ps.values().getDouble(0), 1e-15);
    }

    @Test
    void linearDecayDropsPerUpdateNotPerStep() {
        LearningRate lr = LearningRate.linearDecay(0.5, 10, 4);
        assertEquals(0.5, lr.at(0));
        assertEquals(0.5, lr.at(3));
        assertEquals(0.45, lr.at(4), 1e-15);
        assertEquals(0.05, lr.at(39), 1e-15);
        assertEquals(0.3, LearningRate.constant(0.3).at(1_000_000));
    }

    @Test
    void clipScalesOnlyAboveTheMaxNorm() {
        Parameters ps = twoScalars();
        ps.grads().putScalar(0, 3).putScalar(1, 4);
        GlobalNormClip clip = new GlobalNormClip(10);
        assertEquals(5.0, clip.clip(ps));
        assertEquals(3.0, ps.grads().getDouble(0));
        clip = new GlobalNormClip(0.5);
        assertEquals(5.0, clip.clip(ps));
        assertEquals(0.3, ps.grads().getDouble(0), 1e-15);
        assertEquals(0.4, ps.grads().getDouble(1), 1e-15);
    }

    @Test
    void sameSeedGivesBitIdenticalParametersAfterTenStepsAndSeedsDiffer() {
        INDArray a = trainTenSteps(7);
        INDArray b = trainTenSteps(7);
        INDArray c = trainTenSteps(8);
        assertEquals(a, b);
        assertTrue(java.util.Arrays.equals(a.toFloatVector(), b.toFloatVector()));
        assertNotEquals(a, c);
    }

    /** Ten clipped Adam steps of the learner network on seed-derived data and a fixed quadratic loss. */
    private static INDArray trainTenSteps(long seed) {
        Rng rng = new Rng(seed);
        int t = 4;
        int b = 3;
        RecurrentActorNetwork net = new RecurrentActorNetwork(new RecurrentActorConfig(6, 3, 16, false, t * b),
                DataType.FLOAT, rng.split());
        Parameters ps = net.parameters();
        Adam adam = new Adam(ps, LearningRate.linearDecay(3e-3, 20, 2));
        GlobalNormClip clip = new GlobalNormClip(0.5);
        INDArray obs = Nd4j.create(DataType.FLOAT, new long[] {t * b, 6}, 'f');
        INDArray out = Nd4j.create(DataType.FLOAT, new long[] {t * b, 3}, 'f');
        INDArray h0 = Nd4j.create(DataType.FLOAT, new long[] {b, 16}, 'f');
        boolean[] resets = new boolean[t * b];
        Rng data = rng.split();
        for (int step = 0; step < 10; step++) {
            HostView o = HostView.of(obs);
            for (int i = 0; i < obs.length(); i++) {
                o.set(i, data.nextGaussian());
            }
            for (int i = 0; i < resets.length; i++) {
                resets[i] = data.nextInt(4) == 0;
            }
            ps.zeroGrads();
            net.forwardSequence(obs, resets, h0, out);
            // loss = 0.5 * |out - 1|^2, so dOut = out - 1.
            out.subi(1.0);
            net.backwardSequence(out);
            clip.clip(ps);
            adam.step();
        }
        return ps.values().dup();
    }
}
