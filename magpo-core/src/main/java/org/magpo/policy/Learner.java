package org.magpo.policy;

import org.magpo.dist.ActionDistribution;
import org.magpo.dist.MaskedCategorical;
import org.magpo.dist.TanhGaussian;
import org.magpo.env.EnvSpec;
import org.magpo.nn.HostView;
import org.magpo.nn.RecurrentActorConfig;
import org.magpo.nn.RecurrentActorNetwork;
import org.magpo.nn.Rng;
import org.magpo.nn.RowBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MAGPO's learner π_φ (ALGORITHM.md §3.2): one parameter-shared MLP-GRU-MLP actor that every agent
 * runs on its own observation (one-hot agent id included) and recurrent state; the deployed,
 * decentralised policy. It has no critic.
 *
 * <p>Three uses: {@link #act} (evaluation: sample or take the mode), {@link #advance} (rollouts:
 * only the GRU state moves, decision D-B1), and training: {@link #forward} over a time-major
 * minibatch {@code [T * B, obsDim]} (row {@code t * B + b}, {@code B = envs * N}) that loads the
 * action distribution, then, once a loss has accumulated its gradients into that distribution,
 * {@link #backward}.
 */
public final class Learner implements DecentralizedPolicy {
    private final EnvSpec spec;
    private final RecurrentActorNetwork network;
    private final ActionDistribution<?> trainDist;
    private final RowBuffer headOut;
    private final RowBuffer headGrad;

    private int actRows = -1;
    private RowBuffer actObs;
    private RowBuffer actOut;
    private ActionDistribution<?> actDist;
    private boolean[] actResets;
    private int forwardRows = -1;

    /**
     * @param spec         the task (obsDim includes the agent id if the env is wrapped)
     * @param hiddenSize   width of every hidden layer and the GRU (128 in the reference)
     * @param trainingRows the most rows {@code T * B} one training forward will see
     * @param dataType     FLOAT for training, DOUBLE for gradient checks
     * @param rng          initialisation randomness
     */
    public Learner(EnvSpec spec, int hiddenSize, int trainingRows, DataType dataType, Rng rng) {
        this(spec, new RecurrentActorNetwork(new RecurrentActorConfig(spec.obsDim(), spec.actionSpace().headSize(),
                hiddenSize, !spec.isDiscrete(), trainingRows), dataType, rng));
    }

    private Learner(EnvSpec spec, RecurrentActorNetwork network) {
        this.spec = spec;
        this.network = network;
        int rows = network.config().capacity();
        DataType dataType = network.parameters().dataType();
        this.trainDist = newDist(rows);
        this.headOut = new RowBuffer(dataType, rows, network.outDim());
        this.headGrad = new RowBuffer(dataType, rows, network.outDim());
    }

    /**
     * A learner that shares this one's parameters and has its own buffers, for acting or advancing other rows on
     * another thread while this one does (its training forward holds one row).
     */
    public Learner replica() {
        return new Learner(spec, network.replica(1));
    }

    private ActionDistribution<?> newDist(int capacity) {
        return spec.isDiscrete()
                ? new MaskedCategorical(capacity, spec.numActions())
                : new TanhGaussian(capacity, spec.actionSpace().actionDim());
    }

    public RecurrentActorNetwork network() {
        return network;
    }

    public EnvSpec spec() {
        return spec;
    }

    @Override
    public int hiddenSize() {
        return network.hiddenSize();
    }

    @Override
    public INDArray initialState(int rows) {
        return Nd4j.create(network.parameters().dataType(), new long[] {rows, hiddenSize()}, 'f');
    }

    @Override
    public void act(float[] obs, boolean[] resets, boolean[] mask, INDArray hidden, Rng rng, boolean greedy,
                    ActionBuffer out) {
        int rows = out.rows();
        INDArray head = stepNetwork(obs, resets, hidden, rows);
        if (actDist instanceof MaskedCategorical cat) {
            cat.load(head, mask);
            if (greedy) {
                cat.mode(out.discrete);
            } else {
                cat.sample(rng, out.discrete);
            }
            cat.logProb(out.discrete, out.logProb);
        } else {
            TanhGaussian g = (TanhGaussian) actDist;
            g.load(head, network.logStd().value());
            if (greedy) {
                g.mode(out.continuous);
            } else {
                g.sample(rng, out.preTanh, out.continuous);
            }
            g.logProb(out.continuous, out.logProb);
        }
    }

    /**
     * Advances the recurrent state by one observation without choosing actions (the rollout pass of
     * decision D-B1: the guider acts, the learner only keeps its memory in step).
     *
     * @param obs    {@code [rows * obsDim]} row-major
     * @param resets {@code [rows]}
     * @param hidden {@code [rows, H]}, advanced in place
     */
    public void advance(float[] obs, boolean[] resets, INDArray hidden) {
        advance(obs, resets, 0, hidden);
    }

    /**
     * {@link #advance(float[], boolean[], INDArray)} for the block of rows {@code firstRow .. firstRow + B} of
     * larger {@code obs} and {@code resets} arrays, {@code B = hidden} rows.
     */
    public void advance(float[] obs, boolean[] resets, int firstRow, INDArray hidden) {
        int rows = (int) hidden.size(0);
        INDArray x = observationRows(obs, firstRow, hidden, rows);
        if (resets.length < firstRow + rows) {
            throw new IllegalArgumentException("resets must hold firstRow+rows = " + (firstRow + rows)
                    + " flags, got " + resets.length);
        }
        System.arraycopy(resets, firstRow, actResets, 0, rows);
        network.advance(x, actResets, hidden);
    }

    private INDArray stepNetwork(float[] obs, boolean[] resets, INDArray hidden, int rows) {
        INDArray x = observationRows(obs, 0, hidden, rows);
        INDArray head = actOut.rows(rows);
        network.step(x, resets, hidden, head);
        return head;
    }

    /** Checks the shapes and copies {@code obs} into the network's {@code [rows, obsDim]} input. */
    private INDArray observationRows(float[] obs, int firstRow, INDArray hidden, int rows) {
        int obsDim = spec.obsDim();
        if (firstRow < 0 || obs.length < (firstRow + rows) * obsDim) {
            throw new IllegalArgumentException("obs must hold (firstRow+rows)*obsDim = (" + firstRow + "+" + rows
                    + ")*" + obsDim + " values, got " + obs.length);
        }
        if (hidden.size(0) != rows || hidden.size(1) != hiddenSize()) {
            throw new IllegalArgumentException("hidden must be [" + rows + ", " + hiddenSize() + "], got "
                    + java.util.Arrays.toString(hidden.shape()));
        }
        if (rows != actRows) {
            DataType t = network.parameters().dataType();
            actObs = new RowBuffer(t, rows, obsDim);
            actOut = new RowBuffer(t, rows, network.outDim());
            actDist = newDist(rows);
            actResets = new boolean[rows];
            actRows = rows;
        }
        INDArray x = actObs.rows(rows);
        HostView xv = HostView.of(x);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < obsDim; c++) {
                xv.set(r + c * rows, obs[(firstRow + r) * obsDim + c]);
            }
        }
        return x;
    }

    /**
     * Training forward over a time-major minibatch and loads the resulting distributions.
     *
     * @param obs    {@code [T * B, obsDim]} 'f'-ordered; must stay unchanged until {@link #backward}
     * @param resets {@code [T * B]}
     * @param mask   {@code [T * B * A]} legal actions by array row (discrete), or null
     * @param h0     GRU state at rollout start {@code [B, H]}
     * @param rowMap distribution row m reads network row {@code rowMap[m]} (the loss's token order), or
     *               null for the identity
     * @return the loaded distribution, rows in the loss's token order
     */
    public ActionDistribution<?> forward(INDArray obs, boolean[] resets, boolean[] mask, INDArray h0, int[] rowMap) {
        int rows = (int) obs.size(0);
        INDArray head = headOut.rows(rows);
        network.forwardSequence(obs, resets, h0, head);
        forwardRows = rows;
        if (trainDist instanceof MaskedCategorical cat) {
            return cat.load(head, mask, rowMap);
        }
        return ((TanhGaussian) trainDist).load(head, network.logStd().value(), rowMap);
    }

    /**
     * Back-propagates the gradients a loss accumulated into the distribution returned by the last
     * {@link #forward}, accumulating into the network's parameter gradients.
     *
     * @param rowMap the same row map given to {@link #forward}
     */
    public void backward(int[] rowMap) {
        if (forwardRows < 0) {
            throw new IllegalStateException("Learner.backward called before forward");
        }
        INDArray dHead = headGrad.rows(forwardRows);
        if (trainDist instanceof MaskedCategorical cat) {
            cat.writeGrad(dHead, rowMap);
        } else {
            ((TanhGaussian) trainDist).writeGrad(dHead, network.logStd().grad(), rowMap);
        }
        network.backwardSequence(dHead);
    }
}
