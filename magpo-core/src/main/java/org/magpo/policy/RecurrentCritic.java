package org.magpo.policy;

import org.magpo.env.EnvSpec;
import org.magpo.nn.HostView;
import org.magpo.nn.Parameters;
import org.magpo.nn.RecurrentActorConfig;
import org.magpo.nn.RecurrentActorNetwork;
import org.magpo.nn.Rng;
import org.magpo.nn.RowBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The recurrent critic of rec-IPPO and rec-MAPPO (Mava's recurrent PPO systems): the learner's
 * MLP-GRU-MLP network ({@link RecurrentActorNetwork}) with one output, parameter-shared across agents,
 * one value per agent row {@code e·N + i}.
 *
 * <ul>
 *   <li>{@link Input#LOCAL} (IPPO): agent i's own observation {@code [obsDim]} (agent id included when
 *       the env is wrapped).</li>
 *   <li>{@link Input#CENTRAL} (MAPPO): the global state {@code [stateDim]} when the env has one, else the
 *       concatenation of all agents' observations {@code [N·obsDim]}, followed by the one-hot id of
 *       agent i {@code [N]}, so that each agent keeps its own value (rewards may be per agent).</li>
 * </ul>
 * Acting ({@link #values}) steps the GRU one observation at a time; training ({@link #forward}) runs a
 * time-major sequence {@code [T·B, inputDim]} (row {@code t·B + b}, B = envs·N) from the stored state
 * and {@link #backward} accumulates the parameter gradients.
 */
public final class RecurrentCritic {

    /** What the critic sees. */
    public enum Input {
        /** Each agent's own observation. */
        LOCAL,
        /** The global state (or all observations) plus the agent's one-hot id. */
        CENTRAL
    }

    private final EnvSpec spec;
    private final Input input;
    private final int inputDim;
    private final RecurrentActorNetwork network;
    private final RowBuffer trainOut;
    private int actRows = -1;
    private RowBuffer actIn;
    private RowBuffer actOut;
    private INDArray peekHidden;

    /**
     * @param spec         the task
     * @param input        LOCAL (IPPO) or CENTRAL (MAPPO)
     * @param hiddenSize   width of every hidden layer and the GRU (128 in the reference)
     * @param trainingRows the most rows {@code T·B} one training forward will see
     * @param dataType     FLOAT for training, DOUBLE for gradient checks
     * @param rng          initialisation randomness
     */
    public RecurrentCritic(EnvSpec spec, Input input, int hiddenSize, int trainingRows, DataType dataType, Rng rng) {
        if (spec == null || input == null) {
            throw new IllegalArgumentException("RecurrentCritic spec and input must not be null");
        }
        this.spec = spec;
        this.input = input;
        int n = spec.numAgents();
        this.inputDim = input == Input.LOCAL ? spec.obsDim()
                : (spec.stateDim() > 0 ? spec.stateDim() : n * spec.obsDim()) + n;
        this.network = new RecurrentActorNetwork(new RecurrentActorConfig(inputDim, 1, hiddenSize, false,
                trainingRows), dataType, rng);
        this.trainOut = new RowBuffer(dataType, trainingRows, 1);
    }

    public Input input() {
        return input;
    }

    /** Width of one row of critic input. */
    public int inputDim() {
        return inputDim;
    }

    public int hiddenSize() {
        return network.hiddenSize();
    }

    public RecurrentActorNetwork network() {
        return network;
    }

    public Parameters parameters() {
        return network.parameters();
    }

    /** A zeroed recurrent state {@code [rows, H]} ('f'). */
    public INDArray initialState(int rows) {
        return Nd4j.create(network.parameters().dataType(), new long[] {rows, hiddenSize()}, 'f');
    }

    /**
     * Writes the critic inputs of {@code envs} environments into {@code dst [envs·N, inputDim]} row-major
     * from {@code offset}.
     *
     * @param obs   {@code [envs·N·obsDim]} row-major
     * @param state {@code [envs·stateDim]}, or null when the task has no state (CENTRAL then concatenates
     *              the observations); ignored for LOCAL
     */
    public void writeInputs(float[] obs, float[] state, int envs, float[] dst, int offset) {
        int n = spec.numAgents();
        int obsDim = spec.obsDim();
        if (obs.length < envs * n * obsDim || dst.length < offset + envs * n * inputDim) {
            throw new IllegalArgumentException("RecurrentCritic.writeInputs: obs must hold " + envs * n * obsDim
                    + " values and dst " + (offset + envs * n * inputDim) + ", got " + obs.length + " and " + dst.length);
        }
        if (input == Input.LOCAL) {
            System.arraycopy(obs, 0, dst, offset, envs * n * obsDim);
            return;
        }
        boolean useState = spec.stateDim() > 0;
        if (useState && (state == null || state.length < envs * spec.stateDim())) {
            throw new IllegalArgumentException("RecurrentCritic: task " + spec.taskId() + " declares stateDim "
                    + spec.stateDim() + " but the environments provide " + (state == null ? "no state" : state.length
                    + " state values for " + envs + " envs"));
        }
        int global = inputDim - n;
        for (int e = 0; e < envs; e++) {
            for (int i = 0; i < n; i++) {
                int row = offset + (e * n + i) * inputDim;
                if (useState) {
                    System.arraycopy(state, e * global, dst, row, global);
                } else {
                    System.arraycopy(obs, e * n * obsDim, dst, row, global);
                }
                for (int k = 0; k < n; k++) {
                    dst[row + global + k] = k == i ? 1f : 0f;
                }
            }
        }
    }

    /**
     * One acting step: values of every row, the state advanced in place.
     *
     * @param inputs {@code [rows·inputDim]} row-major (from {@link #writeInputs})
     * @param resets {@code [rows]}: zero the state of these rows first
     * @param hidden {@code [rows, H]}
     * @param out    receives {@code [rows]}
     */
    public void values(float[] inputs, boolean[] resets, INDArray hidden, float[] out) {
        int rows = (int) hidden.size(0);
        if (inputs.length < rows * inputDim || out.length < rows) {
            throw new IllegalArgumentException("RecurrentCritic.values: inputs must hold " + rows * inputDim
                    + " values and out " + rows + ", got " + inputs.length + " and " + out.length);
        }
        if (rows != actRows) {
            DataType t = network.parameters().dataType();
            actIn = new RowBuffer(t, rows, inputDim);
            actOut = new RowBuffer(t, rows, 1);
            peekHidden = initialState(rows);
            actRows = rows;
        }
        INDArray x = actIn.rows(rows);
        HostView xv = HostView.of(x);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < inputDim; c++) {
                xv.set(r + c * rows, inputs[r * inputDim + c]);
            }
        }
        INDArray v = actOut.rows(rows);
        network.step(x, resets, hidden, v);
        HostView vv = HostView.of(v);
        for (int r = 0; r < rows; r++) {
            out[r] = (float) vv.get(r);
        }
    }

    /** As {@link #values} but leaves {@code hidden} unchanged (the GAE bootstrap after the last step). */
    public void peekValues(float[] inputs, boolean[] resets, INDArray hidden, float[] out) {
        int rows = (int) hidden.size(0);
        if (rows != actRows) {
            values(inputs, resets, initialState(rows), out);   // sizes the acting buffers
        }
        peekHidden.assign(hidden);
        values(inputs, resets, peekHidden, out);
    }

    /**
     * Training forward over a time-major sequence.
     *
     * @param inputs {@code [T·B, inputDim]} 'f'-ordered; unchanged until {@link #backward}
     * @param resets {@code [T·B]}
     * @param h0     state at rollout start {@code [B, H]}
     * @return the values {@code [T·B, 1]} (a view into a preallocated buffer)
     */
    public INDArray forward(INDArray inputs, boolean[] resets, INDArray h0) {
        INDArray out = trainOut.rows((int) inputs.size(0));
        network.forwardSequence(inputs, resets, h0, out);
        return out;
    }

    /** Accumulates the parameter gradients of the last {@link #forward} given {@code dValue [T·B, 1]}. */
    public void backward(INDArray dValue) {
        network.backwardSequence(dValue);
    }
}
