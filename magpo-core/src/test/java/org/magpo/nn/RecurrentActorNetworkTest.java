package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RecurrentActorNetworkTest {
    private static final int T = 3;
    private static final int B = 2;
    private static final int OBS = 4;
    private static final int OUT = 3;
    private static final int H = 5;

    private static RecurrentActorNetwork network(long seed, boolean continuous) {
        return new RecurrentActorNetwork(new RecurrentActorConfig(OBS, OUT, H, continuous, T * B),
                DataType.DOUBLE, new Rng(seed));
    }

    @Test
    void parametersFollowTheReferenceLayout() {
        RecurrentActorNetwork net = network(1, true);
        Parameters ps = net.parameters();
        assertArrayEquals(new long[] {OBS, H}, ps.get("pre/kernel").shape());
        assertArrayEquals(new long[] {H, 3 * H}, ps.get("gru/wh").shape());
        assertArrayEquals(new long[] {H, OUT}, ps.get("head/kernel").shape());
        assertNotNull(net.logStd());
        assertEquals(0.0, net.logStd().value().amaxNumber().doubleValue());
        long expected = OBS * H + H + (H * 3 * H + 3 * H + H * 3 * H + H) + H * H + H + H * OUT + OUT + OUT;
        assertEquals(expected, ps.size());
        assertNull(network(1, false).logStd());
    }

    @Test
    void wholeNetworkGradientMatchesFiniteDifferencesThroughTime() {
        RecurrentActorNetwork net = network(2, false);
        Rng rng = new Rng(20);
        // Larger biases than the zero init so every ReLU has both signs and the gradient is non-trivial.
        net.parameters().values().addi(TestArrays.normal(rng, 0.3, net.parameters().size()));
        INDArray obs = TestArrays.normal(rng, 1.0, T * B, OBS);
        INDArray h0 = TestArrays.normal(rng, 0.5, B, H);
        boolean[] resets = {false, true, false, false, true, false};
        INDArray w = TestArrays.normal(rng, 1.0, T * B, OUT);
        INDArray out = TestArrays.zeros(T * B, OUT);
        net.parameters().zeroGrads();
        net.forwardSequence(obs, resets, h0, out);
        net.backwardSequence(w);
        INDArray grads = net.parameters().grads().dup();
        GradientCheck.check("actor params", net.parameters().values(), grads, () -> {
            net.forwardSequence(obs, resets, h0, out);
            return TestArrays.weightedSum(out, w);
        });
    }

    @Test
    void actingStepsReproduceTheSequenceOutputs() {
        RecurrentActorNetwork net = network(3, false);
        Rng rng = new Rng(31);
        INDArray obs = TestArrays.normal(rng, 1.0, T * B, OBS);
        INDArray h0 = TestArrays.normal(rng, 0.5, B, H);
        boolean[] resets = {true, false, false, false, false, true};
        INDArray out = TestArrays.zeros(T * B, OUT);
        net.forwardSequence(obs, resets, h0, out);
        INDArray h = h0.dup('f');
        INDArray stepOut = TestArrays.zeros(B, OUT);
        for (int t = 0; t < T; t++) {
            INDArray ot = obs.get(NDArrayIndex.interval(t * B, t * B + B), NDArrayIndex.all()).dup('f');
            net.step(ot, java.util.Arrays.copyOfRange(resets, t * B, t * B + B), h, stepOut);
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < OUT; j++) {
                    assertEquals(out.getDouble(t * B + b, j), stepOut.getDouble(b, j), 1e-12);
                }
            }
        }
        INDArray last = TestArrays.zeros(B, H);
        net.finalHidden(last);
        assertEquals(h, last);
    }

    @Test
    void advanceMovesTheStateExactlyAsActingStepsDo() {
        RecurrentActorNetwork net = network(3, false);
        Rng rng = new Rng(32);
        INDArray h0 = TestArrays.normal(rng, 0.5, B, H);
        INDArray stepped = h0.dup('f');
        INDArray advanced = h0.dup('f');
        INDArray out = TestArrays.zeros(B, OUT);
        for (int t = 0; t < T; t++) {
            INDArray obs = TestArrays.normal(rng, 1.0, B, OBS);
            boolean[] resets = new boolean[B];
            resets[t % B] = t > 0;
            net.step(obs, resets, stepped, out);
            net.advance(obs, resets, advanced);
            assertEquals(stepped, advanced, "state after step " + t);
        }
    }

    @Test
    void rowsNotAMultipleOfBAreRejected() {
        RecurrentActorNetwork net = network(4, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forwardSequence(
                TestArrays.zeros(5, OBS), new boolean[5], TestArrays.zeros(2, H), TestArrays.zeros(5, OUT)));
        assertEquals("RecurrentActorNetwork: obs rows 5 must be a multiple of B = h0 rows 2", e.getMessage());
    }

    @Test
    void headStartsNearZeroSoThePolicyStartsNearUniform() {
        RecurrentActorNetwork net = new RecurrentActorNetwork(RecurrentActorConfig.of(OBS, OUT, false, 8),
                DataType.DOUBLE, new Rng(5));
        Rng rng = new Rng(50);
        INDArray out = TestArrays.zeros(2, OUT);
        net.step(TestArrays.normal(rng, 1.0, 2, OBS), new boolean[] {true, true}, TestArrays.zeros(2, 128), out);
        // orth(0.01) head on ReLU features of O(1) size: logits are O(0.01).
        assertEquals(0.0, out.amaxNumber().doubleValue(), 0.2);
    }
}
