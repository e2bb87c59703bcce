package org.magpo.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The learner network of MAGPO (Mava's {@code RecurrentActor}, parameter-shared across agents):
 * {@code Dense(H, orth sqrt2) -> ReLU -> GRU(H) -> Dense(H, orth sqrt2) -> ReLU -> Dense(outDim, orth 0.01)},
 * all biases zero-initialised, plus a state-independent {@code log_std [outDim]} (zeros) when the
 * action space is continuous. The head output is the logits or the Gaussian mean; turning it into a
 * distribution is {@code org.magpo.dist}'s job, which also accumulates into {@link #logStd()}'s gradient.
 *
 * <p>Rows are time-major: row {@code t*B + b} with {@code B = envs * agents}. Buffers for
 * {@code capacity} rows are preallocated, so {@link #forwardSequence}/{@link #backwardSequence}
 * allocate nothing large; {@link #step} uses its own buffers, so acting between a forward and its
 * backward is safe.
 */
public final class RecurrentActorNetwork {
    private final RecurrentActorConfig config;
    private final Parameters params;
    private final Dense pre;
    private final GruCell gru;
    private final Dense post;
    private final Dense head;
    private final Parameters.Param logStd;

    private final RowBuffer preZ;
    private final RowBuffer preA;
    private final RowBuffer gruOut;
    private final RowBuffer postZ;
    private final RowBuffer postA;
    private final RowBuffer gradA;
    private final RowBuffer gradB;

    private INDArray cachedObs;
    private int cachedT = -1;
    private int cachedB = -1;

    private RowBuffer stepZ;
    private RowBuffer stepA;

    /**
     * @param dataType FLOAT for training, DOUBLE for gradient checks
     * @param rng      initialisation randomness (consumed in parameter registration order)
     */
    public RecurrentActorNetwork(RecurrentActorConfig config, DataType dataType, Rng rng) {
        this(config, dataType, rng, null);
    }

    /**
     * A network that shares this one's parameters (values and gradients) and has its own buffers, so that it
     * can step other rows on another thread while this one steps; its training forward holds {@code capacity}
     * rows.
     */
    public RecurrentActorNetwork replica(int capacity) {
        RecurrentActorConfig c = new RecurrentActorConfig(config.obsDim(), config.outDim(), config.hiddenSize(),
                config.continuous(), capacity);
        return new RecurrentActorNetwork(c, params.dataType(), null, params);
    }

    private RecurrentActorNetwork(RecurrentActorConfig config, DataType dataType, Rng rng, Parameters shared) {
        this.config = config;
        int h = config.hiddenSize();
        int cap = config.capacity();
        double sqrt2 = Math.sqrt(2);
        Parameters.Builder pb = new Parameters.Builder(dataType);
        pre = new Dense(pb, "pre", config.obsDim(), h, Initializers.orthogonal(sqrt2));
        gru = new GruCell(pb, "gru", h, h, cap);
        post = new Dense(pb, "post", h, h, Initializers.orthogonal(sqrt2));
        head = new Dense(pb, "head", h, config.outDim(), Initializers.orthogonal(0.01));
        logStd = config.continuous()
                ? pb.add("log_std", new long[] {config.outDim()}, Initializers.zeros()) : null;
        params = shared == null ? pb.build(rng) : pb.buildSharing(shared);
        preZ = new RowBuffer(dataType, cap, h);
        preA = new RowBuffer(dataType, cap, h);
        gruOut = new RowBuffer(dataType, cap, h);
        postZ = new RowBuffer(dataType, cap, h);
        postA = new RowBuffer(dataType, cap, h);
        gradA = new RowBuffer(dataType, cap, h);
        gradB = new RowBuffer(dataType, cap, h);
    }

    public RecurrentActorConfig config() {
        return config;
    }

    /** All trainable parameters (flat buffers for the optimiser). */
    public Parameters parameters() {
        return params;
    }

    /** The state-independent {@code log_std [outDim]}, or null for a discrete head. */
    public Parameters.Param logStd() {
        return logStd;
    }

    public int outDim() {
        return config.outDim();
    }

    public int hiddenSize() {
        return config.hiddenSize();
    }

    /**
     * Forward over a time-major sequence, caching what {@link #backwardSequence} needs.
     *
     * @param obs    {@code [T*B, obsDim]}; must stay unchanged until backward
     * @param resets {@code [T*B]}: true where the row starts a new episode (GRU state zeroed first)
     * @param h0     GRU state before step 0 {@code [B, H]}; not modified
     * @param out    head outputs {@code [T*B, outDim]}
     */
    public void forwardSequence(INDArray obs, boolean[] resets, INDArray h0, INDArray out) {
        Shapes.requireMatrix("RecurrentActorNetwork", "h0", h0, -1, config.hiddenSize());
        Shapes.requireMatrix("RecurrentActorNetwork", "obs", obs, -1, config.obsDim());
        int b = (int) h0.size(0);
        int rows = (int) obs.size(0);
        if (rows % b != 0) {
            throw new IllegalArgumentException("RecurrentActorNetwork: obs rows " + rows
                    + " must be a multiple of B = h0 rows " + b);
        }
        int t = rows / b;
        INDArray z1 = preZ.rows(rows);
        INDArray a1 = preA.rows(rows);
        INDArray hs = gruOut.rows(rows);
        INDArray z2 = postZ.rows(rows);
        INDArray a2 = postA.rows(rows);
        pre.forward(obs, z1);
        Activation.RELU.forward(z1, a1);
        gru.forwardSequence(a1, resets, t, b, h0, hs);
        post.forward(hs, z2);
        Activation.RELU.forward(z2, a2);
        head.forward(a2, out);
        cachedObs = obs;
        cachedT = t;
        cachedB = b;
    }

    /**
     * Backward through the last {@link #forwardSequence}; accumulates every parameter's gradient
     * (not {@code log_std}, which the head output does not depend on).
     *
     * @param dOut gradient of the loss with respect to {@code out} {@code [T*B, outDim]}
     */
    public void backwardSequence(INDArray dOut) {
        if (cachedObs == null) {
            throw new IllegalStateException("RecurrentActorNetwork: backwardSequence called before forwardSequence");
        }
        int rows = cachedT * cachedB;
        Shapes.requireMatrix("RecurrentActorNetwork", "dOut", dOut, rows, config.outDim());
        INDArray g1 = gradA.rows(rows);
        INDArray g2 = gradB.rows(rows);
        head.backward(postA.rows(rows), dOut, g1);
        Activation.RELU.backward(postZ.rows(rows), g1, g1);
        post.backward(gruOut.rows(rows), g1, g2);
        gru.backwardSequence(preA.rows(rows), g2, g1, null);
        Activation.RELU.backward(preZ.rows(rows), g1, g1);
        pre.backward(cachedObs, g1, null);
    }

    /** Copies the GRU state after the last step of the last {@link #forwardSequence} into {@code dst [B, H]}. */
    public void finalHidden(INDArray dst) {
        if (cachedObs == null) {
            throw new IllegalStateException("RecurrentActorNetwork: finalHidden called before forwardSequence");
        }
        Shapes.requireMatrix("RecurrentActorNetwork", "dst", dst, cachedB, config.hiddenSize());
        int rows = cachedT * cachedB;
        HostView src = gruOut.host(rows);
        HostView d = HostView.of(dst);
        int first = rows - cachedB;
        for (int c = 0; c < config.hiddenSize(); c++) {
            for (int k = 0; k < cachedB; k++) {
                d.set(k + c * cachedB, src.get(first + k + c * rows));
            }
        }
    }

    /**
     * One acting step.
     *
     * @param obs    {@code [B, obsDim]}
     * @param resets {@code [B]}: zero the state of these rows before the step
     * @param h      GRU state {@code [B, H]}, updated in place
     * @param out    head outputs {@code [B, outDim]}
     */
    public void step(INDArray obs, boolean[] resets, INDArray h, INDArray out) {
        advance(obs, resets, h);
        int b = (int) obs.size(0);
        INDArray z = stepZ.rows(b);
        INDArray a = stepA.rows(b);
        post.forward(h, z);
        Activation.RELU.forward(z, a);
        head.forward(a, out);
    }

    /**
     * The part of {@link #step} that moves the GRU state, without the post-torso and head: for keeping a
     * policy's memory current while another policy acts (MAGPO's learner during the guider's rollout, D-B1).
     *
     * @param obs    {@code [B, obsDim]}
     * @param resets {@code [B]}: zero the state of these rows before the step
     * @param h      GRU state {@code [B, H]}, updated in place exactly as {@link #step} would
     */
    public void advance(INDArray obs, boolean[] resets, INDArray h) {
        Shapes.requireMatrix("RecurrentActorNetwork", "obs", obs, -1, config.obsDim());
        int b = (int) obs.size(0);
        if (stepZ == null || stepZ.capacity() < b) {
            stepZ = new RowBuffer(params.dataType(), b, config.hiddenSize());
            stepA = new RowBuffer(params.dataType(), b, config.hiddenSize());
        }
        INDArray z = stepZ.rows(b);
        INDArray a = stepA.rows(b);
        pre.forward(obs, z);
        Activation.RELU.forward(z, a);
        gru.step(a, resets, h);
    }
}
