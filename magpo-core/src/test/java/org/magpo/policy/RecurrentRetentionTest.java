package org.magpo.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.magpo.nn.HostView;
import org.magpo.nn.MultiScaleRetention;
import org.magpo.nn.Parameters;
import org.magpo.nn.RetentionMask;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The plain-Java acting form agrees with {@link MultiScaleRetention}'s own recurrent form, outputs and memory. */
class RecurrentRetentionTest {
    private static final int D = 8;
    private static final int ENVS = 3;
    private static final int AGENTS = 3;
    private static final int STEPS = 4;

    private static INDArray normal(DataType type, Rng rng, long rows, long cols) {
        INDArray a = Nd4j.create(type, new long[] {rows, cols}, 'f');
        HostView b = HostView.ofDense(a);
        for (int i = 0; i < b.length(); i++) {
            b.set(i, rng.nextGaussian());
        }
        return a;
    }

    /** Env 1 starts an episode at timestep 2; the others continue from a random memory. */
    private static boolean[] starts(int t) {
        return new boolean[] {false, t == 2, false};
    }

    private static int[] steps(int t) {
        return new int[] {5 + t, t >= 2 ? t - 2 : 9 + t, t};
    }

    private static double[] factors(MultiScaleRetention layer, boolean[] start) {
        double[] f = new double[ENVS * layer.heads()];
        for (int e = 0; e < ENVS; e++) {
            for (int h = 0; h < layer.heads(); h++) {
                f[e * layer.heads() + h] = start[e] ? 0 : layer.decay().kappa(h);
            }
        }
        return f;
    }

    /** DOUBLE networks agree to rounding; FLOAT ones (float memory loops) to float precision. */
    private static double tol(DataType type) {
        return type == DataType.DOUBLE ? 1e-10 : 2e-5;
    }

    private static void assertMemoryEquals(INDArray reference, ActingMemory memory, int part, String what) {
        HostView ref = HostView.ofDense(reference);
        double tol = tol(reference.dataType());
        double[] md = memory.doubles(part);
        float[] mf = memory.floats(part);
        int n = md != null ? md.length : mf.length;
        for (int i = 0; i < n; i++) {
            assertEquals(ref.get(i), md != null ? md[i] : mf[i], tol * Math.max(1, Math.abs(ref.get(i))),
                    what + " memory[" + i + "]");
        }
    }

    private static void assertRowsEqual(INDArray expected, INDArray actual, String what) {
        double tol = tol(expected.dataType());
        for (int r = 0; r < expected.rows(); r++) {
            for (int c = 0; c < D; c++) {
                double e = expected.getDouble(r, c);
                assertEquals(e, actual.getDouble(r, c), tol * Math.max(1, Math.abs(e)), what + " (" + r + ", " + c + ")");
            }
        }
    }

    private static void copyMemory(ActingMemory memory, int part, INDArray reference) {
        HostView refMem = HostView.ofDense(reference);
        double[] md = memory.doubles(part);
        float[] mf = memory.floats(part);
        for (int i = 0, n = md != null ? md.length : mf.length; i < n; i++) {
            refMem.set(i, md != null ? md[i] : mf[i]);
        }
    }

    @ParameterizedTest(name = "nHead={0} fused={1} {2}")
    @CsvSource({"1, true, DOUBLE", "2, true, DOUBLE", "2, false, DOUBLE", "1, true, FLOAT", "2, false, FLOAT"})
    void encoderTimestepsMatchTheLayersRecurrentForm(int nHead, boolean fused, DataType type) {
        Rng rng = new Rng(7 + nHead);
        Parameters.Builder b = new Parameters.Builder(type);
        MultiScaleRetention layer = new MultiScaleRetention(b, "ret", D, nHead, 0.8, true, RetentionMask.FULL_TIMESTEP);
        Parameters ps = b.build(rng);
        SampledGradientCheck.perturb(ps, rng, 0.3);
        SableConfig cfg = new SableConfig(3, AGENTS, 2, false, D, 1, nHead, 0.8, true);
        RecurrentRetention fast = new RecurrentRetention(layer, ps, "ret", true, ENVS * AGENTS, AGENTS, ENVS, fused);
        ActingMemory memory = new ActingMemory(cfg, ENVS, type);
        float[] flat = new float[ENVS * cfg.memorySize()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) rng.nextGaussian();
        }
        memory.load(flat);
        INDArray reference = Nd4j.create(type, new long[] {ENVS, nHead, D / nHead, D / nHead}, 'c');
        copyMemory(memory, 0, reference);
        INDArray expected = Nd4j.create(type, new long[] {ENVS * AGENTS, D}, 'f');
        INDArray actual = Nd4j.create(type, new long[] {ENVS * AGENTS, D}, 'f');
        for (int t = 0; t < STEPS; t++) {
            INDArray x = normal(type, rng, ENVS * AGENTS, D);
            layer.beginTimestep(reference, starts(t));
            layer.forwardRecurrent(x, x, x, steps(t), AGENTS, reference, expected);
            fast.forwardTimestep(x, steps(t), AGENTS, memory, 0, factors(layer, starts(t)), actual);
            assertRowsEqual(expected, actual, "timestep " + t);
            assertMemoryEquals(reference, memory, 0, "timestep " + t);
        }
    }

    @ParameterizedTest(name = "nHead={0} fused={1} {2}")
    @CsvSource({"1, true, DOUBLE", "2, true, DOUBLE", "2, false, DOUBLE", "1, true, FLOAT", "2, false, FLOAT"})
    void decoderCrossRetentionAgentByAgentMatchesTheLayersRecurrentForm(int nHead, boolean fused, DataType type) {
        Rng rng = new Rng(17 + nHead);
        Parameters.Builder b = new Parameters.Builder(type);
        MultiScaleRetention layer = new MultiScaleRetention(b, "ret", D, nHead, 0.8, true, RetentionMask.CAUSAL);
        Parameters ps = b.build(rng);
        SampledGradientCheck.perturb(ps, rng, 0.3);
        SableConfig cfg = new SableConfig(3, AGENTS, 2, false, D, 1, nHead, 0.8, true);
        RecurrentRetention fast = new RecurrentRetention(layer, ps, "ret", true, ENVS, AGENTS, ENVS, fused);
        ActingMemory memory = new ActingMemory(cfg, ENVS, type);
        float[] flat = new float[ENVS * cfg.memorySize()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) rng.nextGaussian();
        }
        memory.load(flat);
        int part = 2;   // the decoder-cross memory of block 0
        INDArray reference = Nd4j.create(type, new long[] {ENVS, nHead, D / nHead, D / nHead}, 'c');
        copyMemory(memory, part, reference);
        INDArray expected = Nd4j.create(type, new long[] {ENVS, D}, 'f');
        INDArray actual = Nd4j.create(type, new long[] {ENVS, D}, 'f');
        for (int t = 0; t < STEPS; t++) {
            double[] f = factors(layer, starts(t));
            layer.beginTimestep(reference, starts(t));
            for (int agent = 0; agent < AGENTS; agent++) {
                INDArray key = normal(type, rng, ENVS, D);     // the decoder stream x1 (key and value)
                INDArray query = normal(type, rng, ENVS, D);   // the encoder output of this agent
                layer.forwardRecurrent(key, query, key, steps(t), 1, reference, expected);
                fast.forwardToken(key, query, key, steps(t), agent, memory, part, f, actual);
                assertRowsEqual(expected, actual, "timestep " + t + " agent " + agent);
            }
            fast.commit(memory, part, f, ENVS);
            assertMemoryEquals(reference, memory, part, "timestep " + t);
        }
    }
}
