package org.magpo.rollout;

import org.magpo.algo.AdvantageNormalization;
import org.magpo.dist.ContiguousArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One minibatch gathered from a {@link RolloutBuffer} by a {@link MinibatchPlan}, in the two row
 * orders the networks consume, preallocated for M = B·T·N tokens and refilled by {@link #gather}.
 *
 * <p><b>Token-major (guider, and every per-token loss input)</b>, row {@code b·T·N + t·N + i}: each env
 * is one sequence of T·N tokens, time-major, in the epoch's agent order:
 * {@code obsTokens [M, obsDim]} ('f' INDArray), {@code stepCountTokens}, {@code resetTokens},
 * {@code agentTokens} (the original agent index), {@code maskTokens [M·A]}, {@code discreteActions [M]}
 * or {@code continuousActions [M·D]}, {@code oldLogProb}, {@code oldValue}, {@code returns},
 * {@code advantage} and {@code normalizedAdvantage} (per minibatch, as the reference).
 *
 * <p><b>Learner (time-major)</b>, row {@code t·B·N + b·N + i}: {@code obsLearner [M, obsDim]},
 * {@code resetLearner}, {@code maskLearner [M·A]}, and the GRU state at rollout start
 * {@code learnerState [B·N, H]} ('f' INDArray, row {@code b·N + i}). {@code tokenToLearnerRow[r]} maps
 * a token-major row to the learner row of the same (env, step, agent): pass it as the row map when
 * loading the learner's distribution so both losses see aligned rows.
 *
 * <p>{@code guiderMemory [B, guiderMemorySize]} holds each slot's own env memory (decision D-B2).
 */
public final class Minibatch {

    private final int steps;
    private final int slots;
    private final int agents;
    private final int obsDim;
    private final int numActions;
    private final int actionDim;
    private final int tokens;
    private final int guiderMemorySize;
    private final int gruWidth;

    public final INDArray obsTokens;
    public final int[] stepCountTokens;
    public final boolean[] resetTokens;
    public final int[] agentTokens;
    public final boolean[] maskTokens;
    public final int[] discreteActions;
    public final float[] continuousActions;
    public final double[] oldLogProb;
    public final float[] oldValue;
    public final float[] returns;
    public final float[] advantage;
    public final double[] normalizedAdvantage;

    public final INDArray obsLearner;
    public final boolean[] resetLearner;
    public final boolean[] maskLearner;
    public final INDArray learnerState;
    public final int[] tokenToLearnerRow;

    public final float[] guiderMemory;

    /** Column-major staging of the three INDArrays, copied in with one memcpy each. */
    private final float[] obsTokensF;
    private final float[] obsLearnerF;
    private final float[] learnerStateF;

    /** Sizes a minibatch for {@code buffer}'s shapes and {@code plan}'s B. */
    public Minibatch(RolloutBuffer buffer, MinibatchPlan plan) {
        checkCompatible(buffer, plan);
        this.steps = buffer.steps();
        this.slots = plan.envsPerMinibatch();
        this.agents = buffer.agents();
        this.obsDim = buffer.obsDim();
        this.numActions = buffer.numActions();
        this.actionDim = buffer.actionDim();
        this.guiderMemorySize = buffer.guiderMemorySize();
        if (buffer.learnerStateSize() % agents != 0) {
            throw new IllegalArgumentException("learnerStateSize " + buffer.learnerStateSize()
                    + " must be N*H for N=" + agents);
        }
        this.gruWidth = buffer.learnerStateSize() / agents;
        this.tokens = Math.multiplyExact(Math.multiplyExact(slots, steps), agents);
        obsTokens = Nd4j.create(DataType.FLOAT, new long[] {tokens, obsDim}, 'f');
        obsLearner = Nd4j.create(DataType.FLOAT, new long[] {tokens, obsDim}, 'f');
        stepCountTokens = new int[tokens];
        resetTokens = new boolean[tokens];
        agentTokens = new int[tokens];
        resetLearner = new boolean[tokens];
        boolean discrete = buffer.isDiscrete();
        maskTokens = discrete ? new boolean[tokens * numActions] : null;
        maskLearner = discrete ? new boolean[tokens * numActions] : null;
        discreteActions = discrete ? new int[tokens] : null;
        continuousActions = discrete ? null : new float[tokens * actionDim];
        oldLogProb = new double[tokens];
        oldValue = new float[tokens];
        returns = new float[tokens];
        advantage = new float[tokens];
        normalizedAdvantage = new double[tokens];
        tokenToLearnerRow = new int[tokens];
        learnerState = gruWidth > 0 ? Nd4j.create(DataType.FLOAT, new long[] {(long) slots * agents, gruWidth}, 'f')
                : null;
        guiderMemory = new float[slots * guiderMemorySize];
        obsTokensF = new float[tokens * obsDim];
        obsLearnerF = new float[tokens * obsDim];
        learnerStateF = new float[slots * agents * gruWidth];
    }

    private static void checkCompatible(RolloutBuffer buffer, MinibatchPlan plan) {
        if (plan.envs() != buffer.envs() || plan.agents() != buffer.agents()) {
            throw new IllegalArgumentException("plan (E=" + plan.envs() + ", N=" + plan.agents()
                    + ") does not match the buffer (E=" + buffer.envs() + ", N=" + buffer.agents() + ")");
        }
    }

    /** M = B·T·N. */
    public int tokens() {
        return tokens;
    }

    /** B. */
    public int slots() {
        return slots;
    }

    /** Fills every array with minibatch {@code k} of {@code plan}'s current epoch. */
    public void gather(RolloutBuffer buffer, MinibatchPlan plan, int k) {
        checkCompatible(buffer, plan);
        if (buffer.steps() != steps || plan.envsPerMinibatch() != slots || buffer.obsDim() != obsDim) {
            throw new IllegalArgumentException("buffer/plan shapes changed since this Minibatch was sized");
        }
        int envs = buffer.envs();
        for (int b = 0; b < slots; b++) {
            int e = plan.envOf(k, b);
            for (int t = 0; t < steps; t++) {
                int te = t * envs + e;
                for (int i = 0; i < agents; i++) {
                    int agent = plan.agentAt(i);
                    int src = buffer.token(t, e, agent);
                    int tr = plan.tokenRow(steps, b, t, i);
                    int lr = plan.learnerRow(b, t, i);
                    tokenToLearnerRow[tr] = lr;
                    agentTokens[tr] = agent;
                    stepCountTokens[tr] = buffer.stepCount[te];
                    resetTokens[tr] = buffer.reset[te];
                    resetLearner[lr] = buffer.reset[te];
                    oldLogProb[tr] = buffer.logProb[src];
                    oldValue[tr] = buffer.value[src];
                    returns[tr] = buffer.returns[src];
                    advantage[tr] = buffer.advantage[src];
                    if (discreteActions != null) {
                        discreteActions[tr] = buffer.discreteActions[src];
                        System.arraycopy(buffer.actionMask, src * numActions, maskTokens, tr * numActions, numActions);
                        System.arraycopy(buffer.actionMask, src * numActions, maskLearner, lr * numActions, numActions);
                    } else {
                        System.arraycopy(buffer.continuousActions, src * actionDim, continuousActions, tr * actionDim,
                                actionDim);
                    }
                    int o = src * obsDim;
                    for (int f = 0; f < obsDim; f++) {
                        float v = buffer.obs[o + f];
                        obsTokensF[tr + f * tokens] = v;
                        obsLearnerF[lr + f * tokens] = v;
                    }
                }
            }
            System.arraycopy(buffer.guiderMemory, e * guiderMemorySize, guiderMemory, b * guiderMemorySize,
                    guiderMemorySize);
            if (learnerState != null) {
                int rowsS = slots * agents;
                for (int i = 0; i < agents; i++) {
                    int srcState = e * agents * gruWidth + plan.agentAt(i) * gruWidth;
                    int row = b * agents + i;
                    for (int h = 0; h < gruWidth; h++) {
                        learnerStateF[row + h * rowsS] = buffer.learnerState[srcState + h];
                    }
                }
            }
        }
        ContiguousArrays.write("obsTokens", obsTokensF, tokens * obsDim, obsTokens);
        ContiguousArrays.write("obsLearner", obsLearnerF, tokens * obsDim, obsLearner);
        if (learnerState != null) {
            ContiguousArrays.write("learnerState", learnerStateF, learnerStateF.length, learnerState);
        }
        AdvantageNormalization.normalize(advantage, tokens, normalizedAdvantage);
    }
}
