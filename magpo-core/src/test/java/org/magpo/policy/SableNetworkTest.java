package org.magpo.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.magpo.nn.HostView;
import org.magpo.nn.Parameters;
import org.magpo.nn.RetentionChunk;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SableNetworkTest {

    private static INDArray normal(Rng rng, double std, long rows, long cols) {
        INDArray a = Nd4j.create(DataType.DOUBLE, new long[] {rows, cols}, 'f');
        HostView v = HostView.ofDense(a);
        for (int i = 0; i < v.length(); i++) {
            v.set(i, std * rng.nextGaussian());
        }
        return a;
    }

    private static double dot(INDArray a, INDArray w) {
        HostView x = HostView.ofDense(a);
        HostView y = HostView.ofDense(w);
        double s = 0;
        for (int i = 0; i < x.length(); i++) {
            s += x.get(i) * y.get(i);
        }
        return s;
    }

    /**
     * B=2 sequences of T=3 timesteps: sequence 0 starts a new episode at t=1 (its step counter restarts),
     * sequence 1 continues an episode throughout; both carry non-zero memory into the chunk.
     */
    private static RetentionChunk chunk(int agents) {
        return new RetentionChunk(2, 3, agents, new int[] {7, 0, 1, 3, 4, 5},
                new boolean[] {false, true, false, false, false, false});
    }

    @ParameterizedTest(name = "d={0} nHead={1} nBlock={2} N={3} continuous={4}")
    @CsvSource({
        "8, 1, 1, 2, false",
        "8, 2, 2, 3, false",
        "8, 2, 2, 2, true",
        "8, 2, 1, 3, true",
        "4, 1, 2, 2, true",
    })
    void gradientsOfLogitsAndValuesMatchFiniteDifferencesForEveryParameter(int d, int nHead, int nBlock, int agents,
                                                                          boolean continuous) {
        int headDim = continuous ? 2 : 4;
        SableConfig cfg = new SableConfig(5, agents, headDim, continuous, d, nBlock, nHead, 0.8, true);
        Rng rng = new Rng(31L * d + 7 * nHead + nBlock + (continuous ? 100 : 0));
        RetentionChunk c = chunk(agents);
        int rows = c.rows();
        SableNetwork net = new SableNetwork(cfg, rows, 2, DataType.DOUBLE, rng);
        Parameters ps = net.parameters();
        SampledGradientCheck.perturb(ps, rng, 0.3);

        INDArray obs = normal(rng, 1, rows, cfg.obsDim());
        INDArray tokens = Nd4j.create(DataType.DOUBLE, new long[] {rows, cfg.tokenDim()}, 'f');
        for (int r = 0; r < rows; r++) {
            if (continuous) {
                for (int k = 0; k < headDim; k++) {
                    tokens.putScalar(r, k, r % agents == 0 ? 0.0 : Math.tanh(rng.nextGaussian()));
                }
            } else {
                tokens.putScalar(r, r % agents == 0 ? 0 : 1 + rng.nextInt(headDim), 1.0);
            }
        }
        SableMemory memory = new SableMemory(cfg, 2, DataType.DOUBLE);
        float[] flat = new float[2 * cfg.memorySize()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) (0.5 * rng.nextGaussian());
        }
        memory.load(flat);
        INDArray head = Nd4j.create(DataType.DOUBLE, new long[] {rows, headDim}, 'f');
        INDArray value = Nd4j.create(DataType.DOUBLE, new long[] {rows, 1}, 'f');
        INDArray wHead = normal(rng, 1, rows, headDim);
        INDArray wValue = normal(rng, 1, rows, 1);

        ps.zeroGrads();
        net.forward(obs, tokens, c, memory, head, value);
        net.backward(wHead, wValue);
        SampledGradientCheck.check("Sable d=" + d + " nHead=" + nHead + " nBlock=" + nBlock, ps, () -> {
            net.forward(obs, tokens, c, memory, head, value);
            return dot(head, wHead) + dot(value, wValue);
        }, rng, 3, 1e-5, 1e-7);
    }

    @Test
    void theStoredMemoryIsOnlyReadByATrainingForward() {
        SableConfig cfg = new SableConfig(3, 2, 3, false, 8, 1, 2, 0.8, true);
        RetentionChunk c = chunk(2);
        SableNetwork net = new SableNetwork(cfg, c.rows(), 2, DataType.DOUBLE, new Rng(3));
        SableMemory memory = new SableMemory(cfg, 2, DataType.DOUBLE);
        float[] flat = new float[2 * cfg.memorySize()];
        Rng rng = new Rng(4);
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) rng.nextGaussian();
        }
        memory.load(flat);
        INDArray tokens = Nd4j.create(DataType.DOUBLE, new long[] {c.rows(), cfg.tokenDim()}, 'f');
        net.forward(normal(rng, 1, c.rows(), 3), tokens, c, memory,
                Nd4j.create(DataType.DOUBLE, new long[] {c.rows(), 3}, 'f'),
                Nd4j.create(DataType.DOUBLE, new long[] {c.rows(), 1}, 'f'));
        float[] after = new float[flat.length];
        memory.save(after);
        assertTrue(java.util.Arrays.equals(flat, after));
    }

    @Test
    void memorySizeCountsThreeRetentionMemoriesPerBlock() {
        SableConfig cfg = new SableConfig(3, 4, 5, false, 16, 2, 2, 0.8, true);
        // 3 memories (encoder, decoder-self, decoder-cross) x 2 blocks x 2 heads x 8 x 8
        assertEquals(3 * 2 * 2 * 8 * 8, cfg.memorySize());
        assertEquals(cfg.memorySize(), new SableMemory(cfg, 3, DataType.FLOAT).sizePerEnv());
    }

    @Test
    void configRejectsHeadCountsTheRetentionCannotSplit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SableConfig(3, 2, 4, false, 12, 1, 3, 0.8, true));   // 12/3 = 4 not divisible by 3
        assertTrue(e.getMessage().contains("nHead"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SableConfig(3, 2, 4, false, 8, 1, 1, 1.5, true));
        assertTrue(e.getMessage().contains("decayScalingFactor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SableConfig(3, 2, 4, false, 8, 0, 1, 0.5, true));
        assertTrue(e.getMessage().contains("nBlock"), e.getMessage());
    }

    @Test
    void trainingForwardRejectsMoreTokensThanItsCapacity() {
        SableConfig cfg = new SableConfig(3, 2, 3, false, 8, 1, 1, 0.8, false);
        RetentionChunk c = chunk(2);
        SableNetwork net = new SableNetwork(cfg, c.rows() - 1, 2, DataType.DOUBLE, new Rng(3));
        INDArray x = Nd4j.create(DataType.DOUBLE, new long[] {c.rows(), 3}, 'f');
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.forward(x,
                Nd4j.create(DataType.DOUBLE, new long[] {c.rows(), 4}, 'f'), c, new SableMemory(cfg, 2, DataType.DOUBLE),
                Nd4j.create(DataType.DOUBLE, new long[] {c.rows(), 3}, 'f'),
                Nd4j.create(DataType.DOUBLE, new long[] {c.rows(), 1}, 'f')));
        assertTrue(e.getMessage().contains("capacity"), e.getMessage());
    }
}
