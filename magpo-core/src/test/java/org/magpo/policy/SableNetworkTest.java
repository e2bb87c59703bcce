package org.magpo.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.magpo.nn.GradientCheck;
import org.magpo.nn.Parameters;
import org.magpo.nn.RetentionChunk;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SableNetworkTest {

    private static INDArray normal(Rng rng, double scale, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape, 'f');
        fill(a, rng, scale);
        return a;
    }

    private static void fill(INDArray a, Rng rng, double scale) {
        INDArray flat = a.reshape(a.ordering(), new long[] {a.length()});
        for (long i = 0; i < a.length(); i++) {
            flat.putScalar(i, scale * rng.nextGaussian());
        }
    }

    private static void fillMemory(SableMemory m, SableConfig cfg, Rng rng) {
        for (int b = 0; b < cfg.nBlock(); b++) {
            fill(m.encoder(b), rng, 0.5);
            fill(m.decoderSelf(b), rng, 0.5);
            fill(m.decoderCross(b), rng, 0.5);
        }
    }

    /** B envs × T steps; env 0 starts a new episode at t = 2, env 1 continues one that began earlier. */
    private static RetentionChunk chunk(int envs, int nT, int nA) {
        int[] steps = new int[envs * nT];
        boolean[] start = new boolean[envs * nT];
        for (int e = 0; e < envs; e++) {
            for (int t = 0; t < nT; t++) {
                start[e * nT + t] = e == 0 && t == 2;
                steps[e * nT + t] = e == 0 && t >= 2 ? t - 2 : 4 + t;
            }
        }
        return new RetentionChunk(envs, nT, nA, steps, start);
    }

    private static double probe(INDArray out, INDArray w) {
        return out.mul(w).sumNumber().doubleValue();
    }

    @Test
    void trainingGradientsMatchFiniteDifferences() {
        SableConfig[] configs = {
            new SableConfig(3, 3, true, 4, 1, 2, 0.8, true),
            new SableConfig(3, 2, false, 4, 1, 1, 0.6, true),
        };
        for (SableConfig cfg : configs) {
            Rng rng = new Rng(99);
            Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
            SableNetwork net = new SableNetwork(b, cfg);
            Parameters ps = b.build(rng);
            fill(ps.values(), rng, 0.5);   // SwiGLU starts at zero; random values exercise every path
            int envs = 2;
            int nT = 3;
            int nA = 2;
            RetentionChunk c = chunk(envs, nT, nA);
            int rows = c.rows();
            INDArray obs = normal(rng, 1, rows, cfg.obsDim());
            INDArray tokens = Nd4j.create(DataType.DOUBLE, new long[] {rows, cfg.tokenDim()}, 'f');
            if (cfg.discrete()) {
                int[] actions = new int[rows];
                for (int r = 0; r < rows; r++) {
                    actions[r] = rng.nextInt(cfg.actionDim());
                }
                SableNetwork.discreteTokens(actions, nA, cfg.actionDim(), tokens);
            } else {
                fill(tokens, rng, 0.5);
            }
            SableMemory mem = net.newMemory(envs);
            fillMemory(mem, cfg, rng);
            INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {rows, cfg.actionDim()}, 'f');
            INDArray value = Nd4j.create(DataType.DOUBLE, new long[] {rows, 1}, 'f');
            INDArray wOut = normal(rng, 1, rows, cfg.actionDim());
            INDArray wValue = normal(rng, 1, rows, 1);
            ps.zeroGrads();
            net.forwardTrain(obs, tokens, c, mem, out, value);
            net.backward(wOut, wValue);
            INDArray analytic = ps.grads().dup();
            DoubleSupplier loss = () -> {
                net.forwardTrain(obs, tokens, c, mem, out, value);
                return probe(out, wOut) + probe(value, wValue);
            };
            // the loss is O(10): rounding noise in the central difference is ~1e-8
            GradientCheck.check("Sable " + (cfg.discrete() ? "discrete" : "continuous") + " dParams",
                    ps.values(), analytic, loss, 1e-6, 1e-5, 5e-8);
        }
    }

    @Test
    void recurrentActingMatchesTeacherForcedTraining() {
        SableConfig cfg = new SableConfig(5, 4, true, 8, 2, 2, 0.8, true);
        Rng rng = new Rng(7);
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        SableNetwork net = new SableNetwork(b, cfg);
        Parameters ps = b.build(rng);
        fill(ps.values(), rng, 0.4);
        int envs = 2;
        int nT = 4;
        int nA = 3;
        RetentionChunk c = chunk(envs, nT, nA);
        int rows = c.rows();
        INDArray obs = normal(rng, 1, rows, cfg.obsDim());
        int[] actions = new int[rows];
        for (int r = 0; r < rows; r++) {
            actions[r] = rng.nextInt(cfg.actionDim());
        }
        INDArray tokens = Nd4j.create(DataType.DOUBLE, new long[] {rows, cfg.tokenDim()}, 'f');
        SableNetwork.discreteTokens(actions, nA, cfg.actionDim(), tokens);
        SableMemory start = net.newMemory(envs);
        fillMemory(start, cfg, rng);
        INDArray logits = Nd4j.create(DataType.DOUBLE, new long[] {rows, cfg.actionDim()}, 'f');
        INDArray value = Nd4j.create(DataType.DOUBLE, new long[] {rows, 1}, 'f');
        net.forwardTrain(obs, tokens, c, start, logits, value);

        SableMemory mem = net.newMemory(envs);
        mem.copyFrom(start);
        INDArray obsStep = Nd4j.create(DataType.DOUBLE, new long[] {envs * nA, cfg.obsDim()}, 'f');
        INDArray valueStep = Nd4j.create(DataType.DOUBLE, new long[] {envs * nA, 1}, 'f');
        INDArray tokStep = Nd4j.create(DataType.DOUBLE, new long[] {envs, cfg.tokenDim()}, 'f');
        INDArray outStep = Nd4j.create(DataType.DOUBLE, new long[] {envs, cfg.actionDim()}, 'f');
        int[] steps = new int[envs];
        boolean[] reset = new boolean[envs];
        for (int t = 0; t < nT; t++) {
            for (int e = 0; e < envs; e++) {
                steps[e] = c.stepCount()[e * nT + t];
                reset[e] = c.episodeStart()[e * nT + t];
                for (int i = 0; i < nA; i++) {
                    obsStep.putRow(e * nA + i, obs.getRow((long) e * nT * nA + t * nA + i));
                }
            }
            net.encodeStep(obsStep, nA, steps, reset, mem, valueStep);
            for (int e = 0; e < envs; e++) {
                for (int i = 0; i < nA; i++) {
                    long src = (long) e * nT * nA + t * nA + i;
                    assertEquals(value.getDouble(src, 0), valueStep.getDouble(e * nA + i, 0), 1e-10, "value row " + src);
                }
            }
            for (int i = 0; i < nA; i++) {
                tokStep.assign(0);
                for (int e = 0; e < envs; e++) {
                    int col = i == 0 ? 0 : 1 + actions[e * nT * nA + t * nA + i - 1];
                    tokStep.putScalar(new long[] {e, col}, 1.0);
                }
                net.decodeStep(i, tokStep, steps, mem, outStep);
                for (int e = 0; e < envs; e++) {
                    long src = (long) e * nT * nA + t * nA + i;
                    for (int a = 0; a < cfg.actionDim(); a++) {
                        assertEquals(logits.getDouble(src, a), outStep.getDouble(e, a), 1e-10,
                                "logit row " + src + " action " + a);
                    }
                }
            }
        }
    }

    @Test
    void discreteTokensShiftThePreviousAgentsActionWithinEachTimestep() {
        INDArray tokens = Nd4j.create(DataType.FLOAT, new long[] {4, 4}, 'f');
        SableNetwork.discreteTokens(new int[] {2, 0, 1, 1}, 2, 3, tokens);
        float[][] expected = {{1, 0, 0, 0}, {0, 0, 0, 1}, {1, 0, 0, 0}, {0, 0, 1, 0}};
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[r][c], tokens.getFloat(r, c), 0f, "token " + r + "," + c);
            }
        }
    }

    @Test
    void backwardWithoutTrainingForwardIsRefused() {
        Parameters.Builder b = new Parameters.Builder(DataType.FLOAT);
        SableNetwork net = new SableNetwork(b, SableConfig.defaults(4, 3, true));
        b.build(new Rng(1));
        INDArray d = Nd4j.create(DataType.FLOAT, new long[] {1, 3}, 'f');
        assertThrows(IllegalStateException.class, () -> net.backward(d, d));
    }

    @Test
    void configRejectsHeadsThatDoNotDivideTheWidth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SableConfig(4, 3, true, 64, 3, 1, 0.8, true));
        assertEquals("SableConfig embedDim must be divisible by nHead and embedDim/nHead by nHead, got embedDim 64, nHead 3",
                e.getMessage());
    }
}
