package org.magpo.report;

import java.util.Comparator;

/**
 * What runs are aggregated over: environment family, task and algorithm (seeds vary within a key).
 *
 * @param env       environment family as in the marl-eval JSON, e.g. {@code "rware"}
 * @param task      task name within the family, e.g. {@code "tiny-2ag"}
 * @param algorithm algorithm name, e.g. {@code "magpo"}
 */
public record RunKey(String env, String task, String algorithm) implements Comparable<RunKey> {
    private static final Comparator<RunKey> ORDER = Comparator.comparing(RunKey::env).thenComparing(RunKey::task)
            .thenComparing(RunKey::algorithm);

    public RunKey {
        for (String[] f : new String[][] {{"env", env}, {"task", task}, {"algorithm", algorithm}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new IllegalArgumentException("RunKey." + f[0] + " must be non-empty, got '" + f[1] + "'");
            }
        }
    }

    /** The key of a task id {@code "family:task"} (as in config.json) run by {@code algorithm}. */
    public static RunKey ofTaskId(String taskId, String algorithm) {
        int colon = taskId == null ? -1 : taskId.indexOf(':');
        if (colon <= 0 || colon == taskId.length() - 1) {
            throw new IllegalArgumentException("task id must look like 'family:task', got '" + taskId + "'");
        }
        return new RunKey(taskId.substring(0, colon), taskId.substring(colon + 1), algorithm);
    }

    /** {@code "env:task"}. */
    public String taskId() {
        return env + ":" + task;
    }

    @Override
    public int compareTo(RunKey o) {
        return ORDER.compare(this, o);
    }
}
