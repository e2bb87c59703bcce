package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class GruCellTest {
    private static final int T = 4;
    private static final int B = 3;
    private static final int IN = 5;
    private static final int H = 4;
    // Row t*B + b starts a new episode: env 1 at step 2, env 0 at step 0, env 2 at step 3.
    private static final boolean[] RESETS = resets();

    private static boolean[] resets() {
        boolean[] r = new boolean[T * B];
        r[0 * B + 0] = true;
        r[2 * B + 1] = true;
        r[3 * B + 2] = true;
        return r;
    }

    private record Fixture(GruCell gru, Parameters params, INDArray x, INDArray h0) {
    }

    private static Fixture fixture(long seed) {
        Rng rng = new Rng(seed);
        Parameters.Builder pb = new Parameters.Builder(DataType.DOUBLE);
        GruCell gru = new GruCell(pb, "gru", IN, H, T * B);
        Parameters ps = pb.build(rng);
        // Non-zero biases so their gradients are exercised.
        ps.get("gru/bi").value().assign(TestArrays.normal(rng, 0.5, 3 * H));
        ps.get("gru/bhn").value().assign(TestArrays.normal(rng, 0.5, H));
        return new Fixture(gru, ps, TestArrays.normal(rng, 1.0, T * B, IN), TestArrays.normal(rng, 1.0, B, H));
    }

    /** The Flax equations written out element by element, one row at a time. */
    private static double[] referenceStep(Parameters ps, double[] x, double[] h) {
        INDArray wi = ps.get("gru/wi").value();
        INDArray bi = ps.get("gru/bi").value();
        INDArray wh = ps.get("gru/wh").value();
        INDArray bhn = ps.get("gru/bhn").value();
        double[] out = new double[H];
        for (int j = 0; j < H; j++) {
            double ar = bi.getDouble(j);
            double az = bi.getDouble(H + j);
            double an = bi.getDouble(2 * H + j);
            for (int i = 0; i < IN; i++) {
                ar += x[i] * wi.getDouble(i, j);
                az += x[i] * wi.getDouble(i, H + j);
                an += x[i] * wi.getDouble(i, 2 * H + j);
            }
            double hr = 0;
            double hz = 0;
            double hn = bhn.getDouble(j);
            for (int i = 0; i < H; i++) {
                hr += h[i] * wh.getDouble(i, j);
                hz += h[i] * wh.getDouble(i, H + j);
                hn += h[i] * wh.getDouble(i, 2 * H + j);
            }
            double r = 1 / (1 + Math.exp(-(ar + hr)));
            double z = 1 / (1 + Math.exp(-(az + hz)));
            double n = Math.tanh(an + r * hn);
            out[j] = (1 - z) * n + z * h[j];
        }
        return out;
    }

    @Test
    void forwardMatchesFlaxEquationsWithResetsBeforeTheStep() {
        Fixture f = fixture(1);
        INDArray out = TestArrays.zeros(T * B, H);
        f.gru.forwardSequence(f.x, RESETS, T, B, f.h0, out);
        for (int b = 0; b < B; b++) {
            double[] h = f.h0.getRow(b).toDoubleVector();
            for (int t = 0; t < T; t++) {
                if (RESETS[t * B + b]) {
                    h = new double[H];
                }
                h = referenceStep(f.params, f.x.getRow(t * B + b).toDoubleVector(), h);
                for (int j = 0; j < H; j++) {
                    assertEquals(h[j], out.getDouble(t * B + b, j), 1e-12, "t=" + t + " b=" + b + " j=" + j);
                }
            }
        }
    }

    @Test
    void resetMakesTheStepIndependentOfTheEarlierState() {
        Fixture f = fixture(2);
        INDArray out1 = TestArrays.zeros(T * B, H);
        f.gru.forwardSequence(f.x, RESETS, T, B, f.h0, out1);
        INDArray out2 = TestArrays.zeros(T * B, H);
        f.gru.forwardSequence(f.x, RESETS, T, B, f.h0.mul(3).add(1), out2);
        // env 0 resets at step 0: all of its outputs ignore h0; env 1 only from step 2 on.
        for (int t = 0; t < T; t++) {
            assertEquals(out1.getRow(t * B).toString(), out2.getRow(t * B).toString());
        }
        assertTrue(Math.abs(out1.getDouble(1, 0) - out2.getDouble(1, 0)) > 1e-6);
        assertEquals(out1.getRow(2 * B + 1).toString(), out2.getRow(2 * B + 1).toString());
    }

    @Test
    void backpropagationThroughTimeMatchesFiniteDifferences() {
        Fixture f = fixture(3);
        Rng rng = new Rng(30);
        INDArray w = TestArrays.normal(rng, 1.0, T * B, H);
        INDArray out = TestArrays.zeros(T * B, H);
        INDArray dx = TestArrays.zeros(T * B, IN);
        INDArray dh0 = TestArrays.zeros(B, H);
        f.params.zeroGrads();
        f.gru.forwardSequence(f.x, RESETS, T, B, f.h0, out);
        f.gru.backwardSequence(f.x, w, dx, dh0);
        INDArray grads = f.params.grads().dup();
        java.util.function.DoubleSupplier loss = () -> {
            f.gru.forwardSequence(f.x, RESETS, T, B, f.h0, out);
            return TestArrays.weightedSum(out, w);
        };
        GradientCheck.check("gru params", f.params.values(), grads, loss);
        GradientCheck.check("gru dX", f.x, dx, loss);
        GradientCheck.check("gru dH0", f.h0, dh0, loss);
        // env 0 resets at step 0, so its initial state has no influence at all.
        for (int j = 0; j < H; j++) {
            assertEquals(0.0, dh0.getDouble(0, j));
        }
    }

    @Test
    void actingStepsReproduceTheSequenceForward() {
        Fixture f = fixture(4);
        INDArray out = TestArrays.zeros(T * B, H);
        f.gru.forwardSequence(f.x, RESETS, T, B, f.h0, out);
        INDArray h = f.h0.dup('f');
        for (int t = 0; t < T; t++) {
            boolean[] r = java.util.Arrays.copyOfRange(RESETS, t * B, t * B + B);
            INDArray xt = f.x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(t * B, t * B + B),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('f');
            f.gru.step(xt, r, h);
            for (int b = 0; b < B; b++) {
                for (int j = 0; j < H; j++) {
                    assertEquals(out.getDouble(t * B + b, j), h.getDouble(b, j), 1e-12);
                }
            }
        }
    }

    @Test
    void recurrentKernelBlocksAreOrthogonalAtInit() {
        Fixture f = fixture(5);
        INDArray wh = f.params.get("gru/wh").value();
        for (int g = 0; g < 3; g++) {
            INDArray block = wh.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(g * H, g * H + H));
            INDArray gram = block.transpose().mmul(block);
            assertTrue(gram.equalsWithEps(org.nd4j.linalg.factory.Nd4j.eye(H).castTo(DataType.DOUBLE), 1e-12));
        }
    }

    @Test
    void sequenceOverCapacityIsRejected() {
        Fixture f = fixture(6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.gru.forwardSequence(TestArrays.zeros(15, IN), new boolean[15], 5, 3, f.h0,
                        TestArrays.zeros(15, H)));
        assertEquals("GruCell 'gru': need T >= 1, B >= 1 and T*B <= capacity 12, got T=5, B=3", e.getMessage());
    }
}
