package org.magpo.nn;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Sable's multi-scale retention (ALGORITHM.md §3.1) with a chunkwise form for training (forward and
 * hand-written backward) and a recurrent form for acting. Both give the same outputs and memory.
 *
 * <p>Per head h (head size hs = d / nHead): {@code q = (query+PE) W_q[:, h]}, {@code k = (key+PE) W_k[:, h]},
 * {@code v = (value+PE) W_v[:, h]}; the per-head retention outputs are concatenated, normalised by
 * {@link GroupNorm} (groups = nHead inside each head's vector) and gated:
 * {@code out = (swish((key+PE) W_g) ⊙ GN(ret)) W_o}. W_q/W_k/W_v are stored as one {@code [d, d]}
 * matrix each whose column block h is head h's {@code [d, hs]} matrix; all five ~ Normal(0, (1/d)²).
 *
 * <p>Memory: a dense 'c'-ordered {@code [B, nHead, hs, hs]} array per env and head.
 * Chunkwise, for one env with decay matrix D ({@code D[j,k] = κ^{t(j)−t(k)}} when no episode starts in
 * {@code (t(k), t(j)]}, zero otherwise and, with {@link RetentionMask#CAUSAL}, for k > j):
 * {@code ret = ((Q Kᵀ) ⊙ D) V + ξ ⊙ (Q S_prev)} and {@code S_next = Kᵀ (V ⊙ D[last row]) + κ^T S_prev}
 * (the carry terms vanish after an episode start in the chunk). Recurrent: per timestep
 * {@link #beginTimestep} decays (or zeroes) the memory once, then {@link #forwardRecurrent} adds
 * {@code kᵀv} and reads {@code q S} (all agents at once for FULL_TIMESTEP, agent by agent for CAUSAL).
 *
 * <p>Inputs and outputs are {@code [rows, d]}; working buffers are reused between calls.
 * {@link #backward} uses the state saved by the latest {@link #forwardChunk}; calling
 * {@link #forwardRecurrent} in between is refused.
 */
public final class MultiScaleRetention {
    // Score products go by blocks of rows: only the lower block triangle of each [len, len] score matrix is
    // computed (half of it is masked away), which halves the dominant quadratic work of a long segment.
    private static final int CAUSAL_BLOCK_TOKENS = 64;

    private final int dim;
    private final int nHead;
    private final int headSize;
    private final RetentionMask mask;
    private final RetentionDecay decay;
    private final PositionalEncoding pe;
    private final Parameters.Param wq;
    private final Parameters.Param wk;
    private final Parameters.Param wv;
    private final Parameters.Param wg;
    private final Parameters.Param wo;
    private final GroupNorm groupNorm;

    private final ScratchMatrix xkBuf;
    private final ScratchMatrix xqBuf;
    private final ScratchMatrix xvBuf;
    private final ScratchMatrix qBuf;
    private final ScratchMatrix kBuf;
    private final ScratchMatrix vBuf;
    private final ScratchMatrix retBuf;
    private final ScratchMatrix retNormBuf;
    private final ScratchMatrix gateBuf;
    private final ScratchMatrix gatedBuf;
    private final ScratchMatrix dGatedBuf;
    private final ScratchMatrix dGateBuf;
    private final ScratchMatrix dRetBuf;
    private final ScratchMatrix dqBuf;
    private final ScratchMatrix dkBuf;
    private final ScratchMatrix dvBuf;
    // the per-env score products run on two threads (Overlap.forEach), each with its own scratch
    private final Workspace[] workspaces;

    private int[] rowPositions = new int[0];

    // state of the latest chunkwise forward, for backward
    private boolean chunkSaved;
    private RetentionChunk chunk;
    private INDArray sPrev;
    private INDArray xk;
    private INDArray xq;
    private INDArray xv;
    private INDArray q;
    private INDArray k;
    private INDArray v;
    private INDArray retNorm;
    private INDArray gate;
    private INDArray gated;

    /**
     * @param b                  registers {@code name/w_q, w_k, w_v, w_g, w_o} ([d, d]) and {@code name/group_norm/*}
     * @param dim                embedding width d
     * @param nHead              heads; must divide d, and d/nHead must be divisible by nHead (GroupNorm quirk)
     * @param decayScalingFactor dsf in (0, 1]
     * @param positionalEncoding add the timestep encoding to key, query and value (d must be even)
     * @param mask               encoder (FULL_TIMESTEP) or decoder (CAUSAL) visibility within a timestep
     */
    public MultiScaleRetention(Parameters.Builder b, String name, int dim, int nHead, double decayScalingFactor,
                               boolean positionalEncoding, RetentionMask mask) {
        if (dim < 1 || nHead < 1 || dim % nHead != 0 || (dim / nHead) % nHead != 0) {
            throw new IllegalArgumentException("MultiScaleRetention needs nHead to divide dim and dim/nHead, got dim "
                    + dim + ", nHead " + nHead);
        }
        if (mask == null) {
            throw new IllegalArgumentException("MultiScaleRetention mask must be FULL_TIMESTEP or CAUSAL, got null");
        }
        this.dim = dim;
        this.nHead = nHead;
        this.headSize = dim / nHead;
        this.mask = mask;
        this.decay = new RetentionDecay(nHead, decayScalingFactor);
        this.pe = positionalEncoding ? new PositionalEncoding(dim) : null;
        double std = 1.0 / dim;
        Initializer normal = (p, rng) -> {
            for (long r = 0; r < p.size(0); r++) {
                for (long c = 0; c < p.size(1); c++) {
                    p.putScalar(new long[] {r, c}, std * rng.nextGaussian());
                }
            }
        };
        long[] square = {dim, dim};
        this.wg = b.add(name + "/w_g", square, normal);
        this.wo = b.add(name + "/w_o", square, normal);
        this.wq = b.add(name + "/w_q", square, normal);
        this.wk = b.add(name + "/w_k", square, normal);
        this.wv = b.add(name + "/w_v", square, normal);
        this.groupNorm = new GroupNorm(b, name + "/group_norm", headSize, nHead);
        DataType t = b.dataType();
        xkBuf = new ScratchMatrix(t);
        xqBuf = new ScratchMatrix(t);
        xvBuf = new ScratchMatrix(t);
        qBuf = new ScratchMatrix(t);
        kBuf = new ScratchMatrix(t);
        vBuf = new ScratchMatrix(t);
        retBuf = new ScratchMatrix(t);
        retNormBuf = new ScratchMatrix(t);
        gateBuf = new ScratchMatrix(t);
        gatedBuf = new ScratchMatrix(t);
        dGatedBuf = new ScratchMatrix(t);
        dGateBuf = new ScratchMatrix(t);
        dRetBuf = new ScratchMatrix(t);
        dqBuf = new ScratchMatrix(t);
        dkBuf = new ScratchMatrix(t);
        dvBuf = new ScratchMatrix(t);
        workspaces = new Workspace[] {new Workspace(t), new Workspace(t)};
    }

    public int dim() {
        return dim;
    }

    public int heads() {
        return nHead;
    }

    public int headSize() {
        return headSize;
    }

    public RetentionMask mask() {
        return mask;
    }

    public RetentionDecay decay() {
        return decay;
    }

    public GroupNorm groupNorm() {
        return groupNorm;
    }

    // ------------------------------------------------------------------------------------------ chunkwise

    /**
     * Chunkwise forward over {@code chunk.rows()} tokens.
     *
     * @param key   {@code [R, d]} key input (also the gate input); for self-retention pass the same array as
     *              query and value, for Sable's cross-retention pass key == value
     * @param query {@code [R, d]}
     * @param value {@code [R, d]}
     * @param sPrev memory carried into the chunk, 'c' {@code [B, nHead, hs, hs]}, or null for zeros; kept by
     *              reference for {@link #backward}
     * @param out   {@code [R, d]} output
     * @param sNext memory after the chunk ('c' {@code [B, nHead, hs, hs]}, not {@code sPrev}), or null to skip it
     */
    public void forwardChunk(INDArray key, INDArray query, INDArray value, RetentionChunk chunk,
                             INDArray sPrev, INDArray out, INDArray sNext) {
        int rows = chunk.rows();
        checkRows("key", key, rows);
        checkRows("query", query, rows);
        checkRows("value", value, rows);
        checkRows("out", out, rows);
        checkMemory("sPrev", sPrev, chunk.envs());
        checkMemory("sNext", sNext, chunk.envs());
        if (sNext != null && sNext == sPrev) {
            throw new IllegalArgumentException("sNext must be a different array from sPrev (backward needs sPrev)");
        }
        int tn = chunk.tokensPerEnv();
        int nT = chunk.timesteps();
        int nA = chunk.agents();
        if (rowPositions.length < rows) {
            rowPositions = new int[rows];
        }
        for (int r = 0; r < rows; r++) {
            rowPositions[r] = chunk.stepCount()[(r / tn) * nT + (r % tn) / nA];
        }
        projectInputs(key, query, value, rows, rowPositions);

        INDArray ret = retBuf.get(rows, dim);
        forEachEnv(chunk, (from, to, w) -> forwardEnvs(chunk, from, to, w, ret, sPrev, sNext));
        finishForward(ret, rows, out);
        this.chunk = chunk;
        this.sPrev = sPrev;
        this.chunkSaved = true;
    }

    /** The per-env work of one chunk pass, for envs [from, to) with a thread's scratch. */
    private interface EnvRange {
        void run(int from, int to, Workspace w);
    }

    /**
     * Runs {@code work} for each of the chunk's envs, shared between the caller and the overlap worker: each
     * env's score products are independent and write only that env's rows and memory. The decay powers are
     * cached first, so both threads only read them.
     */
    private void forEachEnv(RetentionChunk chunk, EnvRange work) {
        for (int h = 0; h < nHead; h++) {
            decay.powers(h, chunk.timesteps());
        }
        Overlap.forEach(chunk.envs(), (e, slot) -> work.run(e, e + 1, workspaces[slot]));
    }

    /** The score products of {@link #forwardChunk} for envs [from, to), with the scratch of one thread. */
    private void forwardEnvs(RetentionChunk chunk, int from, int to, Workspace w, INDArray ret, INDArray sPrev,
                             INDArray sNext) {
        int rows = chunk.rows();
        int tn = chunk.tokensPerEnv();
        int nT = chunk.timesteps();
        int nA = chunk.agents();
        EpisodeBounds bounds = w.bounds;
        INDArray state = w.stateBuf.get(headSize, headSize);
        HostView retH = HostView.of(ret);
        HostView vH = HostView.of(v);
        HostView stateH = HostView.of(state);
        for (int e = from; e < to; e++) {
            bounds.compute(chunk.episodeStart(), e * nT, nT);
            for (int h = 0; h < nHead; h++) {
                double[] pow = decay.powers(h, nT);
                // D is block-diagonal over episode segments: each segment is one dense retention problem
                for (int seg = 0; seg < bounds.count; seg++) {
                    int t0 = bounds.begin[seg];
                    int t1 = seg + 1 < bounds.count ? bounds.begin[seg + 1] : nT;
                    int r0 = e * tn + t0 * nA;
                    int len = (t1 - t0) * nA;
                    INDArray qs = rowsOf(q, r0, len, h);
                    INDArray ks = rowsOf(k, r0, len, h);
                    INDArray score = w.scoreBuf.get(len, len);
                    decayedScores(q, k, r0, len, h, nA, pow, score, w);
                    lowerTimes(score, v, r0, len, h, nA, ret);
                    if (sPrev != null && t0 == 0 && bounds.firstStart > 0) {
                        // ret += ξ ⊙ (Q S_prev), ξ_t = κ^{t+1}, on the segment before the first episode start
                        INDArray part = w.tokenBuf.get(len, headSize);
                        MatMul.into(qs, false, memBlock(sPrev, e, h), false, part, 0.0);
                        HostView partH = HostView.of(part);
                        for (int c = 0; c < headSize; c++) {
                            int base = r0 + (h * headSize + c) * rows;
                            for (int j = 0; j < len; j++) {
                                retH.add(base + j, pow[j / nA + 1] * partH.get(j + c * len));
                            }
                        }
                    }
                    if (sNext != null && t1 == nT) {
                        // S_next = K_lastᵀ (V_last ⊙ D[last row]) + κ^T S_prev (only if no episode start)
                        INDArray scaled = w.token2Buf.get(len, headSize);
                        fillScaledValues(vH, HostView.of(scaled), r0, len, t0, nT, nA, h, rows, pow);
                        MatMul.into(ks, true, scaled, false, state, 0.0);
                        double carry = sPrev != null && bounds.firstStart == nT ? pow[nT] : 0.0;
                        HostView next = HostView.of(memBlock(sNext, e, h));
                        HostView prev = sPrev != null ? HostView.of(memBlock(sPrev, e, h)) : null;
                        for (int i = 0; i < headSize; i++) {
                            for (int j = 0; j < headSize; j++) {
                                double val = stateH.get(i + j * headSize);
                                if (carry != 0.0) {
                                    val += carry * prev.get(i * headSize + j);
                                }
                                next.set(i * headSize + j, val);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Backward of the latest {@link #forwardChunk}: writes the input gradients (summed where the same
     * buffer is passed more than once, as for self-retention) and accumulates every parameter gradient.
     *
     * @param dOut   {@code [R, d]} gradient of the output
     * @param dSNext gradient of {@code sNext} ('c' {@code [B, nHead, hs, hs]}) or null when sNext does not reach the loss
     * @param dKey   {@code [R, d]}, overwritten
     * @param dQuery {@code [R, d]}, overwritten (or added to, if it is {@code dKey})
     * @param dValue {@code [R, d]}, overwritten (or added to, if it is {@code dKey} or {@code dQuery})
     * @param dSPrev gradient of {@code sPrev} ('c' {@code [B, nHead, hs, hs]}, overwritten) or null if not needed
     */
    public void backward(INDArray dOut, INDArray dSNext, INDArray dKey, INDArray dQuery, INDArray dValue,
                         INDArray dSPrev) {
        if (!chunkSaved) {
            throw new IllegalStateException("MultiScaleRetention.backward needs a preceding forwardChunk "
                    + "(with no forwardRecurrent in between)");
        }
        int rows = chunk.rows();
        checkRows("dOut", dOut, rows);
        checkRows("dKey", dKey, rows);
        checkRows("dQuery", dQuery, rows);
        checkRows("dValue", dValue, rows);
        checkMemory("dSNext", dSNext, chunk.envs());
        checkMemory("dSPrev", dSPrev, chunk.envs());

        // out = gated W_o, gated = swish(gate) ⊙ retNorm
        MatMul.into(gated, true, dOut, false, wo.grad(), 1.0);
        INDArray dGated = dGatedBuf.get(rows, dim);
        MatMul.into(dOut, false, wo.value(), true, dGated, 0.0);
        INDArray dGate = dGateBuf.get(rows, dim);
        HostView dGatedH = HostView.of(dGated);
        HostView dGateH = HostView.of(dGate);
        HostView gateH = HostView.of(gate);
        HostView retNormH = HostView.of(retNorm);
        FloatKernels simd = FloatKernels.forFloat(gateH);
        if (simd != null) {
            simd.swishGateBackward(gateH.bytes(), retNormH.bytes(), dGatedH.bytes(), dGateH.bytes(), rows * dim);
        } else {
            for (int i = 0, n = rows * dim; i < n; i++) {
                double a = gateH.get(i);
                double sig = 1.0 / (1.0 + Math.exp(-a));
                double dy = dGatedH.get(i);
                dGateH.set(i, dy * retNormH.get(i) * sig * (1.0 + a * (1.0 - sig)));
                dGatedH.set(i, dy * a * sig);   // now d(retNorm)
            }
        }
        INDArray dRet = dRetBuf.get(rows, dim);
        groupNorm.backward(dGated, dRet);

        INDArray dq = dqBuf.get(rows, dim);
        INDArray dk = dkBuf.get(rows, dim);
        INDArray dv = dvBuf.get(rows, dim);
        forEachEnv(chunk, (from, to, w) -> backwardEnvs(from, to, w, dRet, dq, dk, dv, dSNext, dSPrev));

        List<INDArray> written = new ArrayList<>(3);
        MatMul.into(xk, true, dGate, false, wg.grad(), 1.0);
        writeGrad(dGate, wg, dKey, written);
        MatMul.into(xk, true, dk, false, wk.grad(), 1.0);
        writeGrad(dk, wk, dKey, written);
        MatMul.into(xq, true, dq, false, wq.grad(), 1.0);
        writeGrad(dq, wq, dQuery, written);
        MatMul.into(xv, true, dv, false, wv.grad(), 1.0);
        writeGrad(dv, wv, dValue, written);
    }

    /** The score products of {@link #backward} for envs [from, to), with the scratch of one thread. */
    private void backwardEnvs(int from, int to, Workspace w, INDArray dRet, INDArray dq, INDArray dk, INDArray dv,
                              INDArray dSNext, INDArray dSPrev) {
        int rows = chunk.rows();
        int tn = chunk.tokensPerEnv();
        int nT = chunk.timesteps();
        int nA = chunk.agents();
        EpisodeBounds bounds = w.bounds;
        INDArray state = w.stateBuf.get(headSize, headSize);
        HostView dRetH = HostView.of(dRet);
        HostView vH = HostView.of(v);
        HostView dvH = HostView.of(dv);
        HostView stateH = HostView.of(state);
        for (int e = from; e < to; e++) {
            bounds.compute(chunk.episodeStart(), e * nT, nT);
            for (int h = 0; h < nHead; h++) {
                double[] pow = decay.powers(h, nT);
                boolean stateGrad = false;   // whether `state` holds the ξ-term part of dS_prev for (e, h)
                for (int seg = 0; seg < bounds.count; seg++) {
                    int t0 = bounds.begin[seg];
                    int t1 = seg + 1 < bounds.count ? bounds.begin[seg + 1] : nT;
                    int r0 = e * tn + t0 * nA;
                    int len = (t1 - t0) * nA;
                    INDArray qs = rowsOf(q, r0, len, h);
                    INDArray ks = rowsOf(k, r0, len, h);
                    INDArray dks = rowsOf(dk, r0, len, h);
                    INDArray score = w.scoreBuf.get(len, len);
                    INDArray dScore = w.dScoreBuf.get(len, len);
                    decayedScores(q, k, r0, len, h, nA, pow, score, w);
                    decayedScores(dRet, v, r0, len, h, nA, pow, dScore, w);
                    lowerTransposeTimes(score, dRet, r0, len, h, nA, dv);
                    lowerTimes(dScore, k, r0, len, h, nA, dq);
                    lowerTransposeTimes(dScore, q, r0, len, h, nA, dk);
                    if (t0 == 0 && bounds.firstStart > 0 && (sPrev != null || dSPrev != null)) {
                        INDArray dCarried = w.tokenBuf.get(len, headSize);   // ξ ⊙ dRet on the carried rows
                        HostView dcH = HostView.of(dCarried);
                        for (int c = 0; c < headSize; c++) {
                            int base = r0 + (h * headSize + c) * rows;
                            for (int j = 0; j < len; j++) {
                                dcH.set(j + c * len, pow[j / nA + 1] * dRetH.get(base + j));
                            }
                        }
                        if (sPrev != null) {
                            MatMul.into(dCarried, false, memBlock(sPrev, e, h), true, rowsOf(dq, r0, len, h), 1.0);
                        }
                        if (dSPrev != null) {
                            MatMul.into(qs, true, dCarried, false, state, 0.0);
                            stateGrad = true;
                        }
                    }
                    if (dSNext != null && t1 == nT) {
                        INDArray dSn = memBlock(dSNext, e, h);
                        INDArray scaled = w.token2Buf.get(len, headSize);
                        fillScaledValues(vH, HostView.of(scaled), r0, len, t0, nT, nA, h, rows, pow);
                        MatMul.into(scaled, false, dSn, true, dks, 1.0);
                        INDArray dScaled = w.token2Buf.get(len, headSize);   // scaled is no longer needed
                        MatMul.into(ks, false, dSn, false, dScaled, 0.0);
                        HostView dsH = HostView.of(dScaled);
                        for (int c = 0; c < headSize; c++) {
                            int base = r0 + (h * headSize + c) * rows;
                            for (int kk = 0; kk < len; kk++) {
                                dvH.add(base + kk, pow[nT - 1 - t0 - kk / nA] * dsH.get(kk + c * len));
                            }
                        }
                    }
                }
                if (dSPrev != null) {
                    double carry = bounds.firstStart == nT ? pow[nT] : 0.0;
                    HostView out = HostView.of(memBlock(dSPrev, e, h));
                    HostView dSn = dSNext != null ? HostView.of(memBlock(dSNext, e, h)) : null;
                    for (int i = 0; i < headSize; i++) {
                        for (int j = 0; j < headSize; j++) {
                            double val = stateGrad ? stateH.get(i + j * headSize) : 0.0;
                            if (dSn != null && carry != 0.0) {
                                val += carry * dSn.get(i * headSize + j);
                            }
                            out.set(i * headSize + j, val);
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ recurrent

    /**
     * Starts a timestep of the recurrent form: multiplies every env's memory by κ_h, or zeroes it where
     * {@code reset[b]} (the env's observation starts a new episode).
     *
     * @param memory 'c' {@code [B, nHead, hs, hs]}
     * @param reset  {@code [B]}, or null for no resets
     */
    public void beginTimestep(INDArray memory, boolean[] reset) {
        int envs = (int) memory.size(0);
        checkMemory("memory", memory, envs);
        if (reset != null && reset.length < envs) {
            throw new IllegalArgumentException("reset must have one flag per env (" + envs + "), got " + reset.length);
        }
        HostView m = HostView.of(memory);
        int per = headSize * headSize;
        for (int e = 0; e < envs; e++) {
            for (int h = 0; h < nHead; h++) {
                double f = reset != null && reset[e] ? 0.0 : decay.kappa(h);
                int base = (e * nHead + h) * per;
                for (int i = 0; i < per; i++) {
                    m.set(base + i, f * m.get(base + i));
                }
            }
        }
    }

    /**
     * Recurrent form for acting: {@code tokensPerEnv} tokens of one timestep for each of B envs (rows
     * {@code b*n + i}). FULL_TIMESTEP adds all the tokens' {@code kᵀv} to the memory and then reads
     * {@code q S}; CAUSAL adds and reads token by token (call it with one token per env for agent-by-agent
     * decoding). Call {@link #beginTimestep} once before the first call of each timestep.
     *
     * @param stepCount {@code [B]} episode step counters (positions for the encoding)
     * @param memory    'c' {@code [B, nHead, hs, hs]}, updated in place
     * @param out       {@code [B*n, d]} output
     */
    public void forwardRecurrent(INDArray key, INDArray query, INDArray value, int[] stepCount, int tokensPerEnv,
                                 INDArray memory, INDArray out) {
        if (tokensPerEnv < 1) {
            throw new IllegalArgumentException("tokensPerEnv must be >= 1, got " + tokensPerEnv);
        }
        int envs = (int) memory.size(0);
        checkMemory("memory", memory, envs);
        int rows = envs * tokensPerEnv;
        checkRows("key", key, rows);
        checkRows("query", query, rows);
        checkRows("value", value, rows);
        checkRows("out", out, rows);
        if (stepCount.length < envs) {
            throw new IllegalArgumentException("stepCount must have one entry per env (" + envs + "), got "
                    + stepCount.length);
        }
        chunkSaved = false;
        if (rowPositions.length < rows) {
            rowPositions = new int[rows];
        }
        for (int r = 0; r < rows; r++) {
            rowPositions[r] = stepCount[r / tokensPerEnv];
        }
        projectInputs(key, query, value, rows, rowPositions);
        INDArray ret = retBuf.get(rows, dim);
        HostView qH = HostView.of(q);
        HostView kH = HostView.of(k);
        HostView vH = HostView.of(v);
        HostView retH = HostView.of(ret);
        HostView m = HostView.of(memory);
        int per = headSize * headSize;
        for (int e = 0; e < envs; e++) {
            for (int h = 0; h < nHead; h++) {
                int base = (e * nHead + h) * per;
                int col0 = h * headSize;
                if (mask == RetentionMask.FULL_TIMESTEP) {
                    for (int t = 0; t < tokensPerEnv; t++) {
                        addOuter(m, base, kH, vH, e * tokensPerEnv + t, rows, col0);
                    }
                    for (int t = 0; t < tokensPerEnv; t++) {
                        read(m, base, qH, retH, e * tokensPerEnv + t, rows, col0);
                    }
                } else {
                    for (int t = 0; t < tokensPerEnv; t++) {
                        addOuter(m, base, kH, vH, e * tokensPerEnv + t, rows, col0);
                        read(m, base, qH, retH, e * tokensPerEnv + t, rows, col0);
                    }
                }
            }
        }
        finishForward(ret, rows, out);
    }

    // ------------------------------------------------------------------------------------------ shared

    /** xk/xq/xv = inputs + PE (shared when the inputs are the same array), then q, k, v projections. */
    private void projectInputs(INDArray key, INDArray query, INDArray value, int rows, int[] positions) {
        xk = withPosition(key, xkBuf.get(rows, dim), positions);
        xq = query == key ? xk : withPosition(query, xqBuf.get(rows, dim), positions);
        xv = value == key ? xk : value == query ? xq : withPosition(value, xvBuf.get(rows, dim), positions);
        q = qBuf.get(rows, dim);
        k = kBuf.get(rows, dim);
        v = vBuf.get(rows, dim);
        MatMul.into(xq, false, wq.value(), false, q, 0.0);
        MatMul.into(xk, false, wk.value(), false, k, 0.0);
        MatMul.into(xv, false, wv.value(), false, v, 0.0);
    }

    private INDArray withPosition(INDArray x, INDArray buf, int[] positions) {
        if (pe != null) {
            pe.add(x, positions, buf);
        } else {
            buf.assign(x);
        }
        return buf;
    }

    /** GroupNorm, swish gate from the key input and output projection. */
    private void finishForward(INDArray ret, int rows, INDArray out) {
        retNorm = retNormBuf.get(rows, dim);
        groupNorm.forward(ret, retNorm);
        gate = gateBuf.get(rows, dim);
        gated = gatedBuf.get(rows, dim);
        MatMul.into(xk, false, wg.value(), false, gate, 0.0);
        HostView g = HostView.of(gate);
        HostView rn = HostView.of(retNorm);
        HostView y = HostView.of(gated);
        FloatKernels simd = FloatKernels.forFloat(g);
        if (simd != null) {
            simd.swishGate(g.bytes(), rn.bytes(), y.bytes(), rows * dim);
        } else {
            for (int i = 0, n = rows * dim; i < n; i++) {
                double a = g.get(i);
                y.set(i, a / (1.0 + Math.exp(-a)) * rn.get(i));
            }
        }
        MatMul.into(gated, false, wo.value(), false, out, 0.0);
    }

    /** Input gradient {@code dProj W^T} into {@code target}, added if {@code target} was written already. */
    private static void writeGrad(INDArray dProj, Parameters.Param w, INDArray target, List<INDArray> written) {
        boolean seen = false;
        for (INDArray t : written) {
            seen |= t == target;
        }
        MatMul.into(dProj, false, w.value(), true, target, seen ? 1.0 : 0.0);
        if (!seen) {
            written.add(target);
        }
    }

    /**
     * {@code a ⊙= D} on one episode segment's dense 'f' {@code [L, L]} score matrix: column k (token at
     * local timestep tk) keeps rows from its own timestep (from k itself when CAUSAL) scaled by
     * κ^{t(j) − tk}; the rows above are zeroed.
     */
    private void applyDecay(HostView a, int len, int nA, double[] pow, Workspace w) {
        boolean causal = mask == RetentionMask.CAUSAL;
        FloatKernels simd = FloatKernels.forFloat(a);
        if (simd != null) {
            // row j of column kk is scaled by κ^{t(j) − tk} = decayRow[j − tk·nA], with decayRow[m] = κ^{⌊m/nA⌋}
            if (w.decayRow.length < len) {
                w.decayRow = new float[len];
            }
            float[] decayRow = w.decayRow;
            for (int m = 0; m < len; m++) {
                decayRow[m] = (float) pow[m / nA];
            }
            java.nio.ByteBuffer ab = a.bytes();
            for (int kk = 0; kk < len; kk++) {
                int tk = kk / nA;
                int lo = causal ? kk : tk * nA;
                simd.fill(ab, kk * len, lo, 0f);
                simd.multiply(ab, kk * len + lo, decayRow, lo - tk * nA, len - lo);
            }
            return;
        }
        for (int kk = 0; kk < len; kk++) {
            int tk = kk / nA;
            int lo = causal ? kk : tk * nA;
            int base = kk * len;
            for (int j = 0; j < lo; j++) {
                a.set(base + j, 0.0);
            }
            for (int j = lo; j < len; j++) {
                a.set(base + j, a.get(base + j) * pow[j / nA - tk]);
            }
        }
    }

    /**
     * scaled[k, c] = v[r0 + k, head col c] · κ^{T−1−t(k)} for the last segment (rows r0.. of length len,
     * starting at timestep t0): the last row of D, which weights each token's kᵀv in S_next.
     */
    private void fillScaledValues(HostView vH, HostView scaled, int r0, int len, int t0, int nT, int nA, int h,
                                  int rows, double[] pow) {
        for (int c = 0; c < headSize; c++) {
            int base = r0 + (h * headSize + c) * rows;
            for (int kk = 0; kk < len; kk++) {
                scaled.set(kk + c * len, vH.get(base + kk) * pow[nT - 1 - t0 - kk / nA]);
            }
        }
    }

    /** S += k_rowᵀ v_row for one head. */
    private void addOuter(HostView m, int base, HostView kH, HostView vH, int row, int rows, int col0) {
        for (int i = 0; i < headSize; i++) {
            double ki = kH.get(row + (col0 + i) * rows);
            if (ki == 0.0) {
                continue;
            }
            for (int j = 0; j < headSize; j++) {
                m.add(base + i * headSize + j, ki * vH.get(row + (col0 + j) * rows));
            }
        }
    }

    /** ret_row = q_row S for one head. */
    private void read(HostView m, int base, HostView qH, HostView retH, int row, int rows, int col0) {
        for (int j = 0; j < headSize; j++) {
            double acc = 0;
            for (int i = 0; i < headSize; i++) {
                acc += qH.get(row + (col0 + i) * rows) * m.get(base + i * headSize + j);
            }
            retH.set(row + (col0 + j) * rows, acc);
        }
    }

    /** Env e's tokens, head h's columns: a {@code [C, hs]} view with leading dimension R. */
    private INDArray block(INDArray m, int e, int tn, int h) {
        return rowsOf(m, e * tn, tn, h);
    }

    // The score products of one episode segment (rows r0 .. r0+len of head h) go by blocks of causalBlock rows,
    // over the lower block triangle only: the upper blocks are masked away.

    /**
     * {@code score} ({@code [len, len]}) = the decayed, masked {@code a bᵀ}: the lower block triangle of the
     * product, then {@link #applyDecay}, which also zeroes the upper blocks left unwritten.
     */
    private void decayedScores(INDArray a, INDArray b, int r0, int len, int h, int nA, double[] pow, INDArray score,
                               Workspace w) {
        int blk = causalBlock(nA);
        for (int i0 = 0; i0 < len; i0 += blk) {
            int m = Math.min(blk, len - i0);
            MatMul.into(headRows(a, r0 + i0, m, h), false, headRows(b, r0, i0 + m, h), true,
                    new MatMul.Block(score, i0, m, 0, i0 + m), 0.0);
        }
        applyDecay(HostView.of(score), len, nA, pow, w);
    }

    /** {@code out = s x} for a block-lower-triangular {@code s}: each row block against the rows before its end. */
    private void lowerTimes(INDArray s, INDArray x, int r0, int len, int h, int nA, INDArray out) {
        int blk = causalBlock(nA);
        for (int i0 = 0; i0 < len; i0 += blk) {
            int m = Math.min(blk, len - i0);
            MatMul.into(new MatMul.Block(s, i0, m, 0, i0 + m), false, headRows(x, r0, i0 + m, h), false,
                    headRows(out, r0 + i0, m, h), 0.0);
        }
    }

    /** {@code out = sᵀ x} for a block-lower-triangular {@code s}: each column block against the rows from its start. */
    private void lowerTransposeTimes(INDArray s, INDArray x, int r0, int len, int h, int nA, INDArray out) {
        int blk = causalBlock(nA);
        for (int i0 = 0; i0 < len; i0 += blk) {
            int m = Math.min(blk, len - i0);
            int below = len - i0;   // rows that can see these columns
            MatMul.into(new MatMul.Block(s, i0, below, i0, m), true, headRows(x, r0 + i0, below, h), false,
                    headRows(out, r0 + i0, m, h), 0.0);
        }
    }

    /**
     * Rows per block of the causal score products: about 64, and whole timesteps, so that every key a block's
     * queries may see lies in columns before the block's end (FULL_TIMESTEP lets a token see its timestep).
     */
    private static int causalBlock(int agents) {
        return agents * Math.max(1, CAUSAL_BLOCK_TOKENS / agents);
    }

    /** Rows [row0, row0 + count) of head h's columns of m, as a product operand (no ND4J view). */
    private MatMul.Block headRows(INDArray m, int row0, int count, int h) {
        return new MatMul.Block(m, row0, count, h * headSize, headSize);
    }

    private INDArray rowsOf(INDArray m, int row0, int count, int h) {
        return m.get(NDArrayIndex.interval(row0, row0 + count), NDArrayIndex.interval(h * headSize, (h + 1) * headSize));
    }

    private static INDArray memBlock(INDArray mem, int e, int h) {
        return mem.get(NDArrayIndex.point(e), NDArrayIndex.point(h), NDArrayIndex.all(), NDArrayIndex.all());
    }

    private void checkRows(String what, INDArray x, int rows) {
        if (x == null || x.rank() != 2 || x.size(0) != rows || x.size(1) != dim) {
            throw new IllegalArgumentException(what + " must be [" + rows + ", " + dim + "], got "
                    + (x == null ? "null" : java.util.Arrays.toString(x.shape())));
        }
    }

    private void checkMemory(String what, INDArray m, int envs) {
        if (m == null) {
            return;
        }
        if (m.rank() != 4 || m.size(0) != envs || m.size(1) != nHead || m.size(2) != headSize || m.size(3) != headSize
                || m.ordering() != 'c' || m.elementWiseStride() != 1) {
            throw new IllegalArgumentException(what + " must be a dense 'c' [" + envs + ", " + nHead + ", " + headSize
                    + ", " + headSize + "] array, got " + java.util.Arrays.toString(m.shape()) + " order " + m.ordering());
        }
    }

    /** Episode segments of one env's chunk, from its {@code episodeStart} flags. */
    /** One thread's scratch for the per-env score products. */
    private static final class Workspace {
        final ScratchMatrix scoreBuf;
        final ScratchMatrix dScoreBuf;
        final ScratchMatrix tokenBuf;
        final ScratchMatrix token2Buf;
        final ScratchMatrix stateBuf;
        final EpisodeBounds bounds = new EpisodeBounds();
        float[] decayRow = new float[0];

        Workspace(DataType t) {
            scoreBuf = new ScratchMatrix(t);
            dScoreBuf = new ScratchMatrix(t);
            tokenBuf = new ScratchMatrix(t);
            token2Buf = new ScratchMatrix(t);
            stateBuf = new ScratchMatrix(t);
        }
    }

    private static final class EpisodeBounds {
        /** First timestep of each segment; segment i is [begin[i], begin[i+1]) (the last one ends at T). */
        int[] begin = new int[0];
        int count;
        /** First timestep flagged as an episode start, T if none: rows before it read the carried memory. */
        int firstStart;

        void compute(boolean[] start, int offset, int nT) {
            if (begin.length < nT) {
                begin = new int[nT];
            }
            count = 0;
            firstStart = nT;
            for (int t = 0; t < nT; t++) {
                if (start[offset + t]) {
                    firstStart = Math.min(firstStart, t);
                }
                if (t == 0 || start[offset + t]) {
                    begin[count++] = t;
                }
            }
        }
    }
}
