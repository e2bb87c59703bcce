package org.magpo.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One run of a sweep, fully resolved on the driver so that executors only train: the task, the
 * algorithm, the seed, the hyperparameters that vary across the sweep (with their hash) and the complete
 * config JSON. Serializable because Spark ships it to executors.
 *
 * @param taskId          {@code family:task}
 * @param algorithm       one of {@link SweepSpec#ALGORITHMS}
 * @param seed            the run's master seed (already inside {@code configJson})
 * @param hyperparameters the varied fields (grid and random) as JSON literals, sorted by name; empty when
 *                        the sweep varies none
 * @param hpHash          8 hex digits identifying {@code hyperparameters}; empty when they are empty
 * @param configJson      the resolved config ({@code MagpoConfig.toJson()})
 * @param threadsPerRun   native threads the run may use
 */
public record RunSpec(String taskId, String algorithm, long seed, SortedMap<String, String> hyperparameters,
                      String hpHash, String configJson, int threadsPerRun) implements Serializable {

    private static final long serialVersionUID = 1L;

    public RunSpec {
        if (taskId == null || taskId.indexOf(':') <= 0 || taskId.indexOf(':') == taskId.length() - 1) {
            throw new IllegalArgumentException("RunSpec.taskId must be 'family:task', got '" + taskId + "'");
        }
        if (algorithm == null || algorithm.isBlank()) {
            throw new IllegalArgumentException("RunSpec.algorithm must be non-empty");
        }
        hyperparameters = Collections.unmodifiableSortedMap(new TreeMap<>(hyperparameters == null
                ? Collections.emptySortedMap() : hyperparameters));
        hpHash = hpHash == null ? "" : hpHash;
        if (hyperparameters.isEmpty() != hpHash.isEmpty()) {
            throw new IllegalArgumentException("RunSpec.hpHash must be empty exactly when hyperparameters are, got '"
                    + hpHash + "' for " + hyperparameters);
        }
        if (configJson == null || configJson.isBlank()) {
            throw new IllegalArgumentException("RunSpec.configJson must be non-empty");
        }
        if (threadsPerRun < 1) {
            throw new IllegalArgumentException("RunSpec.threadsPerRun must be >= 1, got " + threadsPerRun);
        }
    }

    /** The env family, the part of {@link #taskId} before ':'. */
    public String family() {
        return taskId.substring(0, taskId.indexOf(':'));
    }

    /** The task within its family, the part of {@link #taskId} after ':'. */
    public String task() {
        return taskId.substring(taskId.indexOf(':') + 1);
    }

    /**
     * The run's directory relative to the sweep's output, with '/' separators:
     * {@code <family>/<task>/<algorithm>/seed_<seed>[/<hpHash>]} (the nesting of marl-eval's JSON; no ':'
     * in paths, which HDFS forbids).
     */
    public String relativeDir() {
        String dir = family() + "/" + task() + "/" + algorithm + "/seed_" + seed;
        return hpHash.isEmpty() ? dir : dir + "/" + hpHash;
    }
}
