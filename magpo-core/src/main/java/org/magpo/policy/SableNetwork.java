package org.magpo.policy;

import org.magpo.nn.Activation;
import org.magpo.nn.Dense;
import org.magpo.nn.HostView;
import org.magpo.nn.Initializers;
import org.magpo.nn.MultiScaleRetention;
import org.magpo.nn.Parameters;
import org.magpo.nn.RetentionChunk;
import org.magpo.nn.RetentionMask;
import org.magpo.nn.RmsNorm;
import org.magpo.nn.ScratchMatrix;
import org.magpo.nn.SwiGlu;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The MAGPO guider: a recurrent Sable retention encoder–decoder (ALGORITHM.md §3.1), with a
 * teacher-forced chunkwise training pass (forward and hand-written backward) and a recurrent acting
 * pass (encode one timestep, then decode agent by agent).
 *
 * <p>Encoder: {@code e = GELU(Dense_d(RMSNorm(obs)))}; per block {@code e = EncBlock(RMSNorm_shared(e))}
 * with {@code h = RMSNorm1(x + Ret_full(x))}, {@code out = RMSNorm2(h + SwiGLU(h))}; value
 * {@code V = Dense_1(RMSNorm(GELU(Dense_d(e))))}. Decoder: {@code x = RMSNorm(GELU(Dense_d(tok)))};
 * per block {@code x1 = RMSNorm1(x + Ret_causal(x))}, {@code y = RMSNorm2(e + Ret_causal(key=x1, query=e,
 * value=x1))}, {@code x = RMSNorm3(y + SwiGLU(y))}; head {@code Dense_A(RMSNorm(GELU(Dense_d(x))))} gives
 * logits (discrete) or Gaussian means (continuous, with the state-independent {@link #logStd()}).
 *
 * <p>Shapes: training rows are env-major {@code row = b*(T*N) + t*N + i}: obs {@code [R, obsDim]},
 * tokens {@code [R, tokenDim]}, output {@code [R, A]}, value {@code [R, 1]}. {@link #backward} uses the
 * activations of the latest {@link #forwardTrain}; acting calls in between are refused.
 */
public final class SableNetwork {
    private final SableConfig cfg;
    private final int d;
    private final DataType dataType;

    private final RmsNorm obsNorm;
    private final Dense obsDense;
    private final RmsNorm sharedNorm;
    private final MultiScaleRetention[] encRet;
    private final RmsNorm[] encNorm1;
    private final SwiGlu[] encFfn;
    private final RmsNorm[] encNorm2;
    private final Dense valueDense1;
    private final RmsNorm valueNorm;
    private final Dense valueDense2;

    private final Dense tokDense;
    private final RmsNorm tokNorm;
    private final MultiScaleRetention[] decSelf;
    private final RmsNorm[] decNorm1;
    private final MultiScaleRetention[] decCross;
    private final RmsNorm[] decNorm2;
    private final SwiGlu[] decFfn;
    private final RmsNorm[] decNorm3;
    private final Dense headDense1;
    private final RmsNorm headNorm;
    private final Dense headDense2;
    private final Parameters.Param logStd;

    // activations (per block where indexed), reused between calls
    private final ScratchMatrix obsNormed;
    private final ScratchMatrix obsPre;
    private final ScratchMatrix[] encAct;     // e_0 .. e_nBlock
    private final ScratchMatrix[] encIn;
    private final ScratchMatrix[] encRetOut;
    private final ScratchMatrix[] encSum1;
    private final ScratchMatrix[] encMid;
    private final ScratchMatrix[] encFfnOut;
    private final ScratchMatrix[] encSum2;
    private final ScratchMatrix value1;
    private final ScratchMatrix value2;
    private final ScratchMatrix value3;
    private final ScratchMatrix tokPre;
    private final ScratchMatrix tokAct;
    private final ScratchMatrix[] decAct;     // x_0 .. x_nBlock
    private final ScratchMatrix[] decRet1;
    private final ScratchMatrix[] decSum1;
    private final ScratchMatrix[] decX1;
    private final ScratchMatrix[] decRet2;
    private final ScratchMatrix[] decSum2;
    private final ScratchMatrix[] decY;
    private final ScratchMatrix[] decFfnOut;
    private final ScratchMatrix[] decSum3;
    private final ScratchMatrix head1;
    private final ScratchMatrix head2;
    private final ScratchMatrix head3;
    private final ScratchMatrix[] grad;       // backward temporaries [rows, d]
    private final ScratchMatrix gradEnc;
    private final ScratchMatrix gradObs1;
    private final ScratchMatrix gradObs2;
    private final ScratchMatrix actEncoded;   // encoder output of the current acting timestep [B*N, d]
    private final ScratchMatrix actAgentEnc;  // one agent's rows of it [B, d]

    private boolean trainSaved;
    private INDArray savedObs;
    private INDArray savedTokens;
    private int savedRows;
    private int actAgents;

    /** Registers every parameter on {@code b} (one Parameters object for the whole guider). */
    public SableNetwork(Parameters.Builder b, SableConfig cfg) {
        this.cfg = cfg;
        this.d = cfg.embedDim();
        this.dataType = b.dataType();
        int nb = cfg.nBlock();
        double sqrt2 = Math.sqrt(2);
        obsNorm = new RmsNorm(b, "encoder/obs_norm", cfg.obsDim());
        obsDense = new Dense(b, "encoder/obs_dense", cfg.obsDim(), d, false, Initializers.orthogonal(sqrt2), null);
        sharedNorm = new RmsNorm(b, "encoder/block_norm", d);
        encRet = new MultiScaleRetention[nb];
        encNorm1 = new RmsNorm[nb];
        encFfn = new SwiGlu[nb];
        encNorm2 = new RmsNorm[nb];
        for (int i = 0; i < nb; i++) {
            String p = "encoder/block" + i;
            encRet[i] = retention(b, p + "/retention", RetentionMask.FULL_TIMESTEP);
            encNorm1[i] = new RmsNorm(b, p + "/norm1", d);
            encFfn[i] = new SwiGlu(b, p + "/ffn", d, d);
            encNorm2[i] = new RmsNorm(b, p + "/norm2", d);
        }
        valueDense1 = new Dense(b, "encoder/value_dense1", d, d, Initializers.orthogonal(sqrt2));
        valueNorm = new RmsNorm(b, "encoder/value_norm", d);
        valueDense2 = new Dense(b, "encoder/value_dense2", d, 1, Initializers.orthogonal(0.01));

        tokDense = new Dense(b, "decoder/token_dense", cfg.tokenDim(), d, !cfg.discrete(),
                Initializers.orthogonal(sqrt2), Initializers.zeros());
        tokNorm = new RmsNorm(b, "decoder/token_norm", d);
        decSelf = new MultiScaleRetention[nb];
        decNorm1 = new RmsNorm[nb];
        decCross = new MultiScaleRetention[nb];
        decNorm2 = new RmsNorm[nb];
        decFfn = new SwiGlu[nb];
        decNorm3 = new RmsNorm[nb];
        for (int i = 0; i < nb; i++) {
            String p = "decoder/block" + i;
            decSelf[i] = retention(b, p + "/self_retention", RetentionMask.CAUSAL);
            decNorm1[i] = new RmsNorm(b, p + "/norm1", d);
            decCross[i] = retention(b, p + "/cross_retention", RetentionMask.CAUSAL);
            decNorm2[i] = new RmsNorm(b, p + "/norm2", d);
            decFfn[i] = new SwiGlu(b, p + "/ffn", d, d);
            decNorm3[i] = new RmsNorm(b, p + "/norm3", d);
        }
        headDense1 = new Dense(b, "decoder/head_dense1", d, d, Initializers.orthogonal(sqrt2));
        headNorm = new RmsNorm(b, "decoder/head_norm", d);
        headDense2 = new Dense(b, "decoder/head_dense2", d, cfg.actionDim(), Initializers.orthogonal(0.01));
        logStd = cfg.discrete() ? null
                : b.add("decoder/log_std", new long[] {cfg.actionDim()}, Initializers.zeros());

        obsNormed = scratch();
        obsPre = scratch();
        encAct = scratches(nb + 1);
        encIn = scratches(nb);
        encRetOut = scratches(nb);
        encSum1 = scratches(nb);
        encMid = scratches(nb);
        encFfnOut = scratches(nb);
        encSum2 = scratches(nb);
        value1 = scratch();
        value2 = scratch();
        value3 = scratch();
        tokPre = scratch();
        tokAct = scratch();
        decAct = scratches(nb + 1);
        decRet1 = scratches(nb);
        decSum1 = scratches(nb);
        decX1 = scratches(nb);
        decRet2 = scratches(nb);
        decSum2 = scratches(nb);
        decY = scratches(nb);
        decFfnOut = scratches(nb);
        decSum3 = scratches(nb);
        head1 = scratch();
        head2 = scratch();
        head3 = scratch();
        grad = scratches(5);
        gradEnc = scratch();
        gradObs1 = scratch();
        gradObs2 = scratch();
        actEncoded = scratch();
        actAgentEnc = scratch();
    }

    public SableConfig config() {
        return cfg;
    }

    /** The continuous policy's state-independent log_std {@code [A]} (σ = softplus(log_std) + 1e-3), or null if discrete. */
    public Parameters.Param logStd() {
        return logStd;
    }

    /** Zero memories for {@code envs} environments in this network's data type. */
    public SableMemory newMemory(int envs) {
        return new SableMemory(cfg, envs, dataType);
    }

    // ------------------------------------------------------------------------------------------ training

    /**
     * Teacher-forced chunkwise pass over {@code chunk.rows()} tokens.
     *
     * @param obs    {@code [R, obsDim]}; kept by reference for {@link #backward}
     * @param tokens {@code [R, tokenDim]} decoder inputs (see {@link #discreteTokens}); kept by reference
     * @param memory memories at the start of the chunk, or null for zeros; not modified
     * @param out    {@code [R, A]} logits or means
     * @param value  {@code [R, 1]}
     */
    public void forwardTrain(INDArray obs, INDArray tokens, RetentionChunk chunk, SableMemory memory,
                             INDArray out, INDArray value) {
        int rows = chunk.rows();
        if (memory != null && memory.envs() != chunk.envs()) {
            throw new IllegalArgumentException("memory holds " + memory.envs() + " envs, chunk has " + chunk.envs());
        }
        INDArray e = encode(obs, rows, chunk, null, 0, memory, value);
        decode(tokens, e, rows, chunk, null, memory, out);
        savedObs = obs;
        savedTokens = tokens;
        savedRows = rows;
        trainSaved = true;
    }

    /**
     * Backward of the latest {@link #forwardTrain}: accumulates every parameter gradient (the memory at the
     * chunk start is treated as a constant, as in the reference).
     *
     * @param dOut   {@code [R, A]} gradient of the logits or means
     * @param dValue {@code [R, 1]} gradient of the values
     */
    public void backward(INDArray dOut, INDArray dValue) {
        if (!trainSaved) {
            throw new IllegalStateException("SableNetwork.backward needs a preceding forwardTrain with no acting call in between");
        }
        int rows = savedRows;
        int nb = cfg.nBlock();
        INDArray g1 = grad[0].get(rows, d);
        INDArray g2 = grad[1].get(rows, d);
        INDArray g3 = grad[2].get(rows, d);
        INDArray g4 = grad[3].get(rows, d);
        INDArray g5 = grad[4].get(rows, d);
        INDArray dE = gradEnc.get(rows, d);
        dE.assign(0);

        // decoder head
        headDense2.backward(head3.get(rows, d), dOut, g1);
        headNorm.backward(head2.get(rows, d), g1, g2);
        Activation.GELU.backward(head1.get(rows, d), g2, g2);
        headDense1.backward(decAct[nb].get(rows, d), g2, g3);
        INDArray dx = g3;
        INDArray e = encAct[nb].get(rows, d);
        for (int i = nb - 1; i >= 0; i--) {
            decNorm3[i].backward(decSum3[i].get(rows, d), dx, g1);
            decFfn[i].backward(g1, g2);
            g2.addi(g1);                                          // dy
            decNorm2[i].backward(decSum2[i].get(rows, d), g2, g3);
            dE.addi(g3);                                          // residual from e
            decCross[i].backward(g3, null, g4, g5, g4, null);     // key = value = x1, query = e
            dE.addi(g5);
            decNorm1[i].backward(decSum1[i].get(rows, d), g4, g1);
            decSelf[i].backward(g1, null, g2, g2, g2, null);
            g2.addi(g1);                                          // dx_i
            dx = g2;
        }
        tokNorm.backward(tokAct.get(rows, d), dx, g1);
        Activation.GELU.backward(tokPre.get(rows, d), g1, g1);
        tokDense.backward(savedTokens, g1, null);

        // encoder: value head, then blocks in reverse
        valueDense2.backward(value3.get(rows, d), dValue, g1);
        valueNorm.backward(value2.get(rows, d), g1, g2);
        Activation.GELU.backward(value1.get(rows, d), g2, g2);
        valueDense1.backward(e, g2, g3);
        dE.addi(g3);
        INDArray de = dE;
        for (int i = nb - 1; i >= 0; i--) {
            encNorm2[i].backward(encSum2[i].get(rows, d), de, g1);
            encFfn[i].backward(g1, g2);
            g2.addi(g1);                                          // dh
            encNorm1[i].backward(encSum1[i].get(rows, d), g2, g3);
            encRet[i].backward(g3, null, g4, g4, g4, null);
            g4.addi(g3);                                          // d(block input)
            sharedNorm.backward(encAct[i].get(rows, d), g4, g5);
            de = g5;
        }
        Activation.GELU.backward(obsPre.get(rows, d), de, g1);
        INDArray dObsNormed = gradObs1.get(rows, cfg.obsDim());
        obsDense.backward(obsNormed.get(rows, cfg.obsDim()), g1, dObsNormed);
        obsNorm.backward(savedObs, dObsNormed, gradObs2.get(rows, cfg.obsDim()));
    }

    // ------------------------------------------------------------------------------------------ acting

    /**
     * Acting, part 1: starts a timestep for B envs (decays every memory once, zeroes those of envs whose
     * observation starts a new episode) and encodes all N agents' observations.
     *
     * @param obs       {@code [B*N, obsDim]}, rows {@code b*N + i}
     * @param stepCount {@code [B]} episode step counters
     * @param reset     {@code [B]} episode-start flags, or null
     * @param value     {@code [B*N, 1]} output
     */
    public void encodeStep(INDArray obs, int agents, int[] stepCount, boolean[] reset, SableMemory memory,
                           INDArray value) {
        int envs = memory.envs();
        if (agents < 1 || obs.size(0) != (long) envs * agents) {
            throw new IllegalArgumentException("obs must have envs*agents = " + envs + "*" + agents + " rows, got "
                    + obs.size(0));
        }
        trainSaved = false;
        for (int i = 0; i < cfg.nBlock(); i++) {
            encRet[i].beginTimestep(memory.encoder(i), reset);
            decSelf[i].beginTimestep(memory.decoderSelf(i), reset);
            decCross[i].beginTimestep(memory.decoderCross(i), reset);
        }
        int rows = envs * agents;
        INDArray e = encode(obs, rows, null, stepCount, agents, memory, value);
        actEncoded.get(rows, d).assign(e);
        actAgents = agents;
    }

    /**
     * Acting, part 2: decodes agent {@code agent} of every env (call for agent 0..N−1 in order after
     * {@link #encodeStep}).
     *
     * @param tokens {@code [B, tokenDim]}: the start token for agent 0, else the previous agent's action
     * @param out    {@code [B, A]} logits or means
     */
    public void decodeStep(int agent, INDArray tokens, int[] stepCount, SableMemory memory, INDArray out) {
        int envs = memory.envs();
        if (agent < 0 || agent >= actAgents) {
            throw new IllegalArgumentException("agent must be in [0, " + actAgents + ") after encodeStep, got " + agent);
        }
        trainSaved = false;
        HostView all = HostView.of(actEncoded.get((long) envs * actAgents, d));
        INDArray eAgent = actAgentEnc.get(envs, d);
        HostView one = HostView.of(eAgent);
        int allRows = envs * actAgents;
        for (int c = 0; c < d; c++) {
            for (int b = 0; b < envs; b++) {
                one.set(b + c * envs, all.get(b * actAgents + agent + c * allRows));
            }
        }
        decode(tokens, eAgent, envs, null, stepCount, memory, out);
    }

    /**
     * Discrete decoder tokens for a teacher-forced pass: row {@code t*N + i} of each env gets the
     * start flag (column 0) when i = 0, else the one-hot of the action of row {@code t*N + i − 1}
     * (column 1 + action).
     *
     * @param actions {@code [R]} actions in row order (the epoch's agent order)
     * @param tokens  {@code [R, A+1]} output
     */
    public static void discreteTokens(int[] actions, int agents, int numActions, INDArray tokens) {
        int rows = (int) tokens.size(0);
        if (tokens.size(1) != numActions + 1 || actions.length < rows || rows % agents != 0) {
            throw new IllegalArgumentException("discreteTokens expects tokens [R, " + (numActions + 1)
                    + "] with R a multiple of " + agents + " and R actions, got " + java.util.Arrays.toString(tokens.shape())
                    + " and " + actions.length + " actions");
        }
        if (tokens.ordering() != 'f' || tokens.elementWiseStride() != 1) {
            throw new IllegalArgumentException("discreteTokens needs a dense 'f'-ordered tokens matrix, got order "
                    + tokens.ordering() + " strides " + java.util.Arrays.toString(tokens.stride()));
        }
        tokens.assign(0);
        HostView t = HostView.of(tokens);
        for (int r = 0; r < rows; r++) {
            if (r % agents == 0) {
                t.set(r, 1.0);
            } else {
                int a = actions[r - 1];
                if (a < 0 || a >= numActions) {
                    throw new IllegalArgumentException("action of row " + (r - 1) + " must be in [0, " + numActions
                            + "), got " + a);
                }
                t.set(r + (1 + a) * rows, 1.0);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ shared

    /** Encoder over {@code rows} tokens: chunkwise when {@code chunk != null}, else one recurrent timestep. */
    private INDArray encode(INDArray obs, int rows, RetentionChunk chunk, int[] stepCount, int agents,
                            SableMemory memory, INDArray value) {
        INDArray on = obsNormed.get(rows, cfg.obsDim());
        obsNorm.forward(obs, on);
        INDArray pre = obsPre.get(rows, d);
        obsDense.forward(on, pre);
        INDArray e = encAct[0].get(rows, d);
        Activation.GELU.forward(pre, e);
        for (int i = 0; i < cfg.nBlock(); i++) {
            INDArray x = encIn[i].get(rows, d);
            sharedNorm.forward(e, x);
            INDArray r = encRetOut[i].get(rows, d);
            INDArray mem = memory == null ? null : memory.encoder(i);
            if (chunk != null) {
                encRet[i].forwardChunk(x, x, x, chunk, mem, r, null);
            } else {
                encRet[i].forwardRecurrent(x, x, x, stepCount, agents, mem, r);
            }
            INDArray s1 = encSum1[i].get(rows, d);
            x.add(r, s1);
            INDArray h = encMid[i].get(rows, d);
            encNorm1[i].forward(s1, h);
            INDArray f = encFfnOut[i].get(rows, d);
            encFfn[i].forward(h, f);
            INDArray s2 = encSum2[i].get(rows, d);
            h.add(f, s2);
            e = encAct[i + 1].get(rows, d);
            encNorm2[i].forward(s2, e);
        }
        INDArray v1 = value1.get(rows, d);
        valueDense1.forward(e, v1);
        INDArray v2 = value2.get(rows, d);
        Activation.GELU.forward(v1, v2);
        INDArray v3 = value3.get(rows, d);
        valueNorm.forward(v2, v3);
        valueDense2.forward(v3, value);
        return e;
    }

    /** Decoder over {@code rows} tokens with encoder output {@code e}; chunkwise or one recurrent agent step. */
    private void decode(INDArray tokens, INDArray e, int rows, RetentionChunk chunk, int[] stepCount,
                        SableMemory memory, INDArray out) {
        INDArray tp = tokPre.get(rows, d);
        tokDense.forward(tokens, tp);
        INDArray ta = tokAct.get(rows, d);
        Activation.GELU.forward(tp, ta);
        INDArray x = decAct[0].get(rows, d);
        tokNorm.forward(ta, x);
        for (int i = 0; i < cfg.nBlock(); i++) {
            INDArray r1 = decRet1[i].get(rows, d);
            INDArray memSelf = memory == null ? null : memory.decoderSelf(i);
            INDArray memCross = memory == null ? null : memory.decoderCross(i);
            if (chunk != null) {
                decSelf[i].forwardChunk(x, x, x, chunk, memSelf, r1, null);
            } else {
                decSelf[i].forwardRecurrent(x, x, x, stepCount, 1, memSelf, r1);
            }
            INDArray s1 = decSum1[i].get(rows, d);
            x.add(r1, s1);
            INDArray x1 = decX1[i].get(rows, d);
            decNorm1[i].forward(s1, x1);
            INDArray r2 = decRet2[i].get(rows, d);
            if (chunk != null) {
                decCross[i].forwardChunk(x1, e, x1, chunk, memCross, r2, null);
            } else {
                decCross[i].forwardRecurrent(x1, e, x1, stepCount, 1, memCross, r2);
            }
            INDArray s2 = decSum2[i].get(rows, d);
            e.add(r2, s2);
            INDArray y = decY[i].get(rows, d);
            decNorm2[i].forward(s2, y);
            INDArray f = decFfnOut[i].get(rows, d);
            decFfn[i].forward(y, f);
            INDArray s3 = decSum3[i].get(rows, d);
            y.add(f, s3);
            x = decAct[i + 1].get(rows, d);
            decNorm3[i].forward(s3, x);
        }
        INDArray h1 = head1.get(rows, d);
        headDense1.forward(x, h1);
        INDArray h2 = head2.get(rows, d);
        Activation.GELU.forward(h1, h2);
        INDArray h3 = head3.get(rows, d);
        headNorm.forward(h2, h3);
        headDense2.forward(h3, out);
    }

    private MultiScaleRetention retention(Parameters.Builder b, String name, RetentionMask mask) {
        return new MultiScaleRetention(b, name, d, cfg.nHead(), cfg.decayScalingFactor(),
                cfg.timestepPositionalEncoding(), mask);
    }

    private ScratchMatrix scratch() {
        return new ScratchMatrix(dataType);
    }

    private ScratchMatrix[] scratches(int n) {
        ScratchMatrix[] s = new ScratchMatrix[n];
        for (int i = 0; i < n; i++) {
            s[i] = scratch();
        }
        return s;
    }
}
