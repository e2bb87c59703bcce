package org.magpo.algo;

import static org.magpo.algo.FieldChecks.atLeast;
import static org.magpo.algo.FieldChecks.inClosed;
import static org.magpo.algo.FieldChecks.inOpenClosed;
import static org.magpo.algo.FieldChecks.nonNegativeFinite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every hyperparameter of MAGPO (ALGORITHM.md §1.5, §3), immutable and validated on construction;
 * error messages name the field and the allowed range. {@link #defaults()} are the reference
 * defaults ({@code rec_magpo.yaml}, {@code anakin.yaml}, {@code magpo.yaml}); {@link #preset} gives the
 * authors' tuned values for each of the 43 benchmark tasks (from the bundled copy of
 * {@code magpo_reference_params.csv}). Derive variants with {@link #toBuilder()}.
 *
 * @param totalTimesteps             environment steps of the whole run (all lanes), >= one update's worth
 * @param learningRate               Adam learning rate shared by guider and learner (the reference's actor_lr)
 * @param updateBatchSize            parallel lanes per update (the reference's update_batch_size)
 * @param rolloutLength              T, steps per rollout
 * @param numEnvs                    E, parallel environments per lane; divisible by numMinibatches
 * @param ppoEpochs                  epochs per update
 * @param numMinibatches             minibatches per epoch (split of the env axis)
 * @param gamma                      discount γ in [0, 1]
 * @param gaeLambda                  GAE λ in [0, 1]
 * @param clipEps                    PPO clip ε (also the value clip) in (0, 1)
 * @param entCoef                    guider entropy coefficient >= 0
 * @param vfCoef                     value-loss coefficient >= 0
 * @param maxGradNorm                global-norm gradient clip per network > 0
 * @param clipGpo                    δ of the double clip and the KL mask, > 1
 * @param alpha                      weight α of the learner's RL term >= 0
 * @param decayLearningRates         decay the learning rate linearly per update
 * @param addAgentId                 prepend the one-hot agent id to observations
 * @param embedDim                   guider width d; divisible by nHead
 * @param nBlock                     guider blocks
 * @param nHead                      guider retention heads
 * @param decayScalingFactor         multiplier of the retention decays κ, in (0, 1]
 * @param timestepPositionalEncoding add the sinusoidal encoding of the episode step to retention inputs
 * @param learnerPreTorsoWidth       learner Dense width before the GRU
 * @param learnerGruWidth            learner GRU hidden size
 * @param learnerPostTorsoWidth      learner Dense width after the GRU
 * @param numEvaluations             evaluations over the run (the reference's num_evaluation), in [1, numUpdates]
 * @param evalEpisodes               episodes per evaluation
 * @param absoluteMetricEpisodes     episodes of the final absolute-metric evaluation
 * @param evaluationGreedy           evaluate with the mode instead of sampling
 * @param absoluteMetric             re-evaluate the best parameters at the end
 * @param seed                       master seed of the run
 */
public record MagpoConfig(
        long totalTimesteps,
        double learningRate,
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
        double clipGpo,
        double alpha,
        boolean decayLearningRates,
        boolean addAgentId,
        int embedDim,
        int nBlock,
        int nHead,
        double decayScalingFactor,
        boolean timestepPositionalEncoding,
        int learnerPreTorsoWidth,
        int learnerGruWidth,
        int learnerPostTorsoWidth,
        int numEvaluations,
        int evalEpisodes,
        int absoluteMetricEpisodes,
        boolean evaluationGreedy,
        boolean absoluteMetric,
        long seed) implements AlgorithmConfig {

    /** Resource holding the copy of the reference's tuned parameters. */
    public static final String PRESET_RESOURCE = "/org/magpo/algo/magpo_reference_params.csv";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private static volatile Map<String, MagpoConfig> presets;

    public MagpoConfig {
        atLeast("updateBatchSize", updateBatchSize, 1);
        atLeast("rolloutLength", rolloutLength, 1);
        atLeast("numEnvs", numEnvs, 1);
        atLeast("ppoEpochs", ppoEpochs, 1);
        atLeast("numMinibatches", numMinibatches, 1);
        if (numEnvs % numMinibatches != 0) {
            throw new IllegalArgumentException("numMinibatches must divide numEnvs (" + numEnvs + "), got " + numMinibatches);
        }
        long perUpdate = (long) rolloutLength * numEnvs * updateBatchSize;
        if (totalTimesteps < perUpdate) {
            throw new IllegalArgumentException("totalTimesteps must be >= rolloutLength*numEnvs*updateBatchSize = "
                    + perUpdate + " (one update), got " + totalTimesteps);
        }
        inOpenClosed("learningRate", learningRate, 0, 1);
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
        if (!(clipGpo > 1) || Double.isInfinite(clipGpo)) {
            throw new IllegalArgumentException("clipGpo (delta) must be finite and > 1, got " + clipGpo);
        }
        nonNegativeFinite("alpha", alpha);
        atLeast("embedDim", embedDim, 1);
        atLeast("nBlock", nBlock, 1);
        atLeast("nHead", nHead, 1);
        if (embedDim % nHead != 0) {
            throw new IllegalArgumentException("nHead must divide embedDim (" + embedDim + "), got " + nHead);
        }
        inOpenClosed("decayScalingFactor", decayScalingFactor, 0, 1);
        atLeast("learnerPreTorsoWidth", learnerPreTorsoWidth, 1);
        atLeast("learnerGruWidth", learnerGruWidth, 1);
        atLeast("learnerPostTorsoWidth", learnerPostTorsoWidth, 1);
        long updates = totalTimesteps / perUpdate;
        if (numEvaluations < 1 || numEvaluations > updates) {
            throw new IllegalArgumentException("numEvaluations must be in [1, numUpdates = " + updates + "], got "
                    + numEvaluations);
        }
        atLeast("evalEpisodes", evalEpisodes, 1);
        atLeast("absoluteMetricEpisodes", absoluteMetricEpisodes, 1);
    }





    /** Always {@code "magpo"}. */
    @Override
    public String algorithmName() {
        return "magpo";
    }

    /** Builds the guider, learner and MAGPO update rule for the task. */
    @Override
    public Algorithm create(TrainingContext context) {
        return new MagpoAlgorithm(this, context);
    }

    /** The reference defaults (ALGORITHM.md §1.5; network defaults of §3). */
    public static MagpoConfig defaults() {
        return new MagpoConfig(20_000_000L, 2.5e-4, 2, 128, 16, 4, 2, 0.99, 0.95, 0.2, 0.01, 0.5, 0.5, 1.5, 1.0,
                false, true, 64, 1, 1, 0.8, true, 128, 128, 128, 122, 32, 320, false, true, 42L);
    }

    /** Environment steps per update: rolloutLength · numEnvs · updateBatchSize. */
    public long stepsPerUpdate() {
        return (long) rolloutLength * numEnvs * updateBatchSize;
    }

    /** Number of updates, {@code totalTimesteps / stepsPerUpdate()} (rounded down, as the reference). */
    public long numUpdates() {
        return totalTimesteps / stepsPerUpdate();
    }

    /** Updates between evaluations, {@code numUpdates / numEvaluations} (rounded down, as the reference). */
    public long updatesPerEvaluation() {
        return numUpdates() / numEvaluations;
    }

    /** Environments per minibatch: numEnvs / numMinibatches. */
    public int envsPerMinibatch() {
        return numEnvs / numMinibatches;
    }

    /** A builder starting from this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(defaults());
    }

    /** This config as JSON (every field, for run directories and checkpoints). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise MagpoConfig", e);
        }
    }

    /**
     * Parses {@link #toJson()} output. Every field must be present and no unknown field may appear,
     * so a checkpoint never silently changes meaning.
     */
    public static MagpoConfig fromJson(String json) {
        try {
            return JSON.readValue(json, MagpoConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("invalid MagpoConfig JSON: " + cause.getMessage(), e);
        }
    }

    /**
     * The authors' tuned MAGPO config for a benchmark task id (e.g. {@code "rware:tiny-2ag"},
     * {@code "coordsum:3x30-50"}): their per-task values over {@link #defaults()}, with 64 envs and 2e7
     * steps (1220 updates, 122 evaluations).
     *
     * @throws IllegalArgumentException for an unknown id, listing the valid ones
     */
    public static MagpoConfig preset(String taskId) {
        MagpoConfig c = presets().get(taskId);
        if (c == null) {
            throw new IllegalArgumentException("no MAGPO preset for task '" + taskId + "'; valid ids: " + presetIds());
        }
        return c;
    }

    /** The task ids that have a preset (43), in the CSV's order. */
    public static List<String> presetIds() {
        return List.copyOf(presets().keySet());
    }

    private static Map<String, MagpoConfig> presets() {
        Map<String, MagpoConfig> p = presets;
        if (p == null) {
            synchronized (MagpoConfig.class) {
                p = presets;
                if (p == null) {
                    p = Collections.unmodifiableMap(loadPresets());
                    presets = p;
                }
            }
        }
        return p;
    }

    /** CSV task names that differ from the registry's task part ({@code family:task}). */
    private static final Map<String, String> COORDSUM_TASKS = Map.of(
            "3x10", "3x10-30", "3x30", "3x30-50", "5x20", "5x20-80", "8x15", "8x15-100");

    private static Map<String, MagpoConfig> loadPresets() {
        try (InputStream in = MagpoConfig.class.getResourceAsStream(PRESET_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("preset resource " + PRESET_RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String header = reader.readLine();
            if (header == null) {
                throw new IllegalStateException(PRESET_RESOURCE + " is empty");
            }
            List<String> columns = List.of(header.trim().split(",", -1));
            Map<String, MagpoConfig> out = new LinkedHashMap<>();
            String line;
            int lineNo = 1;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != columns.size()) {
                    throw new IllegalStateException(PRESET_RESOURCE + " line " + lineNo + " has " + cells.length
                            + " cells, header has " + columns.size());
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < cells.length; i++) {
                    row.put(columns.get(i), cells[i].trim());
                }
                if (!"magpo".equals(row.get("system_name"))) {
                    continue;
                }
                String id = taskId(row.get("env_name"), row.get("task"));
                out.put(id, fromCsvRow(id, row));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PRESET_RESOURCE, e);
        }
    }

    private static String taskId(String env, String task) {
        if ("coordsum".equals(env)) {
            String t = COORDSUM_TASKS.get(task);
            if (t == null) {
                throw new IllegalStateException("unknown coordsum task '" + task + "' in " + PRESET_RESOURCE);
            }
            return "coordsum:" + t;
        }
        return env + ":" + task;
    }

    private static MagpoConfig fromCsvRow(String id, Map<String, String> row) {
        // CoordSum rows keep their single learning rate in critic_lr and leave actor_lr empty.
        String lr = row.get("actor_lr").isEmpty() ? row.get("critic_lr") : row.get("actor_lr");
        MagpoConfig c = defaults().toBuilder()
                .numEnvs(intCell(id, row, "num_envs"))
                .numMinibatches(intCell(id, row, "num_minibatches"))
                .maxGradNorm(doubleCell(id, row, "max_grad_norm"))
                .embedDim(intCell(id, row, "n_embd"))
                .ppoEpochs(intCell(id, row, "ppo_epochs"))
                .clipEps(doubleCell(id, row, "clip_eps"))
                .decayScalingFactor(doubleCell(id, row, "decay_scaling_factor"))
                .nHead(intCell(id, row, "n_head"))
                .entCoef(doubleCell(id, row, "ent_coef"))
                .nBlock(intCell(id, row, "n_block"))
                .learningRate(Double.parseDouble(lr))
                .numEvaluations(intCell(id, row, "num_evaluation"))
                .alpha(doubleCell(id, row, "alpha"))
                .clipGpo(doubleCell(id, row, "delta"))
                .build();
        long updates = Long.parseLong(row.get("num_updates"));
        if (c.numUpdates() != updates) {
            throw new IllegalStateException("preset " + id + ": derived numUpdates " + c.numUpdates()
                    + " differs from the CSV's num_updates " + updates);
        }
        return c;
    }

    private static int intCell(String id, Map<String, String> row, String column) {
        return Integer.parseInt(cell(id, row, column));
    }

    private static double doubleCell(String id, Map<String, String> row, String column) {
        return Double.parseDouble(cell(id, row, column));
    }

    private static String cell(String id, Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("preset " + id + ": column '" + column + "' is empty in " + PRESET_RESOURCE);
        }
        return v;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private long totalTimesteps;
        private double learningRate;
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
        private double clipGpo;
        private double alpha;
        private boolean decayLearningRates;
        private boolean addAgentId;
        private int embedDim;
        private int nBlock;
        private int nHead;
        private double decayScalingFactor;
        private boolean timestepPositionalEncoding;
        private int learnerPreTorsoWidth;
        private int learnerGruWidth;
        private int learnerPostTorsoWidth;
        private int numEvaluations;
        private int evalEpisodes;
        private int absoluteMetricEpisodes;
        private boolean evaluationGreedy;
        private boolean absoluteMetric;
        private long seed;

        private Builder(MagpoConfig c) {
            totalTimesteps = c.totalTimesteps;
            learningRate = c.learningRate;
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
            clipGpo = c.clipGpo;
            alpha = c.alpha;
            decayLearningRates = c.decayLearningRates;
            addAgentId = c.addAgentId;
            embedDim = c.embedDim;
            nBlock = c.nBlock;
            nHead = c.nHead;
            decayScalingFactor = c.decayScalingFactor;
            timestepPositionalEncoding = c.timestepPositionalEncoding;
            learnerPreTorsoWidth = c.learnerPreTorsoWidth;
            learnerGruWidth = c.learnerGruWidth;
            learnerPostTorsoWidth = c.learnerPostTorsoWidth;
            numEvaluations = c.numEvaluations;
            evalEpisodes = c.evalEpisodes;
            absoluteMetricEpisodes = c.absoluteMetricEpisodes;
            evaluationGreedy = c.evaluationGreedy;
            absoluteMetric = c.absoluteMetric;
            seed = c.seed;
        }

        public Builder totalTimesteps(long v) { totalTimesteps = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
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
        public Builder clipGpo(double v) { clipGpo = v; return this; }
        public Builder alpha(double v) { alpha = v; return this; }
        public Builder decayLearningRates(boolean v) { decayLearningRates = v; return this; }
        public Builder addAgentId(boolean v) { addAgentId = v; return this; }
        public Builder embedDim(int v) { embedDim = v; return this; }
        public Builder nBlock(int v) { nBlock = v; return this; }
        public Builder nHead(int v) { nHead = v; return this; }
        public Builder decayScalingFactor(double v) { decayScalingFactor = v; return this; }
        public Builder timestepPositionalEncoding(boolean v) { timestepPositionalEncoding = v; return this; }
        public Builder learnerPreTorsoWidth(int v) { learnerPreTorsoWidth = v; return this; }
        public Builder learnerGruWidth(int v) { learnerGruWidth = v; return this; }
        public Builder learnerPostTorsoWidth(int v) { learnerPostTorsoWidth = v; return this; }
        public Builder numEvaluations(int v) { numEvaluations = v; return this; }
        public Builder evalEpisodes(int v) { evalEpisodes = v; return this; }
        public Builder absoluteMetricEpisodes(int v) { absoluteMetricEpisodes = v; return this; }
        public Builder evaluationGreedy(boolean v) { evaluationGreedy = v; return this; }
        public Builder absoluteMetric(boolean v) { absoluteMetric = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        /** Validates and builds. */
        public MagpoConfig build() {
            return new MagpoConfig(totalTimesteps, learningRate, updateBatchSize, rolloutLength, numEnvs, ppoEpochs,
                    numMinibatches, gamma, gaeLambda, clipEps, entCoef, vfCoef, maxGradNorm, clipGpo, alpha,
                    decayLearningRates, addAgentId, embedDim, nBlock, nHead, decayScalingFactor,
                    timestepPositionalEncoding, learnerPreTorsoWidth, learnerGruWidth, learnerPostTorsoWidth,
                    numEvaluations, evalEpisodes, absoluteMetricEpisodes, evaluationGreedy, absoluteMetric, seed);
        }
    }
}
