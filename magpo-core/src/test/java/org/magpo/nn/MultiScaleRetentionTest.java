package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MultiScaleRetentionTest {

    /** A chunk of B envs × T timesteps with the given episode starts and step counters that restart at them. */
    private static RetentionChunk chunk(int envs, int timesteps, int agents, int[] firstStep, int[][] starts) {
        int[] steps = new int[envs * timesteps];
        boolean[] start = new boolean[envs * timesteps];
        for (int e = 0; e < envs; e++) {
            for (int s : starts[e]) {
                start[e * timesteps + s] = true;
            }
            int step = firstStep[e];
            for (int t = 0; t < timesteps; t++) {
                step = start[e * timesteps + t] ? 0 : (t == 0 ? step : step + 1);
                steps[e * timesteps + t] = step;
            }
        }
        return new RetentionChunk(envs, timesteps, agents, steps, start);
    }

    private static INDArray memory(DataType type, int envs, MultiScaleRetention r) {
        return Nd4j.create(type, new long[] {envs, r.heads(), r.headSize(), r.headSize()}, 'c');
    }

    private static Parameters build(Parameters.Builder b, Rng rng, double scale) {
        Parameters ps = b.build(rng);
        RandomArrays.fill(ps.values(), rng, scale);   // larger than 1/d so the check sees every path
        return ps;
    }

    @Test
    void chunkwiseGradientsMatchFiniteDifferencesForBothMasks() {
        for (RetentionMask mask : RetentionMask.values()) {
            checkChunkGradients(mask, new Rng(mask.ordinal() + 17), 8, 2, 0.8, 2, 4, 2, new int[] {5, 0},
                    new int[][] {{2}, {}}, true);
        }
    }

    /**
     * Finite differences of a chunk's forward against its backward: inputs, parameters and, when
     * {@code carried}, the memory carried in (with a loss on the memory carried out too).
     */
    private static void checkChunkGradients(RetentionMask mask, Rng rng, int d, int heads, double dsf, int envs,
                                            int timesteps, int agents, int[] firstStep, int[][] starts,
                                            boolean carried) {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        MultiScaleRetention ret = new MultiScaleRetention(b, "ret", d, heads, dsf, true, mask);
        Parameters ps = build(b, rng, 0.5);
        RetentionChunk c = chunk(envs, timesteps, agents, firstStep, starts);
        int rows = c.rows();
        INDArray key = RandomArrays.normal(DataType.DOUBLE, rng, 1, rows, d);
        INDArray query = RandomArrays.normal(DataType.DOUBLE, rng, 1, rows, d);
        INDArray value = RandomArrays.normal(DataType.DOUBLE, rng, 1, rows, d);
        INDArray sPrev = null;
        INDArray sNext = null;
        if (carried) {
            sPrev = memory(DataType.DOUBLE, envs, ret);
            RandomArrays.fill(sPrev, rng, 1);
            sNext = memory(DataType.DOUBLE, envs, ret);
        }
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {rows, d}, 'f');
        INDArray wOut = RandomArrays.normal(DataType.DOUBLE, rng, 1, rows, d);
        int hs = d / heads;
        INDArray wState = carried ? RandomArrays.normal(DataType.DOUBLE, rng, 1, envs, heads, hs, hs).dup('c') : null;
        // the loss is O(10): rounding in L(x ± eps) / 2eps leaves ~1e-8 of noise, hence absTol 5e-8
        double absTol = 5e-8;

        INDArray dKey = Nd4j.create(DataType.DOUBLE, new long[] {rows, d}, 'f');
        INDArray dQuery = Nd4j.create(DataType.DOUBLE, new long[] {rows, d}, 'f');
        INDArray dValue = Nd4j.create(DataType.DOUBLE, new long[] {rows, d}, 'f');
        INDArray dSPrev = carried ? memory(DataType.DOUBLE, envs, ret) : null;
        ps.zeroGrads();
        ret.forwardChunk(key, query, value, c, sPrev, out, sNext);
        ret.backward(wOut, wState, dKey, dQuery, dValue, dSPrev);
        INDArray paramGrads = ps.grads().dup();
        INDArray carriedIn = sPrev;
        INDArray carriedOut = sNext;
        DoubleSupplier loss = () -> {
            ret.forwardChunk(key, query, value, c, carriedIn, out, carriedOut);
            return RandomArrays.probe(out, wOut) + (carried ? RandomArrays.probe(carriedOut, wState) : 0.0);
        };
        GradientCheck.check(mask + " dKey", key, dKey, loss, 1e-6, 1e-5, absTol);
        GradientCheck.check(mask + " dQuery", query, dQuery, loss, 1e-6, 1e-5, absTol);
        GradientCheck.check(mask + " dValue", value, dValue, loss, 1e-6, 1e-5, absTol);
        if (carried) {
            GradientCheck.check(mask + " dSPrev", sPrev, dSPrev, loss, 1e-6, 1e-5, absTol);
        }
        GradientCheck.check(mask + " dParams", ps.values(), paramGrads, loss, 1e-6, 1e-5, absTol);
    }

    @Test
    void selfRetentionSumsTheThreeInputGradientsIntoOneBuffer() {
        Rng rng = new Rng(23);
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        MultiScaleRetention ret = new MultiScaleRetention(b, "ret", 4, 1, 1.0, true, RetentionMask.CAUSAL);
        build(b, rng, 0.5);
        RetentionChunk c = chunk(1, 3, 3, new int[] {0}, new int[][] {{0}});
        INDArray x = RandomArrays.normal(DataType.DOUBLE, rng, 1, 9, 4);
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {9, 4}, 'f');
        INDArray w = RandomArrays.normal(DataType.DOUBLE, rng, 1, 9, 4);
        INDArray dx = Nd4j.create(DataType.DOUBLE, new long[] {9, 4}, 'f');
        ret.forwardChunk(x, x, x, c, null, out, null);
        ret.backward(w, null, dx, dx, dx, null);
        GradientCheck.check("self-retention dX", x, dx, () -> {
            ret.forwardChunk(x, x, x, c, null, out, null);
            return RandomArrays.probe(out, w);
        });
    }

    @Test
    void chunkwiseAndRecurrentFormsAgreeInDouble() {
        for (RetentionMask mask : RetentionMask.values()) {
            assertFormsAgree(DataType.DOUBLE, mask, false, 8, 1e-10);
            assertFormsAgree(DataType.DOUBLE, mask, true, 8, 1e-10);
        }
    }

    @Test
    void chunkwiseAndRecurrentFormsAgreeOnSegmentsOfSeveralScoreBlocks() {
        // 50 timesteps x 3 agents: segments of 150, 90 + 60 and 150 tokens span 2-3 blocks of the score products
        for (RetentionMask mask : RetentionMask.values()) {
            assertFormsAgree(DataType.DOUBLE, mask, true, 8, 1e-10, 50, new int[][] {{}, {30}, {0}});
        }
    }

    @Test
    void blockedScoreProductsMatchFiniteDifferencesOnLongSegments() {
        // one env, 45 timesteps x 3 agents with an episode start at t = 25: segments of 75 and 60 tokens, the
        // first longer than a 63-row score block
        for (RetentionMask mask : RetentionMask.values()) {
            checkChunkGradients(mask, new Rng(mask.ordinal() + 71), 4, 1, 0.95, 1, 45, 3, new int[] {4},
                    new int[][] {{25}}, false);
        }
    }

    @Test
    void chunkwiseAndRecurrentFormsAgreeInFloat() {
        for (RetentionMask mask : RetentionMask.values()) {
            assertFormsAgree(DataType.FLOAT, mask, true, 16, 1e-5);
        }
    }

    /**
     * Runs a chunk of T=6 timesteps (episode start inside env 0's chunk at t=3, env 1 without starts,
     * env 2 starting a new episode at t=0) with non-zero carried memory, then replays it step by step in
     * the recurrent form (agent by agent for CAUSAL) and compares every output row and the final memory.
     */
    private static void assertFormsAgree(DataType type, RetentionMask mask, boolean cross, int d, double tol) {
        assertFormsAgree(type, mask, cross, d, tol, 6, new int[][] {{3}, {}, {0}});
    }

    private static void assertFormsAgree(DataType type, RetentionMask mask, boolean cross, int d, double tol, int nT,
                                         int[][] starts) {
        int heads = 2;
        int envs = 3;
        int nA = 3;
        Rng rng = new Rng(41 + mask.ordinal());
        Parameters.Builder b = new Parameters.Builder(type);
        MultiScaleRetention ret = new MultiScaleRetention(b, "ret", d, heads, 0.9, true, mask);
        build(b, rng, 0.4);
        RetentionChunk c = chunk(envs, nT, nA, new int[] {7, 2, 9}, starts);
        int rows = c.rows();
        INDArray x = RandomArrays.normal(type, rng, 1, rows, d);
        INDArray e = cross ? RandomArrays.normal(type, rng, 1, rows, d) : x;
        INDArray sPrev = memory(type, envs, ret);
        RandomArrays.fill(sPrev, rng, 1);
        INDArray sNext = memory(type, envs, ret);
        INDArray outChunk = Nd4j.create(type, new long[] {rows, d}, 'f');
        ret.forwardChunk(x, e, x, c, sPrev, outChunk, sNext);

        INDArray mem = sPrev.dup('c');
        int perStep = mask == RetentionMask.CAUSAL ? 1 : nA;
        INDArray keyStep = Nd4j.create(type, new long[] {envs * perStep, d}, 'f');
        INDArray queryStep = Nd4j.create(type, new long[] {envs * perStep, d}, 'f');
        INDArray outStep = Nd4j.create(type, new long[] {envs * perStep, d}, 'f');
        boolean[] reset = new boolean[envs];
        int[] steps = new int[envs];
        for (int t = 0; t < nT; t++) {
            for (int env = 0; env < envs; env++) {
                reset[env] = c.episodeStart()[env * nT + t];
                steps[env] = c.stepCount()[env * nT + t];
            }
            ret.beginTimestep(mem, reset);
            for (int first = 0; first < nA; first += perStep) {
                for (int env = 0; env < envs; env++) {
                    for (int i = 0; i < perStep; i++) {
                        long src = (long) env * nT * nA + (long) t * nA + first + i;
                        keyStep.putRow(env * perStep + i, x.getRow(src));
                        queryStep.putRow(env * perStep + i, e.getRow(src));
                    }
                }
                ret.forwardRecurrent(keyStep, queryStep, keyStep, steps, perStep, mem, outStep);
                for (int env = 0; env < envs; env++) {
                    for (int i = 0; i < perStep; i++) {
                        long src = (long) env * nT * nA + (long) t * nA + first + i;
                        for (int col = 0; col < d; col++) {
                            assertEquals(outChunk.getDouble(src, col), outStep.getDouble(env * perStep + i, col),
                                    tol * (1 + Math.abs(outChunk.getDouble(src, col))),
                                    mask + " cross=" + cross + " row " + src + " col " + col);
                        }
                    }
                }
            }
        }
        INDArray diff = mem.sub(sNext);
        double scale = 1 + sNext.amaxNumber().doubleValue();
        assertEquals(0.0, diff.amaxNumber().doubleValue(), tol * scale, mask + " carried memory");
    }

    @Test
    void beginTimestepDecaysMemoryAndZeroesResetEnvs() {
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        MultiScaleRetention ret = new MultiScaleRetention(b, "ret", 4, 2, 0.5, false, RetentionMask.FULL_TIMESTEP);
        b.build(new Rng(1));
        INDArray mem = memory(DataType.DOUBLE, 2, ret).assign(2.0);
        ret.beginTimestep(mem, new boolean[] {false, true});
        assertEquals(2.0 * 0.5 * 0.96875, mem.getDouble(0, 0, 1, 1), 1e-12);
        assertEquals(2.0 * 0.5 * (1 - 1.0 / 512), mem.getDouble(0, 1, 0, 1), 1e-12);
        assertEquals(0.0, mem.get(NDArrayIndex.point(1)).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void singleTokenRetentionIsQueryDotKeyTimesValue() {
        // one env, one step, one agent, no PE, zero memory: ret = (q·k) v before GroupNorm and the gate
        Parameters.Builder b = new Parameters.Builder(DataType.DOUBLE);
        MultiScaleRetention ret = new MultiScaleRetention(b, "ret", 2, 1, 1.0, false, RetentionMask.CAUSAL);
        Parameters ps = b.build(new Rng(1));
        ps.get("ret/w_q").value().assign(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
        ps.get("ret/w_k").value().assign(Nd4j.createFromArray(new double[][] {{2, 0}, {0, 2}}));
        ps.get("ret/w_v").value().assign(Nd4j.createFromArray(new double[][] {{1, 0}, {0, -1}}));
        ps.get("ret/w_g").value().assign(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
        ps.get("ret/w_o").value().assign(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}}));
        INDArray x = Nd4j.createFromArray(new double[][] {{1.0, 2.0}}).dup('f');
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {1, 2}, 'f');
        INDArray mem = memory(DataType.DOUBLE, 1, ret);
        ret.forwardChunk(x, x, x, new RetentionChunk(1, 1, 1, new int[] {0}, new boolean[] {true}), null, out, mem);
        // q = (1,2), k = (2,4), v = (1,-2): q·k = 10, ret = (10, -20); GroupNorm (1 group): (1, -1)/sqrt(1+eps')
        double n = 1 / Math.sqrt(1 + GroupNorm.EPS / 225.0);
        double swish1 = 1 / (1 + Math.exp(-1.0));
        double swish2 = 2 / (1 + Math.exp(-2.0));
        assertEquals(swish1 * n, out.getDouble(0, 0), 1e-12);
        assertEquals(-swish2 * n, out.getDouble(0, 1), 1e-12);
        // memory after the step: kᵀv = [[2, -4], [4, -8]]
        assertEquals(-4.0, mem.getDouble(0, 0, 0, 1), 1e-12);
        assertEquals(4.0, mem.getDouble(0, 0, 1, 0), 1e-12);
    }

    @Test
    void rejectsHeadCountsTheGroupNormCannotSplit() {
        Parameters.Builder b = new Parameters.Builder(DataType.FLOAT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MultiScaleRetention(b, "ret", 12, 4, 1.0, true, RetentionMask.CAUSAL));
        assertEquals("MultiScaleRetention needs nHead to divide dim and dim/nHead, got dim 12, nHead 4", e.getMessage());
    }
}
