package org.magpo.algo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.magpo.env.EnvSpec;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.Guider;
import org.magpo.policy.Learner;
import org.magpo.policy.RecurrentState;
import org.magpo.rollout.RolloutBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MAGPO as the trainer runs it (ALGORITHM.md §1.2): the {@link Guider} is the behaviour policy
 * (agents 0..N−1) and owns the values; the {@link Learner}'s GRU is advanced on the same observations
 * (D-B1); {@link Magpo#update} trains both networks in lock-step; only the learner is evaluated,
 * decentralised.
 */
public final class MagpoAlgorithm implements Algorithm {
    private static final Logger LOG = LoggerFactory.getLogger(MagpoAlgorithm.class);

    /** Per-update metric names (the {@code metrics.csv} columns MAGPO has always written). */
    public static final List<String> METRICS = List.of("guider_loss", "clip_loss", "guider_kl", "entropy",
            "value_loss", "learner_loss", "learner_rl", "kl", "clip_fraction", "delta_mask_fraction", "approx_kl",
            "grad_norm_guider", "grad_norm_learner", "learning_rate");

    private final int numEnvs;
    private final int agents;
    private final Guider guider;
    private final Learner learner;
    private final Magpo magpo;
    private final RolloutBuffer buffer;
    private final boolean[] agentResets;
    // the learner's GRU state per guider acting group of envs ([E_group * N, H]); group 1 is advanced by a replica
    private final Learner[] learnerGroups;
    private final INDArray[] learnerHidden;
    private final TrainedNetwork guiderState;
    private final TrainedNetwork learnerState;

    /**
     * @throws IllegalArgumentException when the learner widths differ (the network has one width)
     */
    public MagpoAlgorithm(MagpoConfig config, TrainingContext ctx) {
        if (config.learnerPreTorsoWidth() != config.learnerGruWidth()
                || config.learnerPostTorsoWidth() != config.learnerGruWidth()) {
            throw new IllegalArgumentException("the learner network has one width for its pre-torso, GRU and post-torso "
                    + "(128 in the reference); got learnerPreTorsoWidth " + config.learnerPreTorsoWidth()
                    + ", learnerGruWidth " + config.learnerGruWidth() + ", learnerPostTorsoWidth "
                    + config.learnerPostTorsoWidth());
        }
        EnvSpec spec = ctx.spec();
        this.numEnvs = ctx.envs();
        this.agents = spec.numAgents();
        int tokensPerMinibatch = ctx.tokensPerMinibatch();
        this.guider = new Guider(spec, config.embedDim(), config.nBlock(), config.nHead(),
                config.decayScalingFactor(), config.timestepPositionalEncoding(), numEnvs, tokensPerMinibatch,
                DataType.FLOAT, ctx.firstInit());
        this.learner = new Learner(spec, config.learnerGruWidth(), tokensPerMinibatch, DataType.FLOAT, ctx.secondInit());
        this.buffer = new RolloutBuffer(spec, ctx.steps(), numEnvs, guider.memorySize(), agents * learner.hiddenSize());
        MagpoConfig laneFolded = config.toBuilder().numEnvs(numEnvs).numMinibatches(ctx.minibatches())
                .updateBatchSize(1).build();
        this.magpo = new Magpo(laneFolded, guider, learner, buffer, ctx.shuffleRng(), true);
        this.agentResets = new boolean[numEnvs * agents];
        int groups = guider.groups();
        this.learnerGroups = new Learner[groups];
        this.learnerHidden = new INDArray[groups];
        for (int g = 0; g < groups; g++) {
            learnerGroups[g] = g == 0 ? learner : learner.replica();
            learnerHidden[g] = learner.initialState(guider.groupEnvs(g) * agents);
        }
        this.guiderState = new TrainedNetwork("guider", guider.parameters(), magpo.guiderOptimizer());
        this.learnerState = new TrainedNetwork("learner", learner.network().parameters(), magpo.learnerOptimizer());
        LOG.info("MAGPO on {}: N={}, obsDim={}, {} actions; E={} envs x T={} steps, {} updates; guider {} params, "
                        + "learner {} params", spec.taskId(), agents, spec.obsDim(), spec.actionSpace(), numEnvs,
                ctx.steps(), config.numUpdates(), guider.parameters().size(), learner.network().parameters().size());
    }

    public Guider guider() {
        return guider;
    }

    public Learner learner() {
        return learner;
    }

    @Override
    public String name() {
        return "magpo";
    }

    @Override
    public RolloutBuffer buffer() {
        return buffer;
    }

    @Override
    public void beginRollout() {
        guider.saveMemory(buffer.guiderMemory);
        storeLearnerHidden(buffer.learnerState);
    }

    private void storeLearnerHidden(float[] dst) {
        for (int g = 0; g < learnerHidden.length; g++) {
            RecurrentState.store(learnerHidden[g], dst, guider.groupFirstEnv(g) * agents);
        }
    }

    @Override
    public void act(VectorEnv envs, int t, Rng rng, ActionBuffer actions, float[] values) {
        envs.agentEpisodeStart(agentResets);
        // the learner reads only the observations: each guider group's thread then advances its envs' GRU states
        guider.act(envs.obs, envs.actionMask, envs.stepCount, envs.episodeStart, rng, actions, values,
                (group, firstEnv, groupEnvs) -> learnerGroups[group].advance(envs.obs, agentResets, firstEnv * agents,
                        learnerHidden[group]));
    }

    @Override
    public void bootstrap(VectorEnv envs, float[] values) {
        guider.peekValue(envs.obs, envs.stepCount, envs.episodeStart, values);
    }

    @Override
    public Map<String, Double> update(long update) {
        Magpo.UpdateStats s = magpo.update(buffer, update);
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("guider_loss", s.guiderLoss());
        row.put("clip_loss", s.clipLoss());
        row.put("guider_kl", s.guiderKl());
        row.put("entropy", s.entropy());
        row.put("value_loss", s.valueLoss());
        row.put("learner_loss", s.learnerLoss());
        row.put("learner_rl", s.learnerRl());
        row.put("kl", s.learnerKl());
        row.put("clip_fraction", s.clipFraction());
        row.put("delta_mask_fraction", s.deltaMaskFraction());
        row.put("approx_kl", s.approxKl());
        row.put("grad_norm_guider", s.gradNormGuider());
        row.put("grad_norm_learner", s.gradNormLearner());
        row.put("learning_rate", s.learningRate());
        return row;
    }

    @Override
    public List<String> metricNames() {
        return METRICS;
    }

    @Override
    public String progress(Map<String, Double> m) {
        return String.format("guider %.4f learner %.4f | KL %.4f | clip %.3f | δ-mask %.3f", m.get("guider_loss"),
                m.get("learner_loss"), m.get("kl"), m.get("clip_fraction"), m.get("delta_mask_fraction"));
    }

    @Override
    public EvaluationPolicy evaluationPolicy() {
        return new EvaluationPolicy.Decentralized(learner);
    }

    @Override
    public float[] evaluatedParameters() {
        return learner.network().parameters().values().toFloatVector();
    }

    @Override
    public void loadEvaluatedParameters(float[] params) {
        learner.network().parameters().values().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(params));
    }

    @Override
    public String evaluatedName() {
        return "learner";
    }

    @Override
    public void save(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        guiderState.save(arrays, counters);
        learnerState.save(arrays, counters);
        float[] memory = new float[numEnvs * guider.memorySize()];
        guider.saveMemory(memory);
        arrays.put("guider/memory", memory);
        float[] hidden = new float[numEnvs * agents * learner.hiddenSize()];
        storeLearnerHidden(hidden);
        arrays.put("learner/hidden", hidden);
        longs.put("rng/shuffle", magpo.shuffleRng().state());
    }

    @Override
    public void restore(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters) {
        guiderState.restore(arrays, counters);
        learnerState.restore(arrays, counters);
        guider.loadMemory(TrainedNetwork.entry(arrays, "guider/memory"));
        float[] hidden = TrainedNetwork.entry(arrays, "learner/hidden");
        RecurrentState.requireLength(hidden, numEnvs * agents, learner.hiddenSize(), "checkpoint entry learner/hidden");
        for (int g = 0; g < learnerHidden.length; g++) {
            RecurrentState.load(hidden, guider.groupFirstEnv(g) * agents, learnerHidden[g]);
        }
        magpo.shuffleRng().setState(TrainedNetwork.entry(longs, "rng/shuffle"));
    }
}
