package org.magpo.algo;

import static org.magpo.algo.FieldChecks.atLeast;
import static org.magpo.algo.FieldChecks.inClosed;
import static org.magpo.algo.FieldChecks.inOpenClosed;
import static org.magpo.algo.FieldChecks.nonNegativeFinite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every hyperparameter of the PPO baselines that run on the shared trainer (ALGORITHM.md §3.4, Mava's
 * {@code rec_ippo}, {@code rec_mappo} and {@code rec_sable} systems), immutable and validated on
 * construction; messages name the field and the allowed range. {@link #defaults} are the reference
 * defaults; {@link #preset} gives the authors' tuned values for the tasks the CSV has rows for (the
 * four CoordSum tasks; HAPPO has rows for all 43) and the defaults elsewhere. Derive variants with {@link #toBuilder()}.
 *
 * <ul>
 *   <li>IPPO: the learner network (MLP-GRU-MLP, shared, agent id) as actor + a per-agent recurrent
 *       critic on local observations; evaluated decentralised.</li>
 *   <li>MAPPO: as IPPO with a centralised recurrent critic on the global state (or all observations).</li>
 *   <li>SABLE: the guider network (retention encoder-decoder) trained alone with plain PPO, agents
 *       shuffled per epoch, executed centrally.</li>
 *   <li>HAPPO: one actor per agent (not shared) updated one after the other in a random order per epoch,
 *       each weighted by the already-updated agents' probability ratios; MAPPO's centralised critic.</li>
 * </ul>
 * The reference's truncated-BPTT {@code recurrent_chunk_size} is not used: gradients run through the
 * whole rollout (the CoordSum presets use chunk = rollout = 128 anyway).
 *
 * @param system                     which baseline: IPPO, MAPPO, SABLE or HAPPO
 * @param totalTimesteps             environment steps of the whole run (all lanes), >= one update's worth
 * @param actorLr                    Adam learning rate of the actor (Sable: of its one network), in (0, 1]
 * @param criticLr                   Adam learning rate of the critic (IPPO/MAPPO), in (0, 1]
 * @param updateBatchSize            parallel lanes per update (the reference's update_batch_size)
 * @param rolloutLength              T, steps per rollout
 * @param numEnvs                    E, parallel environments per lane; divisible by numMinibatches
 * @param ppoEpochs                  epochs per update
 * @param numMinibatches             minibatches per epoch (split of the env axis)
 * @param gamma                      discount γ in [0, 1]
 * @param gaeLambda                  GAE λ in [0, 1]
 * @param clipEps                    PPO clip ε (also the value clip) in (0, 1)
 * @param entCoef                    entropy coefficient >= 0
 * @param vfCoef                     value-loss coefficient >= 0
 * @param maxGradNorm                global-norm gradient clip per network > 0
 * @param decayLearningRates         decay the learning rates linearly per update
 * @param addAgentId                 prepend the one-hot agent id to observations
 * @param hiddenWidth                IPPO/MAPPO actor and critic width (Dense, GRU, Dense; 128 in the reference)
 * @param embedDim                   Sable width d; divisible by nHead
 * @param nBlock                     Sable blocks
 * @param nHead                      Sable retention heads
 * @param decayScalingFactor         Sable retention decay multiplier in (0, 1]
 * @param timestepPositionalEncoding Sable: sinusoidal encoding of the episode step on retention inputs
 * @param numEvaluations             evaluations over the run, in [1, numUpdates]
 * @param evalEpisodes               episodes per evaluation
 * @param absoluteMetricEpisodes     episodes of the final absolute-metric evaluation
 * @param evaluationGreedy           evaluate with the mode instead of sampling (IPPO/MAPPO only)
 * @param absoluteMetric             re-evaluate the best parameters at the end
 * @param seed                       master seed of the run
 */
public record PpoConfig(
        Baseline system,
        long totalTimesteps,
        double actorLr,
        double criticLr,
        int updateBatchSize,
        int rolloutLength,
        int numEnvs,
        int ppoEpochs,
        int numMinibatches,
        double gamma,
        double gaeLambda,
        double clipEps,
        double entCoef,
        double vfCoef,
        double maxGradNorm,
        boolean decayLearningRates,
        boolean addAgentId,
        int hiddenWidth,
        int embedDim,
        int nBlock,
        int nHead,
        double decayScalingFactor,
        boolean timestepPositionalEncoding,
        int numEvaluations,
        int evalEpisodes,
        int absoluteMetricEpisodes,
        boolean evaluationGreedy,
        boolean absoluteMetric,
        long seed) implements AlgorithmConfig {

    /** The baselines this config can describe. */
    public enum Baseline {
        /** Independent PPO: recurrent actor, recurrent critic on local observations. */
        IPPO,
        /** Multi-agent PPO: recurrent actor, centralised recurrent critic. */
        MAPPO,
        /** Sable alone: the retention encoder-decoder trained with plain PPO, executed centrally. */
        SABLE,
        /** Heterogeneous-agent PPO: one recurrent actor per agent updated in sequence, centralised critic. */
        HAPPO;

        /** The CSV's {@code system_name} and the run files' algorithm name. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public PpoConfig {
        if (system == null) {
            throw new IllegalArgumentException("system must be one of " + List.of(Baseline.values()) + ", got null");
        }
        atLeast("updateBatchSize", updateBatchSize, 1);
        atLeast("rolloutLength", rolloutLength, 1);
        atLeast("numEnvs", numEnvs, 1);
        atLeast("ppoEpochs", ppoEpochs, 1);
        atLeast("numMinibatches", numMinibatches, 1);
        if (numEnvs % numMinibatches != 0) {
            throw new IllegalArgumentException("numMinibatches must divide numEnvs (" + numEnvs + "), got "
                    + numMinibatches);
        }
        long perUpdate = (long) rolloutLength * numEnvs * updateBatchSize;
        if (totalTimesteps < perUpdate) {
            throw new IllegalArgumentException("totalTimesteps must be >= rolloutLength*numEnvs*updateBatchSize = "
                    + perUpdate + " (one update), got " + totalTimesteps);
        }
        inOpenClosed("actorLr", actorLr, 0, 1);
        inOpenClosed("criticLr", criticLr, 0, 1);
        inClosed("gamma", gamma, 0, 1);
        inClosed("gaeLambda", gaeLambda, 0, 1);
        if (!(clipEps > 0 && clipEps < 1)) {
            throw new IllegalArgumentException("clipEps must be in (0, 1), got " + clipEps);
        }
        nonNegativeFinite("entCoef", entCoef);
        nonNegativeFinite("vfCoef", vfCoef);
        if (!(maxGradNorm > 0) || Double.isInfinite(maxGradNorm)) {
            throw new IllegalArgumentException("maxGradNorm must be finite and > 0, got " + maxGradNorm);
        }
        atLeast("hiddenWidth", hiddenWidth, 1);
        atLeast("embedDim", embedDim, 1);
        atLeast("nBlock", nBlock, 1);
        atLeast("nHead", nHead, 1);
        if (embedDim % nHead != 0) {
            throw new IllegalArgumentException("nHead must divide embedDim (" + embedDim + "), got " + nHead);
        }
        inOpenClosed("decayScalingFactor", decayScalingFactor, 0, 1);
        long updates = totalTimesteps / perUpdate;
        if (numEvaluations < 1 || numEvaluations > updates) {
            throw new IllegalArgumentException("numEvaluations must be in [1, numUpdates = " + updates + "], got "
                    + numEvaluations);
        }
        atLeast("evalEpisodes", evalEpisodes, 1);
        atLeast("absoluteMetricEpisodes", absoluteMetricEpisodes, 1);
        if (system == Baseline.SABLE && evaluationGreedy) {
            throw new IllegalArgumentException("evaluationGreedy must be false for SABLE: the centralised joint "
                    + "policy is evaluated by sampling (the reference default)");
        }
    }





    /**
     * The reference defaults of a baseline: lr 2.5e-4, 2 lanes × 16 envs × 128 steps, 4 epochs, 2
     * minibatches, γ 0.99, λ 0.95, ε 0.2, c_ent 0.01, c_vf 0.5, grad clip 0.5, width 128; Sable 64-d,
     * 1 block, 1 head, dsf 0.8; 2e7 steps, 122 evaluations of 32 episodes, absolute metric 320.
     */
    public static PpoConfig defaults(Baseline system) {
        return new PpoConfig(system, 20_000_000L, 2.5e-4, 2.5e-4, 2, 128, 16, 4, 2, 0.99, 0.95, 0.2, 0.01, 0.5, 0.5,
                false, true, 128, 64, 1, 1, 0.8, true, 122, 32, 320, false, true, 42L);
    }

    @Override
    public String algorithmName() {
        return system.id();
    }

    /** Builds {@link RecurrentPpo} (IPPO, MAPPO), {@link SablePpo} or {@link Happo} for the task. */
    @Override
    public Algorithm create(TrainingContext context) {
        return switch (system) {
            case SABLE -> new SablePpo(this, context);
            case HAPPO -> new Happo(this, context);
            case IPPO, MAPPO -> new RecurrentPpo(this, context);
        };
    }

    /** Environment steps per update: rolloutLength · numEnvs · updateBatchSize. */
    @Override
    public long stepsPerUpdate() {
        return (long) rolloutLength * numEnvs * updateBatchSize;
    }

    /**
     * The authors' tuned config of {@code system} for a task id (e.g. {@code "coordsum:3x30-50"}) where
     * the CSV has a row (64 envs, 2e7 steps, 1220 updates), else {@link #defaults}.
     */
    public static PpoConfig preset(Baseline system, String taskId) {
        Map<String, String> row = ReferenceParams.rows(system.id()).get(taskId);
        return row == null ? defaults(system) : fromCsvRow(system, taskId, row);
    }

    /** The task ids with a tuned row for {@code system}, in the CSV's order. */
    public static List<String> presetIds(Baseline system) {
        return List.copyOf(ReferenceParams.rows(system.id()).keySet());
    }

    private static PpoConfig fromCsvRow(Baseline system, String id, Map<String, String> row) {
        // Sable rows keep their single learning rate in critic_lr and leave actor_lr empty.
        String critic = ReferenceParams.cell(id, row, "critic_lr");
        String actor = row.get("actor_lr").isEmpty() ? critic : row.get("actor_lr");
        Builder b = defaults(system).toBuilder()
                .numEnvs(intCell(id, row, "num_envs"))
                .numMinibatches(intCell(id, row, "num_minibatches"))
                .maxGradNorm(doubleCell(id, row, "max_grad_norm"))
                .ppoEpochs(intCell(id, row, "ppo_epochs"))
                .clipEps(doubleCell(id, row, "clip_eps"))
                .entCoef(doubleCell(id, row, "ent_coef"))
                .actorLr(Double.parseDouble(actor))
                .criticLr(Double.parseDouble(critic))
                .numEvaluations(intCell(id, row, "num_evaluation"));
        if (system == Baseline.SABLE) {
            b.embedDim(intCell(id, row, "n_embd"))
                    .nHead(intCell(id, row, "n_head"))
                    .nBlock(intCell(id, row, "n_block"))
                    .decayScalingFactor(doubleCell(id, row, "decay_scaling_factor"));
        }
        PpoConfig c = b.build();
        long updates = Long.parseLong(ReferenceParams.cell(id, row, "num_updates"));
        if (c.numUpdates() != updates) {
            throw new IllegalStateException("preset " + system.id() + " " + id + ": derived numUpdates "
                    + c.numUpdates() + " differs from the CSV's num_updates " + updates);
        }
        return c;
    }

    private static int intCell(String id, Map<String, String> row, String column) {
        return Integer.parseInt(ReferenceParams.cell(id, row, column));
    }

    private static double doubleCell(String id, Map<String, String> row, String column) {
        return Double.parseDouble(ReferenceParams.cell(id, row, column));
    }

    @Override
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise PpoConfig", e);
        }
    }

    /** Parses {@link #toJson()} output; every field must be present and none unknown. */
    public static PpoConfig fromJson(String json) {
        try {
            return JSON.readValue(json, PpoConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("invalid PpoConfig JSON: " + cause.getMessage(), e);
        }
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Baseline system;
        private long totalTimesteps;
        private double actorLr;
        private double criticLr;
        private int updateBatchSize;
        private int rolloutLength;
        private int numEnvs;
        private int ppoEpochs;
        private int numMinibatches;
        private double gamma;
        private double gaeLambda;
        private double clipEps;
        private double entCoef;
        private double vfCoef;
        private double maxGradNorm;
        private boolean decayLearningRates;
        private boolean addAgentId;
        private int hiddenWidth;
        private int embedDim;
        private int nBlock;
        private int nHead;
        private double decayScalingFactor;
        private boolean timestepPositionalEncoding;
        private int numEvaluations;
        private int evalEpisodes;
        private int absoluteMetricEpisodes;
        private boolean evaluationGreedy;
        private boolean absoluteMetric;
        private long seed;

        private Builder(PpoConfig c) {
            system = c.system;
            totalTimesteps = c.totalTimesteps;
            actorLr = c.actorLr;
            criticLr = c.criticLr;
            updateBatchSize = c.updateBatchSize;
            rolloutLength = c.rolloutLength;
            numEnvs = c.numEnvs;
            ppoEpochs = c.ppoEpochs;
            numMinibatches = c.numMinibatches;
            gamma = c.gamma;
            gaeLambda = c.gaeLambda;
            clipEps = c.clipEps;
            entCoef = c.entCoef;
            vfCoef = c.vfCoef;
            maxGradNorm = c.maxGradNorm;
            decayLearningRates = c.decayLearningRates;
            addAgentId = c.addAgentId;
            hiddenWidth = c.hiddenWidth;
            embedDim = c.embedDim;
            nBlock = c.nBlock;
            nHead = c.nHead;
            decayScalingFactor = c.decayScalingFactor;
            timestepPositionalEncoding = c.timestepPositionalEncoding;
            numEvaluations = c.numEvaluations;
            evalEpisodes = c.evalEpisodes;
            absoluteMetricEpisodes = c.absoluteMetricEpisodes;
            evaluationGreedy = c.evaluationGreedy;
            absoluteMetric = c.absoluteMetric;
            seed = c.seed;
        }

        public Builder system(Baseline v) { system = v; return this; }
        public Builder totalTimesteps(long v) { totalTimesteps = v; return this; }
        public Builder actorLr(double v) { actorLr = v; return this; }
        public Builder criticLr(double v) { criticLr = v; return this; }
        public Builder updateBatchSize(int v) { updateBatchSize = v; return this; }
        public Builder rolloutLength(int v) { rolloutLength = v; return this; }
        public Builder numEnvs(int v) { numEnvs = v; return this; }
        public Builder ppoEpochs(int v) { ppoEpochs = v; return this; }
        public Builder numMinibatches(int v) { numMinibatches = v; return this; }
        public Builder gamma(double v) { gamma = v; return this; }
        public Builder gaeLambda(double v) { gaeLambda = v; return this; }
        public Builder clipEps(double v) { clipEps = v; return this; }
        public Builder entCoef(double v) { entCoef = v; return this; }
        public Builder vfCoef(double v) { vfCoef = v; return this; }
        public Builder maxGradNorm(double v) { maxGradNorm = v; return this; }
        public Builder decayLearningRates(boolean v) { decayLearningRates = v; return this; }
        public Builder addAgentId(boolean v) { addAgentId = v; return this; }
        public Builder hiddenWidth(int v) { hiddenWidth = v; return this; }
        public Builder embedDim(int v) { embedDim = v; return this; }
        public Builder nBlock(int v) { nBlock = v; return this; }
        public Builder nHead(int v) { nHead = v; return this; }
        public Builder decayScalingFactor(double v) { decayScalingFactor = v; return this; }
        public Builder timestepPositionalEncoding(boolean v) { timestepPositionalEncoding = v; return this; }
        public Builder numEvaluations(int v) { numEvaluations = v; return this; }
        public Builder evalEpisodes(int v) { evalEpisodes = v; return this; }
        public Builder absoluteMetricEpisodes(int v) { absoluteMetricEpisodes = v; return this; }
        public Builder evaluationGreedy(boolean v) { evaluationGreedy = v; return this; }
        public Builder absoluteMetric(boolean v) { absoluteMetric = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        /** Validates and builds. */
        public PpoConfig build() {
            return new PpoConfig(system, totalTimesteps, actorLr, criticLr, updateBatchSize, rolloutLength, numEnvs,
                    ppoEpochs, numMinibatches, gamma, gaeLambda, clipEps, entCoef, vfCoef, maxGradNorm,
                    decayLearningRates, addAgentId, hiddenWidth, embedDim, nBlock, nHead, decayScalingFactor,
                    timestepPositionalEncoding, numEvaluations, evalEpisodes, absoluteMetricEpisodes,
                    evaluationGreedy, absoluteMetric, seed);
        }
    }
}
