package org.magpo.policy;

import org.magpo.nn.Activation;
import org.magpo.nn.Dense;
import org.magpo.nn.HostView;
import org.magpo.nn.Initializers;
import org.magpo.nn.MultiScaleRetention;
import org.magpo.nn.Parameters;
import org.magpo.nn.RetentionChunk;
import org.magpo.nn.Residual;
import org.magpo.nn.RetentionMask;
import org.magpo.nn.RmsNorm;
import org.magpo.nn.Rng;
import org.magpo.nn.RowBuffer;
import org.magpo.nn.SwiGlu;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recurrent Sable encoder-decoder of MAGPO's guider (ALGORITHM.md §3.1), with a chunkwise,
 * teacher-forced training form (forward and hand-written backward) and a recurrent acting form.
 *
 * <p>Encoder: {@code e = GELU(Dense_d(RMSNorm(obs)))}; per block {@code e = EncBlock(RMSNorm_shared(e))},
 * {@code h = RMSNorm1(x + Ret_full(x))}, {@code out = RMSNorm2(h + SwiGLU(h))}; value
 * {@code V = Dense_1(RMSNorm(GELU(Dense_d(e))))}. Decoder: {@code x = RMSNorm_dec(RMSNorm(GELU(Dense_d(tok))))};
 * per block {@code x1 = RMSNorm1(x + Ret_self(x))}, {@code y = RMSNorm2(e + Ret_cross(key=x1, query=e, value=x1))},
 * {@code x = RMSNorm3(y + SwiGLU(y))}; head {@code Dense_A(RMSNorm(GELU(Dense_d(x))))}.
 *
 * <p>Training rows are tokens {@code b*T*N + t*N + i}: obs {@code [R, obsDim]}, tokens {@code [R, tokenDim]},
 * head {@code [R, headDim]}, value {@code [R, 1]}, all 'f'-ordered. Acting runs one timestep of
 * {@code E} envs: {@link #encodeStep} on {@code [E*N, obsDim]} (rows {@code e*N + i}), then
 * {@link #decodeStep} once per agent on {@code [E, tokenDim]}; acting runs the retention layers through
 * {@link RecurrentRetention} on an {@link ActingMemory}. Acting and training share some layers' saved
 * state, so {@link #backward} must follow its {@link #forward} without acting in between (refused).
 */
public final class SableNetwork {
    private final SableConfig config;
    private final Parameters params;

    private final RmsNorm obsNorm;
    private final Dense obsEmbed;
    private final RmsNorm encBlockNorm;
    private final MultiScaleRetention[] encRet;
    private final RmsNorm[] encNorm1;
    private final RmsNorm[] encNorm2;
    private final SwiGlu[] encFfn;
    private final Dense valueHidden;
    private final RmsNorm valueNorm;
    private final Dense valueOut;

    private final Dense tokEmbed;
    private final RmsNorm tokNorm;
    private final RmsNorm decNorm;
    private final MultiScaleRetention[] decSelf;
    private final MultiScaleRetention[] decCross;
    private final RmsNorm[] decNorm1;
    private final RmsNorm[] decNorm2;
    private final RmsNorm[] decNorm3;
    private final SwiGlu[] decFfn;
    private final Dense headHidden;
    private final RmsNorm headNorm;
    private final Dense headOut;
    private final Parameters.Param logStd;

    private final EncoderTrace trainEnc;
    private final DecoderTrace trainDec;
    private final Grads grads;
    private final EncoderTrace actEnc;
    private final DecoderTrace actDec;
    private final RowBuffer actQuery;
    private final RecurrentRetention[] actEncRet;
    private final RecurrentRetention[] actSelfRet;
    private final RecurrentRetention[] actCrossRet;
    private final double[] actFactor;

    // what the latest training forward saw, for backward
    private int trainRows = -1;
    private INDArray trainObs;
    private INDArray trainTokens;

    // what the latest acting encoder step produced, for decodeStep
    private int actEnvs = -1;

    /**
     * @param trainingRows the most tokens {@code B*T*N} one training forward will see
     * @param actingEnvs   the most environments one acting step will see
     * @param dataType     FLOAT for training, DOUBLE for gradient checks
     * @param rng          initialisation randomness (consumed in parameter registration order)
     */
    public SableNetwork(SableConfig config, int trainingRows, int actingEnvs, DataType dataType, Rng rng) {
        this(config, trainingRows, actingEnvs, dataType, rng, null);
    }

    /**
     * A network that shares this one's parameters (values and gradients) and has its own activations and acting
     * state, so that it can act on other envs on another thread while this one acts; its training forward
     * holds one timestep.
     *
     * @param actingEnvs the most environments one acting step of the replica will see
     */
    public SableNetwork replica(int actingEnvs) {
        return new SableNetwork(config, config.agents(), actingEnvs, params.dataType(), null, params);
    }

    private SableNetwork(SableConfig config, int trainingRows, int actingEnvs, DataType dataType, Rng rng,
                         Parameters shared) {
        if (trainingRows < 1) {
            throw new IllegalArgumentException("SableNetwork trainingRows must be >= 1, got " + trainingRows);
        }
        if (actingEnvs < 1) {
            throw new IllegalArgumentException("SableNetwork actingEnvs must be >= 1, got " + actingEnvs);
        }
        this.config = config;
        int d = config.embedDim();
        int nBlock = config.nBlock();
        double sqrt2 = Math.sqrt(2);
        Parameters.Builder b = new Parameters.Builder(dataType);

        obsNorm = new RmsNorm(b, "encoder/obs_norm", config.obsDim());
        obsEmbed = new Dense(b, "encoder/obs_embed", config.obsDim(), d, false, Initializers.orthogonal(sqrt2), null);
        encBlockNorm = new RmsNorm(b, "encoder/block_norm", d);
        encRet = new MultiScaleRetention[nBlock];
        encNorm1 = new RmsNorm[nBlock];
        encNorm2 = new RmsNorm[nBlock];
        encFfn = new SwiGlu[nBlock];
        for (int k = 0; k < nBlock; k++) {
            String p = "encoder/block" + k;
            encRet[k] = new MultiScaleRetention(b, p + "/retention", d, config.nHead(), config.decayScalingFactor(),
                    config.positionalEncoding(), RetentionMask.FULL_TIMESTEP);
            encNorm1[k] = new RmsNorm(b, p + "/norm1", d);
            encNorm2[k] = new RmsNorm(b, p + "/norm2", d);
            encFfn[k] = new SwiGlu(b, p + "/ffn", d, d);
        }
        valueHidden = new Dense(b, "encoder/value_hidden", d, d, Initializers.orthogonal(sqrt2));
        valueNorm = new RmsNorm(b, "encoder/value_norm", d);
        valueOut = new Dense(b, "encoder/value_out", d, 1, Initializers.orthogonal(0.01));

        tokEmbed = new Dense(b, "decoder/token_embed", config.tokenDim(), d, config.continuous(),
                Initializers.orthogonal(sqrt2), Initializers.zeros());
        tokNorm = new RmsNorm(b, "decoder/token_norm", d);
        decNorm = new RmsNorm(b, "decoder/block_norm", d);
        decSelf = new MultiScaleRetention[nBlock];
        decCross = new MultiScaleRetention[nBlock];
        decNorm1 = new RmsNorm[nBlock];
        decNorm2 = new RmsNorm[nBlock];
        decNorm3 = new RmsNorm[nBlock];
        decFfn = new SwiGlu[nBlock];
        for (int k = 0; k < nBlock; k++) {
            String p = "decoder/block" + k;
            decSelf[k] = new MultiScaleRetention(b, p + "/self_retention", d, config.nHead(),
                    config.decayScalingFactor(), config.positionalEncoding(), RetentionMask.CAUSAL);
            decCross[k] = new MultiScaleRetention(b, p + "/cross_retention", d, config.nHead(),
                    config.decayScalingFactor(), config.positionalEncoding(), RetentionMask.CAUSAL);
            decNorm1[k] = new RmsNorm(b, p + "/norm1", d);
            decNorm2[k] = new RmsNorm(b, p + "/norm2", d);
            decNorm3[k] = new RmsNorm(b, p + "/norm3", d);
            decFfn[k] = new SwiGlu(b, p + "/ffn", d, d);
        }
        headHidden = new Dense(b, "decoder/head_hidden", d, d, Initializers.orthogonal(sqrt2));
        headNorm = new RmsNorm(b, "decoder/head_norm", d);
        headOut = new Dense(b, "decoder/head_out", d, config.headDim(), Initializers.orthogonal(0.01));
        logStd = config.continuous()
                ? b.add("decoder/log_std", new long[] {config.headDim()}, Initializers.zeros()) : null;
        params = shared == null ? b.build(rng) : b.buildSharing(shared);

        trainEnc = new EncoderTrace(dataType, trainingRows, config);
        trainDec = new DecoderTrace(dataType, trainingRows, config);
        grads = new Grads(dataType, trainingRows, config);
        int agents = config.agents();
        actEnc = new EncoderTrace(dataType, Math.multiplyExact(actingEnvs, agents), config);
        actDec = new DecoderTrace(dataType, actingEnvs, config);
        actQuery = new RowBuffer(dataType, actingEnvs, d);
        actEncRet = new RecurrentRetention[nBlock];
        actSelfRet = new RecurrentRetention[nBlock];
        actCrossRet = new RecurrentRetention[nBlock];
        boolean pe = config.positionalEncoding();
        for (int k = 0; k < nBlock; k++) {
            actEncRet[k] = new RecurrentRetention(encRet[k], params, "encoder/block" + k + "/retention", pe,
                    actingEnvs * agents, agents, actingEnvs);
            actSelfRet[k] = new RecurrentRetention(decSelf[k], params, "decoder/block" + k + "/self_retention", pe,
                    actingEnvs, agents, actingEnvs);
            actCrossRet[k] = new RecurrentRetention(decCross[k], params, "decoder/block" + k + "/cross_retention", pe,
                    actingEnvs, agents, actingEnvs);
        }
        actFactor = new double[actingEnvs * config.nHead()];
    }

    public SableConfig config() {
        return config;
    }

    /** All trainable parameters (flat buffers for the optimiser). */
    public Parameters parameters() {
        return params;
    }

    /** The state-independent {@code log_std [D]} of a continuous head, or null for a discrete one. */
    public Parameters.Param logStd() {
        return logStd;
    }

    // ---------------------------------------------------------------------------------------- training

    /**
     * Teacher-forced chunkwise forward over {@code chunk.envs()} sequences of {@code T*N} tokens.
     *
     * @param obs    {@code [R, obsDim]} 'f'; kept by reference until {@link #backward}
     * @param tokens {@code [R, tokenDim]} decoder input tokens; kept by reference until {@link #backward}
     * @param chunk  token layout, step counters and episode starts
     * @param memory the memories at the start of each sequence ({@code chunk.envs()} envs); read only
     * @param head   {@code [R, headDim]} output logits or means
     * @param value  {@code [R, 1]} output values
     */
    public void forward(INDArray obs, INDArray tokens, RetentionChunk chunk, SableMemory memory, INDArray head,
                        INDArray value) {
        int rows = chunk.rows();
        if (chunk.agents() != config.agents()) {
            throw new IllegalArgumentException("chunk agents must be " + config.agents() + ", got " + chunk.agents());
        }
        if (rows > trainEnc.capacity) {
            throw new IllegalArgumentException("training forward of " + rows + " tokens exceeds the capacity of "
                    + trainEnc.capacity + " tokens (maxTrainingTokens)");
        }
        if (memory.envs() != chunk.envs()) {
            throw new IllegalArgumentException("memory must hold " + chunk.envs() + " envs, got " + memory.envs());
        }
        INDArray e = encode(trainEnc, obs, rows, chunk, memory, null, null, value);
        decode(trainDec, tokens, e, rows, chunk, memory, null, null, -1, head);
        trainRows = rows;
        trainObs = obs;
        trainTokens = tokens;
    }

    /**
     * Backward of the latest {@link #forward}: accumulates every parameter's gradient (log_std excluded:
     * the distribution writes it).
     *
     * @param dHead  {@code [R, headDim]} gradient of the head output
     * @param dValue {@code [R, 1]} gradient of the values, or null when the values do not reach the loss
     */
    public void backward(INDArray dHead, INDArray dValue) {
        if (trainRows < 0) {
            throw new IllegalStateException("SableNetwork.backward needs a preceding training forward with no acting "
                    + "in between");
        }
        int rows = trainRows;
        requireRows("dHead", dHead, rows, config.headDim());
        if (dValue != null) {
            requireRows("dValue", dValue, rows, 1);
        }
        INDArray dE = grads.dE.rows(rows);
        backwardDecoder(dHead, rows, dE);
        backwardEncoder(dValue, rows, dE);
    }

    private void backwardDecoder(INDArray dHead, int rows, INDArray dE) {
        DecoderTrace t = trainDec;
        INDArray g1 = grads.g1.rows(rows);
        INDArray g2 = grads.g2.rows(rows);
        INDArray g3 = grads.g3.rows(rows);
        INDArray g4 = grads.g4.rows(rows);
        int last = config.nBlock() - 1;
        headOut.backward(t.hn.rows(rows), dHead, g1);
        headNorm.backward(t.hg.rows(rows), g1, g1);
        Activation.GELU.backward(t.hz.rows(rows), g1, g1);
        headHidden.backward(t.out[last].rows(rows), g1, g2);
        dE.assign(0);
        for (int k = last; k >= 0; k--) {
            // g2 = d(block output)
            decNorm3[k].backward(t.a3[k].rows(rows), g2, g2);
            decFfn[k].backward(g2, g3);
            Residual.add(g3, g2, g3);                            // dy
            decNorm2[k].backward(t.a2[k].rows(rows), g3, g3);    // da2 = d(e + cross)
            Residual.add(dE, g3, dE);
            decCross[k].backward(g3, null, g1, g4, g1, null);    // g1 = dx1 (key and value), g4 = de (query)
            Residual.add(dE, g4, dE);
            decNorm1[k].backward(t.a1[k].rows(rows), g1, g1);    // da1 = d(x + self)
            decSelf[k].backward(g1, null, g2, g2, g2, null);
            Residual.add(g2, g1, g2);                            // d(block input)
        }
        decNorm.backward(t.tn.rows(rows), g2, g2);
        tokNorm.backward(t.tg.rows(rows), g2, g2);
        Activation.GELU.backward(t.tz.rows(rows), g2, g2);
        tokEmbed.backward(trainTokens, g2, null);
    }

    private void backwardEncoder(INDArray dValue, int rows, INDArray dE) {
        EncoderTrace t = trainEnc;
        INDArray g1 = grads.g1.rows(rows);
        INDArray g2 = grads.g2.rows(rows);
        INDArray g3 = grads.g3.rows(rows);
        int last = config.nBlock() - 1;
        if (dValue != null) {
            valueOut.backward(t.vn.rows(rows), dValue, g1);
            valueNorm.backward(t.vg.rows(rows), g1, g1);
            Activation.GELU.backward(t.vz.rows(rows), g1, g1);
            valueHidden.backward(t.out[last].rows(rows), g1, g2);
            Residual.add(g2, dE, g2);
        } else {
            g2.assign(dE);
        }
        for (int k = last; k >= 0; k--) {
            // g2 = d(block output)
            encNorm2[k].backward(t.a2[k].rows(rows), g2, g2);
            encFfn[k].backward(g2, g3);
            Residual.add(g3, g2, g3);                            // dh
            encNorm1[k].backward(t.a1[k].rows(rows), g3, g3);    // d(xb + ret)
            encRet[k].backward(g3, null, g1, g1, g1, null);
            Residual.add(g1, g3, g1);                            // dxb
            INDArray blockIn = k == 0 ? t.e0.rows(rows) : t.out[k - 1].rows(rows);
            encBlockNorm.backward(blockIn, g1, g2);
        }
        Activation.GELU.backward(t.z.rows(rows), g2, g2);
        INDArray gObs = grads.gObs.rows(rows);
        obsEmbed.backward(t.on.rows(rows), g2, gObs);
        obsNorm.backward(trainObs, gObs, gObs);
    }

    // ---------------------------------------------------------------------------------------- acting

    /**
     * Starts a timestep of acting for {@code envs} envs: every memory will be decayed once by κ_h, or zeroed
     * where the env's observation starts a new episode. The decay is applied lazily, as the memories are
     * next updated by {@link #encodeStep} and by the last agent's {@link #decodeStep}.
     *
     * @param episodeStart {@code [E]}, or null for none
     */
    public void beginTimestep(int envs, boolean[] episodeStart) {
        int nHead = config.nHead();
        if (envs < 1 || envs * nHead > actFactor.length) {
            throw new IllegalArgumentException("envs must be in [1, " + actFactor.length / nHead + "], got " + envs);
        }
        if (episodeStart != null && episodeStart.length < envs) {
            throw new IllegalArgumentException("episodeStart must hold one flag per env (" + envs + "), got "
                    + episodeStart.length);
        }
        for (int e = 0; e < envs; e++) {
            boolean start = episodeStart != null && episodeStart[e];
            for (int h = 0; h < nHead; h++) {
                actFactor[e * nHead + h] = start ? 0.0 : encRet[0].decay().kappa(h);
            }
        }
    }

    /**
     * Recurrent encoder over one timestep of {@code E = memory.envs()} envs (all agents at once); updates the
     * encoder memories and keeps the encoder output for the {@link #decodeStep} calls of this timestep.
     * Call {@link #beginTimestep} first.
     *
     * @param obs       {@code [E*N, obsDim]} 'f', rows {@code e*N + i}
     * @param stepCount {@code [E]} episode step counters
     * @param value     {@code [E*N, 1]} output values
     */
    public void encodeStep(INDArray obs, int[] stepCount, ActingMemory memory, INDArray value) {
        int envs = memory.envs();
        int rows = envs * config.agents();
        if (rows > actEnc.capacity) {
            throw new IllegalArgumentException("acting step of " + envs + " envs exceeds actingEnvs = "
                    + actEnc.capacity / config.agents());
        }
        checkStepCount(stepCount, envs);
        trainRows = -1;   // acting reuses the layers' saved activations (SwiGlu): the training backward is gone
        encode(actEnc, obs, rows, null, null, memory, stepCount, value);
        actEnvs = envs;
    }

    /**
     * Recurrent decoder for agent {@code agent} of every env (call agents 0..N−1 in order after
     * {@link #encodeStep}); the decoder memories advance after the last agent.
     *
     * @param tokens {@code [E, tokenDim]} the agent's input token (start token or previous agent's action)
     * @param head   {@code [E, headDim]} output logits or means
     */
    public void decodeStep(int agent, INDArray tokens, int[] stepCount, ActingMemory memory, INDArray head) {
        int envs = memory.envs();
        if (envs != actEnvs) {
            throw new IllegalStateException("decodeStep for " + envs + " envs must follow an encodeStep of the same "
                    + "envs (last encodeStep: " + actEnvs + ")");
        }
        if (agent < 0 || agent >= config.agents()) {
            throw new IllegalArgumentException("agent must be in [0, " + config.agents() + "), got " + agent);
        }
        checkStepCount(stepCount, envs);
        int n = config.agents();
        int d = config.embedDim();
        HostView e = HostView.ofDense(actEnc.out[config.nBlock() - 1].rows(envs * n));
        INDArray query = actQuery.rows(envs);
        HostView q = HostView.ofDense(query);
        for (int c = 0; c < d; c++) {
            int src = c * envs * n + agent;
            int dst = c * envs;
            for (int r = 0; r < envs; r++) {
                q.set(dst + r, e.get(src + r * n));
            }
        }
        decode(actDec, tokens, query, envs, null, null, memory, stepCount, agent, head);
        if (agent == n - 1) {
            for (int k = 0; k < config.nBlock(); k++) {
                actSelfRet[k].commit(memory, memory.selfPart(k), actFactor, envs);
                actCrossRet[k].commit(memory, memory.crossPart(k), actFactor, envs);
            }
        }
    }

    private static void checkStepCount(int[] stepCount, int envs) {
        if (stepCount == null || stepCount.length < envs) {
            throw new IllegalArgumentException("stepCount must hold one counter per env (" + envs + "), got "
                    + (stepCount == null ? "null" : stepCount.length));
        }
    }

    // ---------------------------------------------------------------------------------------- shared

    /** Encoder forward; returns the encoder output {@code [rows, d]} (a view of the trace). */
    private INDArray encode(EncoderTrace t, INDArray obs, int rows, RetentionChunk chunk, SableMemory trainMemory,
                            ActingMemory actMemory, int[] stepCount, INDArray value) {
        requireRows("obs", obs, rows, config.obsDim());
        requireRows("value", value, rows, 1);
        INDArray on = t.on.rows(rows);
        INDArray z = t.z.rows(rows);
        INDArray cur = t.e0.rows(rows);
        obsNorm.forward(obs, on);
        obsEmbed.forward(on, z);
        Activation.GELU.forward(z, cur);
        for (int k = 0; k < config.nBlock(); k++) {
            INDArray xb = t.xb[k].rows(rows);
            INDArray r = t.r[k].rows(rows);
            INDArray a1 = t.a1[k].rows(rows);
            INDArray h = t.h[k].rows(rows);
            INDArray f = t.f[k].rows(rows);
            INDArray a2 = t.a2[k].rows(rows);
            INDArray out = t.out[k].rows(rows);
            encBlockNorm.forward(cur, xb);
            if (chunk != null) {
                encRet[k].forwardChunk(xb, xb, xb, chunk, trainMemory.encoder(k), r, null);
            } else {
                actEncRet[k].forwardTimestep(xb, stepCount, config.agents(), actMemory, actMemory.encoderPart(k), actFactor,
                        r);
            }
            Residual.add(xb, r, a1);
            encNorm1[k].forward(a1, h);
            encFfn[k].forward(h, f);
            Residual.add(h, f, a2);
            encNorm2[k].forward(a2, out);
            cur = out;
        }
        INDArray vz = t.vz.rows(rows);
        INDArray vg = t.vg.rows(rows);
        INDArray vn = t.vn.rows(rows);
        valueHidden.forward(cur, vz);
        Activation.GELU.forward(vz, vg);
        valueNorm.forward(vg, vn);
        valueOut.forward(vn, value);
        return cur;
    }

    /** Decoder forward over {@code rows} tokens whose encoder rows are {@code e}. */
    private void decode(DecoderTrace t, INDArray tokens, INDArray e, int rows, RetentionChunk chunk,
                        SableMemory trainMemory, ActingMemory actMemory, int[] stepCount, int agent, INDArray head) {
        requireRows("tokens", tokens, rows, config.tokenDim());
        requireRows("head", head, rows, config.headDim());
        INDArray tz = t.tz.rows(rows);
        INDArray tg = t.tg.rows(rows);
        INDArray tn = t.tn.rows(rows);
        INDArray cur = t.x0.rows(rows);
        tokEmbed.forward(tokens, tz);
        Activation.GELU.forward(tz, tg);
        tokNorm.forward(tg, tn);
        decNorm.forward(tn, cur);
        for (int k = 0; k < config.nBlock(); k++) {
            INDArray s = t.s[k].rows(rows);
            INDArray a1 = t.a1[k].rows(rows);
            INDArray x1 = t.x1[k].rows(rows);
            INDArray c = t.c[k].rows(rows);
            INDArray a2 = t.a2[k].rows(rows);
            INDArray y = t.y[k].rows(rows);
            INDArray f = t.f[k].rows(rows);
            INDArray a3 = t.a3[k].rows(rows);
            INDArray out = t.out[k].rows(rows);
            if (chunk != null) {
                decSelf[k].forwardChunk(cur, cur, cur, chunk, trainMemory.decoderSelf(k), s, null);
            } else {
                actSelfRet[k].forwardToken(cur, cur, cur, stepCount, agent, actMemory, actMemory.selfPart(k), actFactor,
                        s);
            }
            Residual.add(cur, s, a1);
            decNorm1[k].forward(a1, x1);
            if (chunk != null) {
                decCross[k].forwardChunk(x1, e, x1, chunk, trainMemory.decoderCross(k), c, null);
            } else {
                actCrossRet[k].forwardToken(x1, e, x1, stepCount, agent, actMemory, actMemory.crossPart(k), actFactor,
                        c);
            }
            Residual.add(e, c, a2);
            decNorm2[k].forward(a2, y);
            decFfn[k].forward(y, f);
            Residual.add(y, f, a3);
            decNorm3[k].forward(a3, out);
            cur = out;
        }
        INDArray hz = t.hz.rows(rows);
        INDArray hg = t.hg.rows(rows);
        INDArray hn = t.hn.rows(rows);
        headHidden.forward(cur, hz);
        Activation.GELU.forward(hz, hg);
        headNorm.forward(hg, hn);
        headOut.forward(hn, head);
    }

    private static void requireRows(String what, INDArray a, int rows, int cols) {
        if (a == null || a.rank() != 2 || a.size(0) != rows || a.size(1) != cols) {
            throw new IllegalArgumentException("SableNetwork: " + what + " must be [" + rows + ", " + cols + "], got "
                    + (a == null ? "null" : java.util.Arrays.toString(a.shape())));
        }
        if (a.ordering() != 'f' || !HostView.isDense(a)) {
            throw new IllegalArgumentException("SableNetwork: " + what + " must be a dense 'f'-ordered array, got order "
                    + a.ordering() + " strides " + java.util.Arrays.toString(a.stride()));
        }
    }

    /** Encoder activations kept for backward, for up to {@code capacity} rows. */
    private static final class EncoderTrace {
        final int capacity;
        final RowBuffer on;
        final RowBuffer z;
        final RowBuffer e0;
        final RowBuffer[] xb;
        final RowBuffer[] r;
        final RowBuffer[] a1;
        final RowBuffer[] h;
        final RowBuffer[] f;
        final RowBuffer[] a2;
        final RowBuffer[] out;
        final RowBuffer vz;
        final RowBuffer vg;
        final RowBuffer vn;

        EncoderTrace(DataType t, int capacity, SableConfig c) {
            this.capacity = capacity;
            int d = c.embedDim();
            on = new RowBuffer(t, capacity, c.obsDim());
            z = new RowBuffer(t, capacity, d);
            e0 = new RowBuffer(t, capacity, d);
            xb = perBlock(t, capacity, d, c.nBlock());
            r = perBlock(t, capacity, d, c.nBlock());
            a1 = perBlock(t, capacity, d, c.nBlock());
            h = perBlock(t, capacity, d, c.nBlock());
            f = perBlock(t, capacity, d, c.nBlock());
            a2 = perBlock(t, capacity, d, c.nBlock());
            out = perBlock(t, capacity, d, c.nBlock());
            vz = new RowBuffer(t, capacity, d);
            vg = new RowBuffer(t, capacity, d);
            vn = new RowBuffer(t, capacity, d);
        }
    }

    /** Decoder activations kept for backward, for up to {@code capacity} rows. */
    private static final class DecoderTrace {
        final RowBuffer tz;
        final RowBuffer tg;
        final RowBuffer tn;
        final RowBuffer x0;
        final RowBuffer[] s;
        final RowBuffer[] a1;
        final RowBuffer[] x1;
        final RowBuffer[] c;
        final RowBuffer[] a2;
        final RowBuffer[] y;
        final RowBuffer[] f;
        final RowBuffer[] a3;
        final RowBuffer[] out;
        final RowBuffer hz;
        final RowBuffer hg;
        final RowBuffer hn;

        DecoderTrace(DataType t, int capacity, SableConfig cfg) {
            int d = cfg.embedDim();
            int n = cfg.nBlock();
            tz = new RowBuffer(t, capacity, d);
            tg = new RowBuffer(t, capacity, d);
            tn = new RowBuffer(t, capacity, d);
            x0 = new RowBuffer(t, capacity, d);
            s = perBlock(t, capacity, d, n);
            a1 = perBlock(t, capacity, d, n);
            x1 = perBlock(t, capacity, d, n);
            c = perBlock(t, capacity, d, n);
            a2 = perBlock(t, capacity, d, n);
            y = perBlock(t, capacity, d, n);
            f = perBlock(t, capacity, d, n);
            a3 = perBlock(t, capacity, d, n);
            out = perBlock(t, capacity, d, n);
            hz = new RowBuffer(t, capacity, d);
            hg = new RowBuffer(t, capacity, d);
            hn = new RowBuffer(t, capacity, d);
        }
    }

    /** Gradient work buffers of the training backward. */
    private static final class Grads {
        final RowBuffer g1;
        final RowBuffer g2;
        final RowBuffer g3;
        final RowBuffer g4;
        final RowBuffer dE;
        final RowBuffer gObs;

        Grads(DataType t, int capacity, SableConfig c) {
            int d = c.embedDim();
            g1 = new RowBuffer(t, capacity, d);
            g2 = new RowBuffer(t, capacity, d);
            g3 = new RowBuffer(t, capacity, d);
            g4 = new RowBuffer(t, capacity, d);
            dE = new RowBuffer(t, capacity, d);
            gObs = new RowBuffer(t, capacity, c.obsDim());
        }
    }

    private static RowBuffer[] perBlock(DataType t, int capacity, int width, int blocks) {
        RowBuffer[] b = new RowBuffer[blocks];
        for (int k = 0; k < blocks; k++) {
            b[k] = new RowBuffer(t, capacity, width);
        }
        return b;
    }
}
