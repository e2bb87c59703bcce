package org.magpo.algo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The settings every algorithm's config shares with the trainer (run length, batch shape, GAE,
 * evaluation protocol, seed), plus how to build the algorithm. Implemented by immutable, validated
 * records ({@link MagpoConfig}, {@link PpoConfig}); the record accessors satisfy the methods.
 */
public interface AlgorithmConfig {

    /** Name of the algorithm in run files (the marl-eval {@code algo} key), e.g. {@code "magpo"}. */
    String algorithmName();

    /** Environment steps of the whole run (all lanes). */
    long totalTimesteps();

    /** Parallel lanes per update (the reference's {@code update_batch_size}). */
    int updateBatchSize();

    /** T, steps per rollout. */
    int rolloutLength();

    /** Environments per lane. */
    int numEnvs();

    /** Minibatches per epoch per lane. */
    int numMinibatches();

    /** Discount γ. */
    double gamma();

    /** GAE λ. */
    double gaeLambda();

    /** Evaluations over the run. */
    int numEvaluations();

    /** Episodes per evaluation (also the number of evaluation environments). */
    int evalEpisodes();

    /** Episodes of the final absolute-metric evaluation. */
    int absoluteMetricEpisodes();

    /** Evaluate with the mode instead of sampling. */
    boolean evaluationGreedy();

    /** Re-evaluate the best parameters at the end. */
    boolean absoluteMetric();

    /** Prepend the one-hot agent id to observations (the env factory's job; recorded here). */
    boolean addAgentId();

    /** Master seed of the run. */
    long seed();

    /** Every field as JSON (run directories, checkpoints); {@link #fromJson} reads it back. */
    String toJson();

    /** Builds the algorithm for a task; fails with IllegalArgumentException on an algorithm/env mismatch. */
    Algorithm create(TrainingContext context);

    /** Environment steps per update: {@code rolloutLength · numEnvs · updateBatchSize}. */
    default long stepsPerUpdate() {
        return (long) rolloutLength() * numEnvs() * updateBatchSize();
    }

    /** Number of updates (rounded down, as the reference). */
    default long numUpdates() {
        return totalTimesteps() / stepsPerUpdate();
    }

    /** Updates between evaluations (rounded down, as the reference). */
    default long updatesPerEvaluation() {
        return numUpdates() / numEvaluations();
    }

    /**
     * Parses any built-in config's {@link #toJson()}: a {@link PpoConfig} (it has a {@code system}
     * field) or a {@link MagpoConfig}.
     */
    static AlgorithmConfig fromJson(String json) {
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("invalid algorithm config JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("algorithm config JSON must be an object, got " + json);
        }
        return tree.has("system") ? PpoConfig.fromJson(json) : MagpoConfig.fromJson(json);
    }
}
