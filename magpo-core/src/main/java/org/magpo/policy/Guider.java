package org.magpo.policy;

import org.magpo.dist.ActionDistribution;
import org.magpo.dist.MaskedCategorical;
import org.magpo.dist.TanhGaussian;
import org.magpo.env.EnvSpec;
import org.magpo.nn.HostView;
import org.magpo.nn.Overlap;
import org.magpo.nn.Parameters;
import org.magpo.nn.RetentionChunk;
import org.magpo.nn.Rng;
import org.magpo.nn.RowBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MAGPO's guider μ_θ (ALGORITHM.md §1.1, §3.1): a recurrent {@link SableNetwork} that sees every
 * agent's observation, decodes actions agent by agent and owns the value function.
 *
 * <p>Acting ({@link #act}) runs the recurrent form for {@code actingEnvs} envs, agents in order
 * 0..N−1, each sampled action fed back as the next agent's token; the memory of every env
 * ({@link #memorySize()} floats: encoder, decoder-self and decoder-cross retention memories of every
 * block) advances once per timestep and is zeroed where an episode starts. Training ({@link #forward})
 * runs the chunkwise form over {@code B} sequences of {@code T*N} tokens teacher-forced on the stored
 * actions, from the memory stored at rollout start; with the rollout's agent order it reproduces the
 * acting log-probabilities and values up to float rounding.
 *
 * <p>From {@code 2 * MIN_GROUP_ENVS} envs acting splits the envs into two contiguous groups ({@link ActingGroup},
 * the second with a replica of the network) acted on side by side by the caller and the {@link Overlap}
 * worker: half of an acting step is fixed per-call cost that fewer envs do not reduce. The sampling noise of
 * all envs is drawn before the groups start, and the split depends only on E, so results do not depend on
 * the worker.
 *
 * <p>Not thread-safe. {@link #backward} after acting or peeking (which reuse the training forward's
 * saved activations) is refused: call {@link #forward} again.
 */
public final class Guider implements JointPolicy {
    /** Fewest envs per acting group: below twice this the guider acts on all envs in one group. */
    static final int MIN_GROUP_ENVS = 8;

    private final EnvSpec spec;
    private final SableConfig config;
    private final SableNetwork network;
    private final int agents;
    private final int obsDim;
    private final int headDim;
    private final boolean discrete;
    private final int actingEnvs;
    private final int maxTrainingTokens;

    // acting: one or two groups of envs (see ActingGroup), and the sampling noise of all envs drawn before them
    private final ActingGroup[] groups;
    private final double[] noise;

    // training
    private final RowBuffer trainTokens;
    private final RowBuffer trainHead;
    private final RowBuffer trainHeadGrad;
    private final RowBuffer trainValues;
    private final MaskedCategorical trainCategorical;
    private final TanhGaussian trainGaussian;
    private final INDArray logStdGrad;
    private final int[] chunkSteps;
    private final boolean[] chunkStarts;
    private SableMemory trainMemory;
    private int trainRows = -1;

    /**
     * @param spec               the task (obsDim includes the agent id when the env is wrapped)
     * @param embedDim           d
     * @param nBlock             encoder/decoder blocks
     * @param nHead              retention heads
     * @param decayScalingFactor dsf in (0, 1]
     * @param positionalEncoding timestep positional encoding on the retention inputs
     * @param actingEnvs         E, environments acted on at once (the acting memory is sized for them)
     * @param maxTrainingTokens  the largest teacher-forced forward, {@code B_mb * T * N}
     * @param dataType           FLOAT for training, DOUBLE for gradient checks
     * @param rng                initialisation randomness
     */
    public Guider(EnvSpec spec, int embedDim, int nBlock, int nHead, double decayScalingFactor,
                  boolean positionalEncoding, int actingEnvs, int maxTrainingTokens, DataType dataType, Rng rng) {
        if (spec == null) {
            throw new IllegalArgumentException("Guider spec must not be null");
        }
        if (actingEnvs < 1) {
            throw new IllegalArgumentException("Guider actingEnvs must be >= 1, got " + actingEnvs);
        }
        if (maxTrainingTokens < spec.numAgents()) {
            throw new IllegalArgumentException("Guider maxTrainingTokens must be >= N = " + spec.numAgents()
                    + " (one timestep), got " + maxTrainingTokens);
        }
        this.spec = spec;
        this.agents = spec.numAgents();
        this.obsDim = spec.obsDim();
        this.discrete = spec.isDiscrete();
        this.headDim = spec.actionSpace().headSize();
        this.actingEnvs = actingEnvs;
        this.maxTrainingTokens = maxTrainingTokens;
        this.config = new SableConfig(obsDim, agents, headDim, !discrete, embedDim, nBlock, nHead,
                decayScalingFactor, positionalEncoding);
        this.network = new SableNetwork(config, maxTrainingTokens, actingEnvs, dataType, rng);

        int groupCount = actingEnvs >= 2 * MIN_GROUP_ENVS ? 2 : 1;
        groups = new ActingGroup[groupCount];
        int first = (actingEnvs + 1) / 2;
        groups[0] = new ActingGroup(network, 0, groupCount == 1 ? actingEnvs : first, dataType);
        if (groupCount == 2) {
            groups[1] = new ActingGroup(network.replica(actingEnvs - first), first, actingEnvs - first, dataType);
        }
        noise = new double[Math.multiplyExact(Math.multiplyExact(agents, actingEnvs), discrete ? 1 : headDim)];

        trainTokens = new RowBuffer(dataType, maxTrainingTokens, config.tokenDim());
        trainHead = new RowBuffer(dataType, maxTrainingTokens, headDim);
        trainHeadGrad = new RowBuffer(dataType, maxTrainingTokens, headDim);
        trainValues = new RowBuffer(dataType, maxTrainingTokens, 1);
        trainCategorical = discrete ? new MaskedCategorical(maxTrainingTokens, headDim) : null;
        trainGaussian = discrete ? null : new TanhGaussian(maxTrainingTokens, headDim);
        logStdGrad = discrete ? null : Nd4j.create(dataType, new long[] {headDim}, 'f');
        chunkSteps = new int[maxTrainingTokens / agents];
        chunkStarts = new boolean[maxTrainingTokens / agents];
    }

    public EnvSpec spec() {
        return spec;
    }

    public SableConfig config() {
        return config;
    }

    public SableNetwork network() {
        return network;
    }

    @Override
    public int memorySize() {
        return config.memorySize();
    }

    @Override
    public int actingEnvs() {
        return actingEnvs;
    }

    @Override
    public Parameters parameters() {
        return network.parameters();
    }

    // ---------------------------------------------------------------------------------------- acting

    /** Work on a group of envs {@code [firstEnv, firstEnv + envs)}, run by the thread that acted for them. */
    @FunctionalInterface
    public interface GroupWork {
        void run(int group, int firstEnv, int envs);
    }

    /**
     * Acting groups: the envs are split into this many contiguous groups (two from {@code 2 * MIN_GROUP_ENVS} envs
     * on), acted on side by side on two threads. The split depends only on E, so results do not depend on the
     * threads.
     */
    public int groups() {
        return groups.length;
    }

    public int groupFirstEnv(int group) {
        return groups[group].firstEnv();
    }

    public int groupEnvs(int group) {
        return groups[group].envs();
    }

    @Override
    public void act(float[] obs, boolean[] mask, int[] stepCount, boolean[] episodeStart, Rng rng, ActionBuffer out,
                    float[] value) {
        act(obs, mask, stepCount, episodeStart, rng, out, value, null);
    }

    /**
     * {@link #act(float[], boolean[], int[], boolean[], Rng, ActionBuffer, float[])}, then {@code after} for each
     * group's envs on the thread that acted for them (MAGPO advances the learner of those envs there).
     */
    public void act(float[] obs, boolean[] mask, int[] stepCount, boolean[] episodeStart, Rng rng, ActionBuffer out,
                    float[] value, GroupWork after) {
        int rows = actingEnvs * agents;
        checkActingInputs(obs, stepCount, episodeStart, value);
        if (mask != null && discrete && mask.length < rows * headDim) {
            throw new IllegalArgumentException("mask must hold E*N*A = " + rows * headDim + " flags, got "
                    + mask.length);
        }
        if (out == null || out.rows() != rows || out.isDiscrete() != discrete) {
            throw new IllegalArgumentException("out must be a " + (discrete ? "discrete" : "continuous")
                    + " ActionBuffer of E*N = " + rows + " rows, got "
                    + (out == null ? "null" : (out.isDiscrete() ? "discrete" : "continuous") + " with " + out.rows()));
        }
        if (rng == null) {
            throw new IllegalArgumentException("rng must not be null");
        }
        // one pass's random stream, whatever the groups: agent by agent, env by env (and dim by dim)
        for (int i = 0; i < noise.length; i++) {
            noise[i] = discrete ? rng.nextDouble() : rng.nextGaussian();
        }
        onGroups(group -> {
            group.act(obs, mask, stepCount, episodeStart, noise, actingEnvs, out, value);
            if (after != null) {
                after.run(group == groups[0] ? 0 : 1, group.firstEnv(), group.envs());
            }
        });
    }

    @Override
    public void peekValue(float[] obs, int[] stepCount, boolean[] episodeStart, float[] value) {
        checkActingInputs(obs, stepCount, episodeStart, value);
        onGroups(group -> group.peekValue(obs, stepCount, episodeStart, value));
    }

    @Override
    public void saveMemory(float[] dst) {
        checkFlatMemory("dst", dst);
        for (ActingGroup group : groups) {
            group.saveMemory(dst);
        }
    }

    @Override
    public void loadMemory(float[] src) {
        checkFlatMemory("src", src);
        for (ActingGroup group : groups) {
            group.loadMemory(src);
        }
    }

    /** Runs every group, the second on the {@link Overlap} worker beside the first. */
    private void onGroups(java.util.function.Consumer<ActingGroup> work) {
        if (groups.length == 1) {
            work.accept(groups[0]);
        } else {
            Overlap.run(() -> work.accept(groups[1]), () -> work.accept(groups[0]));
        }
    }

    private void checkFlatMemory(String what, float[] flat) {
        int need = actingEnvs * memorySize();
        if (flat == null || flat.length < need) {
            throw new IllegalArgumentException("memory " + what + " must hold E*memorySize = " + actingEnvs + "*"
                    + memorySize() + " = " + need + " floats, got " + (flat == null ? "null" : flat.length));
        }
    }

    private void checkActingInputs(float[] obs, int[] stepCount, boolean[] episodeStart, float[] value) {
        int rows = actingEnvs * agents;
        if (obs == null || obs.length < rows * obsDim) {
            throw new IllegalArgumentException("obs must hold E*N*obsDim = " + actingEnvs + "*" + agents + "*" + obsDim
                    + " = " + rows * obsDim + " floats, got " + (obs == null ? "null" : obs.length));
        }
        if (stepCount == null || stepCount.length < actingEnvs) {
            throw new IllegalArgumentException("stepCount must hold one counter per env (" + actingEnvs + "), got "
                    + (stepCount == null ? "null" : stepCount.length));
        }
        if (episodeStart == null || episodeStart.length < actingEnvs) {
            throw new IllegalArgumentException("episodeStart must hold one flag per env (" + actingEnvs + "), got "
                    + (episodeStart == null ? "null" : episodeStart.length));
        }
        if (value == null || value.length < rows) {
            throw new IllegalArgumentException("value must hold E*N = " + rows + " floats, got "
                    + (value == null ? "null" : value.length));
        }
    }

    // ---------------------------------------------------------------------------------------- training

    @Override
    public ActionDistribution<?> forward(INDArray obs, int[] discreteActions, float[] continuousActions,
                                         boolean[] mask, int[] stepCount, boolean[] reset, float[] memory,
                                         int sequences, int steps) {
        if (sequences < 1 || steps < 1) {
            throw new IllegalArgumentException("sequences and steps must be >= 1, got " + sequences + " and " + steps);
        }
        long tokens = (long) sequences * steps * agents;
        if (tokens > maxTrainingTokens) {
            throw new IllegalArgumentException("training forward of B*T*N = " + sequences + "*" + steps + "*" + agents
                    + " = " + tokens + " tokens exceeds maxTrainingTokens = " + maxTrainingTokens);
        }
        int rows = (int) tokens;
        if (obs == null || obs.rank() != 2 || obs.size(0) != rows || obs.size(1) != obsDim) {
            throw new IllegalArgumentException("obs must be [B*T*N, obsDim] = [" + rows + ", " + obsDim + "], got "
                    + (obs == null ? "null" : java.util.Arrays.toString(obs.shape())));
        }
        if (stepCount == null || stepCount.length < rows) {
            throw new IllegalArgumentException("stepCount must hold B*T*N = " + rows + " counters, got "
                    + (stepCount == null ? "null" : stepCount.length));
        }
        if (reset == null || reset.length < rows) {
            throw new IllegalArgumentException("reset must hold B*T*N = " + rows + " flags, got "
                    + (reset == null ? "null" : reset.length));
        }
        if (mask != null && discrete && mask.length < rows * headDim) {
            throw new IllegalArgumentException("mask must hold B*T*N*A = " + rows * headDim + " flags, got "
                    + mask.length);
        }
        int perTimestep = agents;
        int timesteps = sequences * steps;
        for (int s = 0; s < timesteps; s++) {
            int r0 = s * perTimestep;
            for (int i = 1; i < perTimestep; i++) {
                if (stepCount[r0 + i] != stepCount[r0] || reset[r0 + i] != reset[r0]) {
                    throw new IllegalArgumentException("stepCount and reset must be the same for every token of a "
                            + "timestep; tokens " + r0 + " and " + (r0 + i) + " differ (" + stepCount[r0] + "/"
                            + reset[r0] + " vs " + stepCount[r0 + i] + "/" + reset[r0 + i] + ")");
                }
            }
            chunkSteps[s] = stepCount[r0];
            chunkStarts[s] = reset[r0];
        }
        if (trainMemory == null || trainMemory.envs() != sequences) {
            trainMemory = new SableMemory(config, sequences, network.parameters().dataType());
        }
        trainMemory.load(memory);
        INDArray tok = fillTrainingTokens(discreteActions, continuousActions, rows);
        RetentionChunk chunk = new RetentionChunk(sequences, steps, agents, chunkSteps, chunkStarts);
        INDArray head = trainHead.rows(rows);
        network.forward(obs, tok, chunk, trainMemory, head, trainValues.rows(rows));
        trainRows = rows;
        if (discrete) {
            return trainCategorical.load(head, mask);
        }
        return trainGaussian.load(head, network.logStd().value());
    }

    /** Shifted teacher-forcing tokens: position 0 of each timestep gets the start token, position i the action at i−1. */
    private INDArray fillTrainingTokens(int[] discreteActions, float[] continuousActions, int rows) {
        int tokenDim = config.tokenDim();
        INDArray tok = trainTokens.rows(rows);
        HostView tb = HostView.ofDense(tok);
        tb.fillZero(0, rows * tokenDim);
        if (discrete) {
            if (discreteActions == null || discreteActions.length < rows) {
                throw new IllegalArgumentException("discrete actions must hold B*T*N = " + rows + " entries, got "
                        + (discreteActions == null ? "null" : discreteActions.length));
            }
            for (int r = 0; r < rows; r++) {
                int a = discreteActions[r];
                if (a < 0 || a >= headDim) {
                    throw new IllegalArgumentException("action of token " + r + " must be in [0, " + headDim + "), got "
                            + a);
                }
                if (r % agents == 0) {
                    tb.set(r, 1.0);
                } else {
                    tb.set(r + (1 + discreteActions[r - 1]) * rows, 1.0);
                }
            }
        } else {
            int d = headDim;
            if (continuousActions == null || continuousActions.length < rows * d) {
                throw new IllegalArgumentException("continuous actions must hold B*T*N*D = " + rows * d
                        + " floats, got " + (continuousActions == null ? "null" : continuousActions.length));
            }
            for (int r = 0; r < rows; r++) {
                if (r % agents == 0) {
                    continue;
                }
                for (int c = 0; c < d; c++) {
                    tb.set(r + c * rows, continuousActions[(r - 1) * d + c]);
                }
            }
        }
        return tok;
    }

    @Override
    public INDArray trainingValues() {
        if (trainRows < 0) {
            throw new IllegalStateException("trainingValues needs a preceding forward");
        }
        return trainValues.rows(trainRows);
    }

    @Override
    public void backward(INDArray dValue) {
        if (trainRows < 0) {
            throw new IllegalStateException("Guider.backward called before forward");
        }
        INDArray dHead = trainHeadGrad.rows(trainRows);
        if (discrete) {
            trainCategorical.writeGrad(dHead);
        } else {
            // writeGrad overwrites; accumulate into log_std's gradient like every other parameter
            trainGaussian.writeGrad(dHead, logStdGrad);
            network.logStd().grad().addi(logStdGrad);
        }
        network.backward(dHead, dValue);
    }
}
