package org.magpo.policy;

import org.magpo.dist.MaskedCategorical;
import org.magpo.dist.TanhGaussian;
import org.magpo.nn.HostView;
import org.magpo.nn.RowBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The {@link Guider}'s acting for one contiguous group of environments {@code [firstEnv, firstEnv + envs)}:
 * its own {@link SableNetwork} (the guider's, or a replica sharing its parameters), its own acting memory
 * and scratch, so that two groups can act on two threads at once. Inputs and outputs are the guider's
 * full arrays ({@code E} envs, rows {@code e*N + i}); a group reads and writes only its own envs' entries.
 *
 * <p>Sampling uses noise drawn beforehand by the guider for all envs ({@code [N, E]} uniforms for discrete
 * actions, {@code [N, E, D]} standard normals for continuous ones, in the order a single pass would draw
 * them), so the random stream does not depend on the split, and nothing depends on which thread runs a group.
 * (The split itself is part of the computation: a group's products have fewer rows than one product over all
 * envs and may round differently in the last bits, which is why the guider splits by E alone.)
 */
final class ActingGroup {
    private final SableNetwork network;
    private final SableConfig config;
    private final int firstEnv;
    private final int envs;
    private final int agents;
    private final int obsDim;
    private final int headDim;
    private final boolean discrete;

    private final ActingMemory memory;
    private final ActingMemory peekMemory;
    private final RowBuffer obsRows;
    private final RowBuffer valueRows;
    private final RowBuffer tokenRows;
    private final RowBuffer headRows;
    private final MaskedCategorical categorical;
    private final TanhGaussian gaussian;
    private final boolean[] agentMask;
    private final int[] sampled;
    private final float[] sampledContinuous;
    private final float[] sampledPreTanh;
    private final double[] sampledLogProb;
    private final int[] stepCount;
    private final boolean[] episodeStart;

    ActingGroup(SableNetwork network, int firstEnv, int envs, DataType dataType) {
        this.network = network;
        this.config = network.config();
        this.firstEnv = firstEnv;
        this.envs = envs;
        this.agents = config.agents();
        this.obsDim = config.obsDim();
        this.headDim = config.headDim();
        this.discrete = !config.continuous();
        memory = new ActingMemory(config, envs, dataType);
        peekMemory = new ActingMemory(config, envs, dataType);
        int rows = Math.multiplyExact(envs, agents);
        obsRows = new RowBuffer(dataType, rows, obsDim);
        valueRows = new RowBuffer(dataType, rows, 1);
        tokenRows = new RowBuffer(dataType, envs, config.tokenDim());
        headRows = new RowBuffer(dataType, envs, headDim);
        categorical = discrete ? new MaskedCategorical(envs, headDim) : null;
        gaussian = discrete ? null : new TanhGaussian(envs, headDim);
        agentMask = discrete ? new boolean[envs * headDim] : null;
        sampled = new int[envs];
        sampledContinuous = discrete ? null : new float[envs * headDim];
        sampledPreTanh = discrete ? null : new float[envs * headDim];
        sampledLogProb = new double[envs];
        stepCount = new int[envs];
        episodeStart = new boolean[envs];
    }

    int firstEnv() {
        return firstEnv;
    }

    int envs() {
        return envs;
    }

    /**
     * One acting timestep of this group's envs (see {@link Guider#act}).
     *
     * @param noise     the guider's noise for all {@code totalEnvs} envs, agent-major
     * @param totalEnvs E, the guider's acting envs
     */
    void act(float[] obs, boolean[] mask, int[] stepCounts, boolean[] starts, double[] noise, int totalEnvs,
             ActionBuffer out, float[] value) {
        INDArray x = fillObs(obs);
        beginTimestep(stepCounts, starts);
        INDArray v = valueRows.rows(envs * agents);
        network.encodeStep(x, stepCount, memory, v);
        copyValues(v, value);

        INDArray tokens = tokenRows.rows(envs);
        INDArray head = headRows.rows(envs);
        HostView tok = HostView.ofDense(tokens);
        int tokenDim = config.tokenDim();
        int d = headDim;
        for (int i = 0; i < agents; i++) {
            // the start token for agent 0, else the previous agent's sampled action
            tok.fillZero(0, envs * tokenDim);
            for (int e = 0; e < envs; e++) {
                if (discrete) {
                    tok.set(e + (i == 0 ? 0 : 1 + sampled[e]) * envs, 1.0);
                } else if (i > 0) {
                    for (int c = 0; c < d; c++) {
                        tok.set(e + c * envs, sampledContinuous[e * d + c]);
                    }
                }
            }
            network.decodeStep(i, tokens, stepCount, memory, head);
            int noiseOffset = i * totalEnvs + firstEnv;
            if (discrete) {
                boolean[] agentLegal = null;
                if (mask != null) {
                    for (int e = 0; e < envs; e++) {
                        System.arraycopy(mask, ((firstEnv + e) * agents + i) * d, agentMask, e * d, d);
                    }
                    agentLegal = agentMask;
                }
                categorical.load(head, agentLegal);
                categorical.sample(noise, noiseOffset, sampled);
                categorical.logProb(sampled, sampledLogProb);
                for (int e = 0; e < envs; e++) {
                    int row = (firstEnv + e) * agents + i;
                    out.discrete[row] = sampled[e];
                    out.logProb[row] = sampledLogProb[e];
                }
            } else {
                gaussian.load(head, network.logStd().value());
                gaussian.sample(noise, noiseOffset * d, sampledPreTanh, sampledContinuous);
                gaussian.logProb(sampledContinuous, sampledLogProb);
                for (int e = 0; e < envs; e++) {
                    int row = (firstEnv + e) * agents + i;
                    System.arraycopy(sampledContinuous, e * d, out.continuous, row * d, d);
                    System.arraycopy(sampledPreTanh, e * d, out.preTanh, row * d, d);
                    out.logProb[row] = sampledLogProb[e];
                }
            }
        }
    }

    /** The values of this group's envs without advancing its memory (see {@link Guider#peekValue}). */
    void peekValue(float[] obs, int[] stepCounts, boolean[] starts, float[] value) {
        INDArray x = fillObs(obs);
        peekMemory.copyEncoderFrom(memory);
        beginTimestep(stepCounts, starts);
        INDArray v = valueRows.rows(envs * agents);
        network.encodeStep(x, stepCount, peekMemory, v);
        copyValues(v, value);
    }

    /** Writes this group's memories into its envs' entries of the guider's flat memory {@code [E * memorySize]}. */
    void saveMemory(float[] dst) {
        memory.save(dst, firstEnv);
    }

    void loadMemory(float[] src) {
        memory.load(src, firstEnv);
    }

    private void beginTimestep(int[] stepCounts, boolean[] starts) {
        System.arraycopy(stepCounts, firstEnv, stepCount, 0, envs);
        System.arraycopy(starts, firstEnv, episodeStart, 0, envs);
        network.beginTimestep(envs, episodeStart);
    }

    /** This group's rows of the row-major {@code obs [E*N*obsDim]} into the 'f' input {@code [envs*N, obsDim]}. */
    private INDArray fillObs(float[] obs) {
        int rows = envs * agents;
        int first = firstEnv * agents;
        INDArray x = obsRows.rows(rows);
        HostView xb = HostView.ofDense(x);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < obsDim; c++) {
                xb.set(r + c * rows, obs[(first + r) * obsDim + c]);
            }
        }
        return x;
    }

    private void copyValues(INDArray v, float[] value) {
        HostView vb = HostView.ofDense(v);
        int first = firstEnv * agents;
        for (int r = 0, rows = envs * agents; r < rows; r++) {
            value[first + r] = (float) vb.get(r);
        }
    }
}
