package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SIMD kernels against the scalar double path: the same layer built in FLOAT (which takes the kernels) and
 * in DOUBLE (which never does) with the same parameters must agree to float rounding. Sizes are chosen so that
 * every kernel runs both full vectors and a scalar tail (19 rows = 16 + 3 with AVX-512, 8 + 8 + 3 with AVX2).
 */
class FloatKernelsTest {

    @Test
    void simdKernelsAreLoadedWhereTheVectorModuleIsPresent() {
        // surefire runs with --add-modules jdk.incubator.vector, so the tests below exercise the SIMD path
        assertNotNull(FloatKernels.get(), "SIMD kernels not loaded: the test JVM needs --add-modules "
                + "jdk.incubator.vector (the surefire argLine passes it)");
    }

    @Test
    void geluAndReluForwardAndBackwardAgreeWithTheDoublePath() {
        for (Activation act : new Activation[] {Activation.GELU, Activation.RELU}) {
            Rng rng = new Rng(5);
            INDArray x = RandomArrays.normal(DataType.DOUBLE, rng, 3, 37, 1).dup('f');
            INDArray dy = RandomArrays.normal(DataType.DOUBLE, rng, 1, 37, 1).dup('f');
            INDArray y = x.dup('f');
            INDArray dx = x.dup('f');
            act.forward(x, y);
            act.backward(x, dy, dx);
            INDArray xf = x.castTo(DataType.FLOAT).dup('f');
            INDArray dyf = dy.castTo(DataType.FLOAT).dup('f');
            INDArray yf = xf.dup('f');
            act.forward(xf, yf);
            act.backward(xf, dyf, dyf);   // in place, as the networks call it
            assertClose(act + " forward", y, yf, 2e-6);
            assertClose(act + " backward", dx, dyf, 2e-6);
        }
        // ReLU lets NaN through in both paths, so corruption still surfaces
        INDArray nan = Nd4j.create(DataType.FLOAT, new long[] {33, 1}, 'f').assign(-1);
        nan.putScalar(20, Float.NaN);
        INDArray out = nan.dup('f');
        Activation.RELU.forward(nan, out);
        org.junit.jupiter.api.Assertions.assertTrue(Float.isNaN(out.getFloat(20)));
        assertEquals(0f, out.getFloat(19));
    }

    @Test
    void gruSequenceStepAndGradientsAgreeWithTheDoublePath() {
        int t = 5;
        int b = 19;
        int in = 6;
        int h = 7;
        Rng rng = new Rng(9);
        Twin<GruCell> twin = Twin.of(pb -> new GruCell(pb, "gru", in, h, t * b), rng, 0.7);
        GruCell gd = twin.d();
        GruCell gf = twin.f();
        Parameters psd = twin.pd();
        Parameters psf = twin.pf();
        boolean[] resets = new boolean[t * b];
        for (int i = 0; i < resets.length; i += 7) {
            resets[i] = true;
        }
        INDArray x = RandomArrays.normal(DataType.DOUBLE, rng, 1, t * b, in);
        INDArray h0 = RandomArrays.normal(DataType.DOUBLE, rng, 1, b, h);
        INDArray dOut = RandomArrays.normal(DataType.DOUBLE, rng, 1, t * b, h);
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {t * b, h}, 'f');
        INDArray dx = Nd4j.create(DataType.DOUBLE, new long[] {t * b, in}, 'f');
        INDArray dh0 = Nd4j.create(DataType.DOUBLE, new long[] {b, h}, 'f');
        psd.zeroGrads();
        gd.forwardSequence(x, resets, t, b, h0, out);
        gd.backwardSequence(x, dOut, dx, dh0);

        INDArray xf = x.castTo(DataType.FLOAT).dup('f');
        INDArray h0f = h0.castTo(DataType.FLOAT).dup('f');
        INDArray outf = Nd4j.create(DataType.FLOAT, new long[] {t * b, h}, 'f');
        INDArray dxf = Nd4j.create(DataType.FLOAT, new long[] {t * b, in}, 'f');
        INDArray dh0f = Nd4j.create(DataType.FLOAT, new long[] {b, h}, 'f');
        psf.zeroGrads();
        gf.forwardSequence(xf, resets, t, b, h0f, outf);
        gf.backwardSequence(xf, dOut.castTo(DataType.FLOAT).dup('f'), dxf, dh0f);
        assertClose("gru out", out, outf, 2e-5);
        assertClose("gru dX", dx, dxf, 1e-4);
        assertClose("gru dH0", dh0, dh0f, 1e-4);
        assertClose("gru param grads", psd.grads(), psf.grads(), 1e-4);

        // the acting step (its own kernel) reproduces the first step of the sequence
        INDArray hf = h0f.dup('f');
        INDArray x0 = xf.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, b),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('f');
        gf.step(x0, java.util.Arrays.copyOf(resets, b), hf);
        assertClose("gru step", out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, b),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), hf, 2e-5);
    }

    @Test
    void retentionGateForwardAndBackwardAgreeWithTheDoublePath() {
        int envs = 2;
        int steps = 5;
        int agents = 2;
        int dim = 8;
        Rng rng = new Rng(13);
        Twin<MultiScaleRetention> twin = Twin.of(
                pb -> new MultiScaleRetention(pb, "ret", dim, 2, 0.8, true, RetentionMask.CAUSAL), rng, 0.5);
        MultiScaleRetention rd = twin.d();
        MultiScaleRetention rf = twin.f();
        Parameters psd = twin.pd();
        Parameters psf = twin.pf();
        int[] stepCount = new int[envs * steps];
        for (int i = 0; i < stepCount.length; i++) {
            stepCount[i] = i % steps;
        }
        RetentionChunk chunk = new RetentionChunk(envs, steps, agents, stepCount, new boolean[envs * steps]);
        int rows = chunk.rows();
        INDArray x = RandomArrays.normal(DataType.DOUBLE, rng, 1, rows, dim);
        INDArray dOut = RandomArrays.normal(DataType.DOUBLE, rng, 1, rows, dim);
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {rows, dim}, 'f');
        INDArray dx = Nd4j.create(DataType.DOUBLE, new long[] {rows, dim}, 'f');
        psd.zeroGrads();
        rd.forwardChunk(x, x, x, chunk, null, out, null);
        rd.backward(dOut, null, dx, dx, dx, null);

        INDArray xf = x.castTo(DataType.FLOAT).dup('f');
        INDArray outf = Nd4j.create(DataType.FLOAT, new long[] {rows, dim}, 'f');
        INDArray dxf = Nd4j.create(DataType.FLOAT, new long[] {rows, dim}, 'f');
        psf.zeroGrads();
        rf.forwardChunk(xf, xf, xf, chunk, null, outf, null);
        rf.backward(dOut.castTo(DataType.FLOAT).dup('f'), null, dxf, dxf, dxf, null);
        assertClose("retention out", out, outf, 1e-4);
        assertClose("retention dX", dx, dxf, 1e-4);
        assertClose("retention param grads", psd.grads(), psf.grads(), 1e-4);
    }

    @Test
    void swishGateOnArraysGivesTheBitsOfTheBufferKernelAndTheSwishValue() {
        for (int n : new int[] {37, 600}) {   // a scalar tail; several blocks of the two-pass kernel
            float[] gate = new float[n];
            float[] value = new float[n];
            for (int i = 0; i < n; i++) {
                gate[i] = (float) (6 * Math.sin(0.7 * i));
                value[i] = (float) Math.cos(0.3 * i);
            }
            float[] out = new float[n];
            SwishGate.apply(gate, value, out, n);
            for (int i = 0; i < n; i++) {
                double a = gate[i];
                assertEquals(a / (1 + Math.exp(-a)) * value[i], out[i], 1e-6 * (1 + Math.abs(a)), "swish at " + i);
            }
            FloatKernels k = FloatKernels.get();
            if (k != null) {
                INDArray g = Nd4j.createFromArray(gate);
                INDArray v = Nd4j.createFromArray(value);
                INDArray o = Nd4j.create(DataType.FLOAT, n);
                k.swishGate(HostView.of(g).bytes(), HostView.of(v).bytes(), HostView.of(o).bytes(), n);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToRawIntBits(o.getFloat(i)), Float.floatToRawIntBits(out[i]), "bits at " + i);
                }
            }
        }
    }

    @Test
    void rmsNormDenseAndAdamAgreeWithTheDoublePath() {
        int rows = 37;
        int in = 5;
        int out = 6;
        Rng rng = new Rng(21);
        record NormDense(RmsNorm norm, Dense dense) {
        }
        Twin<NormDense> twin = Twin.of(pb -> new NormDense(new RmsNorm(pb, "norm", in),
                new Dense(pb, "dense", in, out, true, Initializers.lecunNormal(), Initializers.zeros())), rng, 0.8);
        RmsNorm nd = twin.d().norm();
        Dense dd = twin.d().dense();
        RmsNorm nf = twin.f().norm();
        Dense df = twin.f().dense();
        Parameters psd = twin.pd();
        Parameters psf = twin.pf();
        INDArray x = RandomArrays.normal(DataType.DOUBLE, rng, 2, rows, in).dup('f');
        INDArray dy = RandomArrays.normal(DataType.DOUBLE, rng, 1, rows, out).dup('f');
        INDArray xf = x.castTo(DataType.FLOAT).dup('f');
        INDArray dyf = dy.castTo(DataType.FLOAT).dup('f');

        INDArray hd = Nd4j.create(DataType.DOUBLE, new long[] {rows, in}, 'f');
        INDArray yd = Nd4j.create(DataType.DOUBLE, new long[] {rows, out}, 'f');
        INDArray dhd = Nd4j.create(DataType.DOUBLE, new long[] {rows, in}, 'f');
        psd.zeroGrads();
        nd.forward(x, hd);
        dd.forward(hd, yd);
        dd.backward(hd, dy, dhd);
        nd.backward(x, dhd, dhd);
        INDArray hf = Nd4j.create(DataType.FLOAT, new long[] {rows, in}, 'f');
        INDArray yf = Nd4j.create(DataType.FLOAT, new long[] {rows, out}, 'f');
        INDArray dhf = Nd4j.create(DataType.FLOAT, new long[] {rows, in}, 'f');
        psf.zeroGrads();
        nf.forward(xf, hf);
        df.forward(hf, yf);
        df.backward(hf, dyf, dhf);
        nf.backward(xf, dhf, dhf);
        assertClose("rmsnorm out", hd, hf, 2e-6);
        assertClose("dense out", yd, yf, 1e-5);
        assertClose("rmsnorm dX", dhd, dhf, 1e-5);
        assertClose("param grads", psd.grads(), psf.grads(), 1e-5);

        // Adam alone: the same gradients in both, so only the update arithmetic is compared
        psf.grads().assign(psd.grads().castTo(DataType.FLOAT));
        psf.values().assign(psd.values().castTo(DataType.FLOAT));
        Adam ad = new Adam(psd, LearningRate.constant(0.01));
        Adam af = new Adam(psf, LearningRate.constant(0.01));
        for (int step = 0; step < 3; step++) {
            ad.step();
            af.step();
        }
        assertClose("adam params", psd.values(), psf.values(), 1e-5);
        assertClose("adam second moment", ad.secondMoment(), af.secondMoment(), 1e-5);
    }

    @Test
    void vectorExpIsAccurateToFloatPrecisionAndPropagatesNaN() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        float[] xs = new float[lanes];
        float[] out = new float[lanes];
        double worst = 0;
        for (float x0 = -87f; x0 < 88f; x0 += 0.37f * xs.length) {
            for (int i = 0; i < xs.length; i++) {
                xs[i] = x0 + 0.37f * i;
            }
            System.arraycopy(xs, 0, out, 0, lanes);
            VectorFloatKernels.expInPlace(out, lanes);
            for (int i = 0; i < xs.length; i++) {
                double want = Math.exp(xs[i]);
                if (want > 1e-37 && want < 1e38) {
                    worst = Math.max(worst, Math.abs(out[i] - want) / want);
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(worst < 3e-7, "worst relative error " + worst);
        java.util.Arrays.fill(out, Float.NaN);
        VectorFloatKernels.expInPlace(out, lanes);
        org.junit.jupiter.api.Assertions.assertTrue(Float.isNaN(out[0]));
    }

    @Test
    void kernelsGiveTheSameBitsBeforeAndAfterTheJitCompilesThem() {
        // Reproducibility across runs needs every kernel to compute the same bits interpreted and compiled
        // (the Vector API's own EXP/TANH and reduceLanes do not); the first calls here run cold.
        FloatKernels k = new VectorFloatKernels();
        int n = 4099;
        java.nio.ByteBuffer x = floats(n, 0);
        java.nio.ByteBuffer y = floats(n, 1);
        float[] cold = runAll(k, x, y, n);
        for (int rep = 0; rep < 300; rep++) {
            runAll(k, x, y, n);
        }
        float[] warm = runAll(k, x, y, n);
        for (int i = 0; i < cold.length; i++) {
            assertEquals(Float.floatToRawIntBits(cold[i]), Float.floatToRawIntBits(warm[i]), "output " + i);
        }
    }

    private static java.nio.ByteBuffer floats(int n, int seed) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) {
            b.putFloat(4 * i, (float) (Math.sin(1.7 * i + seed) * 9 + Math.sin(0.013 * i) * 0.5));
        }
        return b;
    }

    /** Every transcendental or reducing kernel on fresh copies of x and y; returns all outputs. */
    private static float[] runAll(FloatKernels k, java.nio.ByteBuffer x, java.nio.ByteBuffer y, int n) {
        java.nio.ByteBuffer a = copy(x);
        java.nio.ByteBuffer b = copy(y);
        java.nio.ByteBuffer c = floats(n, 2);
        java.nio.ByteBuffer d = floats(n, 3);
        float[] sums = new float[4];
        k.gelu(a, c, n);
        k.geluBackward(a, b, d, n);
        k.swishGate(a, b, c, n);
        k.swishGateBackward(a, b, c, d, n);
        sums[0] = (float) k.sum(a, 0, n);
        java.nio.ByteBuffer g1 = floats(3 * n, 4);
        java.nio.ByteBuffer g2 = floats(3 * n, 5);
        java.nio.ByteBuffer h = floats(2 * n, 6);
        java.nio.ByteBuffer out = floats(n, 7);
        k.gruForwardColumn(g1, 0, n, 2 * n, g2, 0, n, 2 * n, 0.3f, h, 0, out, 0, n, new boolean[2 * n], 0, n);
        sums[1] = (float) k.gruBackwardColumn(g1, 0, n, 2 * n, floats(3 * n, 8), g2, 0, n, 2 * n, h, 0, out, 0,
                floats(n, 9), 0, n);
        float[] dot = new float[n];
        float[] inv = new float[n];
        java.util.Arrays.fill(inv, 0.5f);
        sums[2] = (float) k.rmsDots(a, b, 0, inv, 1.3f, dot, n);
        sums[3] = (float) k.groupNormDots(a, b, 0, 0.7f, dot, inv, n);
        float[] all = new float[4 * n + 3 * n + 4];
        int at = 0;
        for (java.nio.ByteBuffer buf : new java.nio.ByteBuffer[] {a, b, c, d}) {
            for (int i = 0; i < n; i++) {
                all[at++] = buf.getFloat(4 * i);
            }
        }
        for (int i = 0; i < 3 * n; i++) {
            all[at++] = g2.getFloat(4 * i);
        }
        System.arraycopy(sums, 0, all, at, 4);
        return all;
    }

    private static java.nio.ByteBuffer copy(java.nio.ByteBuffer src) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(src.capacity()).order(java.nio.ByteOrder.nativeOrder());
        for (int i = 0; i < src.capacity(); i += 4) {
            b.putFloat(i, src.getFloat(i));
        }
        return b;
    }

    /**
     * The same layer built twice with equal random parameters: DOUBLE (always the scalar loops) and FLOAT
     * (the kernels), so the tests compare the two paths.
     */
    private record Twin<L>(L d, Parameters pd, L f, Parameters pf) {
        static <L> Twin<L> of(java.util.function.Function<Parameters.Builder, L> make, Rng rng, double scale) {
            Parameters.Builder bd = new Parameters.Builder(DataType.DOUBLE);
            L d = make.apply(bd);
            Parameters pd = bd.build(rng);
            RandomArrays.fill(pd.values(), rng, scale);
            Parameters.Builder bf = new Parameters.Builder(DataType.FLOAT);
            L f = make.apply(bf);
            Parameters pf = bf.build(new Rng(1));
            pf.values().assign(pd.values().castTo(DataType.FLOAT));
            return new Twin<>(d, pd, f, pf);
        }
    }

    /** |expected − actual| <= tol · max(1, max|expected|), element by element. */
    private static void assertClose(String what, INDArray expected, INDArray actual, double tol) {
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        assertEquals(e.length, a.length, what + " length");
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * scale, what + " element " + i);
        }
    }
}
