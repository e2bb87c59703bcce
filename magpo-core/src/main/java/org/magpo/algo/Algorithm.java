package org.magpo.algo;

import java.util.List;
import java.util.Map;
import org.magpo.env.VectorEnv;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.rollout.RolloutBuffer;

/**
 * What the shared {@link org.magpo.train.Trainer} needs from a training algorithm: an algorithm is a
 * behaviour policy with values for GAE, a loss and update rule over a {@link RolloutBuffer}, the policy
 * it is evaluated by, and the state a checkpoint must hold. It never owns a training loop.
 *
 * <p>One update, as the trainer drives it: {@link #beginRollout()} (memories at rollout start into the
 * buffer), then for each step t the trainer records the observation, calls {@link #act} and steps the
 * environments; {@link #bootstrap}, GAE on the buffer, {@link #update}. Shapes: E environments, N
 * agents, rows {@code e·N + i}.
 */
public interface Algorithm {

    /** Name in run files, e.g. {@code "magpo"}, {@code "ippo"}. */
    String name();

    /** The rollout buffer the trainer fills ({@code [T, E, N, ...]}, sized at construction). */
    RolloutBuffer buffer();

    /** Stores the acting memories at rollout start into {@link #buffer()}. */
    void beginRollout();

    /**
     * Chooses the behaviour actions for the current observations of {@code envs} and advances the acting
     * memories; may record extra per-step data of step t.
     *
     * @param actions receives the actions {@code [E·N]} and their behaviour log-probs
     * @param values  receives the value of each agent row {@code [E·N]}
     */
    void act(VectorEnv envs, int t, Rng rng, ActionBuffer actions, float[] values);

    /** Values of the observation after the last rollout step {@code [E·N]}, memories unchanged. */
    void bootstrap(VectorEnv envs, float[] values);

    /**
     * The epochs of one update over {@link #buffer()} (advantages already computed).
     *
     * @param update index of this update (error messages)
     * @return the metrics of this update by name, in the order of {@link #metricNames()}
     * @throws NonFiniteLossException when a loss or gradient norm is not finite
     */
    Map<String, Double> update(long update);

    /** Names of the per-update metrics {@link #update} returns (columns of {@code metrics.csv} after the common ones). */
    List<String> metricNames();

    /** A short progress summary of an update's metrics for the log line. */
    String progress(Map<String, Double> metrics);

    /** The policy evaluations use, with the current parameters. */
    EvaluationPolicy evaluationPolicy();

    /** A copy of the evaluated policy's parameters, flat (the absolute metric keeps the best of them). */
    float[] evaluatedParameters();

    /** Replaces the evaluated policy's parameters with a copy from {@link #evaluatedParameters()}. */
    void loadEvaluatedParameters(float[] params);

    /** Checkpoint name of the evaluated parameters (e.g. {@code "learner"}). */
    String evaluatedName();

    /** Writes networks, optimiser states, acting memories and shuffle state into the maps. */
    void save(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters);

    /**
     * Restores what {@link #save} wrote.
     *
     * @throws IllegalStateException when an entry is missing or has the wrong size
     */
    void restore(Map<String, float[]> arrays, Map<String, long[]> longs, Map<String, Long> counters);
}
