package org.magpo.algo;

import java.util.Map;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Adam;
import org.magpo.nn.GlobalNormClip;
import org.magpo.nn.HostView;
import org.magpo.nn.LearningRate;
import org.magpo.nn.RowBuffer;
import org.magpo.policy.RecurrentCritic;
import org.magpo.policy.RecurrentState;
import org.magpo.rollout.Minibatch;
import org.magpo.rollout.MinibatchPlan;
import org.magpo.rollout.RolloutBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The recurrent critic of the PPO baselines with everything around it: its acting state (one GRU
 * state per agent row {@code e·N + i}), its inputs during the rollout (kept for MAPPO's central inputs;
 * IPPO's are the observations), its state at rollout start (the rollout buffer's {@code guiderMemory},
 * {@code [E, N, H]}), and one clipped Adam step per minibatch on {@code c_vf · L_V}
 * ({@link ClippedValueLoss}), re-run from the stored state.
 */
final class CriticTrainer {
    private final RecurrentCritic critic;
    private final Adam opt;
    private final GlobalNormClip clip;
    private final ClippedValueLoss valueLoss;
    private final double clipEps;
    private final double vfCoef;
    private final int numEnvs;
    private final int steps;
    private final int agents;
    private final INDArray hidden;
    private final float[] stepInputs;
    /** Critic inputs of the rollout {@code [T, E, N, inputDim]} (central critics only). */
    private final float[] rolloutInputs;
    private final INDArray centralIn;
    private final float[] centralStaging;
    private final INDArray h0;
    private final RowBuffer valueGrad;
    private final double[] tokenValues;
    private final TrainedNetwork state;

    /** One step's results. */
    record Step(double valueLoss, double gradNorm) {
    }

    CriticTrainer(RecurrentCritic critic, LearningRate lr, double maxGradNorm, double clipEps, double vfCoef,
                  int numEnvs, int steps, int envsPerMinibatch, int tokens) {
        this.critic = critic;
        this.opt = new Adam(critic.parameters(), lr);
        this.clip = new GlobalNormClip(maxGradNorm);
        this.valueLoss = new ClippedValueLoss(tokens);
        this.clipEps = clipEps;
        this.vfCoef = vfCoef;
        this.numEnvs = numEnvs;
        this.steps = steps;
        this.agents = tokens / (envsPerMinibatch * steps);
        this.hidden = critic.initialState(numEnvs * agents);
        this.stepInputs = new float[numEnvs * agents * critic.inputDim()];
        boolean central = critic.input() == RecurrentCritic.Input.CENTRAL;
        this.rolloutInputs = central ? new float[Math.multiplyExact(steps, stepInputs.length)] : null;
        this.centralIn = central ? Nd4j.create(DataType.FLOAT, new long[] {tokens, critic.inputDim()}, 'f') : null;
        this.centralStaging = central ? new float[tokens * critic.inputDim()] : null;
        this.h0 = critic.initialState(envsPerMinibatch * agents);
        this.valueGrad = new RowBuffer(DataType.FLOAT, tokens, 1);
        this.tokenValues = new double[tokens];
        this.state = new TrainedNetwork("critic", critic.parameters(), opt);
    }

    RecurrentCritic critic() {
        return critic;
    }

    /** Stores the critic state at rollout start into {@code buffer.guiderMemory}. */
    void beginRollout(RolloutBuffer buffer) {
        RecurrentState.store(hidden, buffer.guiderMemory);
    }

    /** Values of the current observations {@code [E·N]}; the state advances. */
    void act(VectorEnv envs, int t, boolean[] agentResets, float[] values) {
        critic.writeInputs(envs.obs, envs.state, numEnvs, stepInputs, 0);
        if (rolloutInputs != null) {
            System.arraycopy(stepInputs, 0, rolloutInputs, t * stepInputs.length, stepInputs.length);
        }
        critic.values(stepInputs, agentResets, hidden, values);
    }

    /** Values after the last step, the state unchanged. */
    void bootstrap(VectorEnv envs, boolean[] agentResets, float[] values) {
        critic.writeInputs(envs.obs, envs.state, numEnvs, stepInputs, 0);
        critic.peekValues(stepInputs, agentResets, hidden, values);
    }

    /**
     * One Adam step of the critic on the gathered minibatch k (agents in their rollout order).
     *
     * @throws NonFiniteLossException on a non-finite loss or gradient norm
     */
    Step step(Minibatch mb, MinibatchPlan plan, int k, long update, int epoch) {
        critic.parameters().zeroGrads();
        int m = mb.tokens();
        int[] rowMap = mb.tokenToLearnerRow;
        INDArray values = critic.forward(inputs(mb, plan, k), mb.resetLearner, startState(mb));
        HostView vv = HostView.of(values);
        for (int r = 0; r < m; r++) {
            tokenValues[r] = vv.get(rowMap[r]);
        }
        double lv = valueLoss.compute(tokenValues, m, mb.oldValue, mb.returns, clipEps, vfCoef);
        NonFiniteLossException.requireFinite(update, epoch, k, "value loss", lv);
        INDArray dValue = valueGrad.rows(m);
        HostView dv = HostView.of(dValue);
        double[] g = valueLoss.grad();
        for (int r = 0; r < m; r++) {
            dv.set(rowMap[r], g[r]);
        }
        critic.backward(dValue);
        double norm = clip.clip(critic.parameters());
        NonFiniteLossException.requireFinite(update, epoch, k, "critic gradient norm", norm);
        opt.step();
        return new Step(lv, norm);
    }

    /** The critic inputs of minibatch k in the learner's time-major row order. */
    private INDArray inputs(Minibatch mb, MinibatchPlan plan, int k) {
        if (rolloutInputs == null) {
            return mb.obsLearner;
        }
        int d = critic.inputDim();
        int rows = mb.tokens();
        for (int slot = 0; slot < plan.envsPerMinibatch(); slot++) {
            int e = plan.envOf(k, slot);
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < agents; i++) {
                    int src = ((t * numEnvs + e) * agents + plan.agentAt(i)) * d;
                    int row = plan.learnerRow(slot, t, i);
                    for (int f = 0; f < d; f++) {
                        centralStaging[row + f * rows] = rolloutInputs[src + f];
                    }
                }
            }
        }
        org.magpo.dist.ContiguousArrays.write("criticInputs", centralStaging, rows * d, centralIn);
        return centralIn;
    }

    /** The critic's state at rollout start of the gathered slots, {@code [B·N, H]} (row {@code b·N + i}). */
    private INDArray startState(Minibatch mb) {
        float[] mem = mb.guiderMemory;
        int h = critic.hiddenSize();
        int rows = (int) h0.size(0);
        HostView dst = HostView.of(h0);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < h; c++) {
                dst.set(r + c * rows, mem[r * h + c]);
            }
        }
        return h0;
    }

    void save(Map<String, float[]> arrays, Map<String, Long> counters) {
        state.save(arrays, counters);
        float[] c = new float[(int) hidden.length()];
        RecurrentState.store(hidden, c);
        arrays.put("critic/hidden", c);
    }

    void restore(Map<String, float[]> arrays, Map<String, Long> counters) {
        state.restore(arrays, counters);
        RecurrentState.load(TrainedNetwork.entry(arrays, "critic/hidden"), hidden, "checkpoint entry critic/hidden");
    }
}
