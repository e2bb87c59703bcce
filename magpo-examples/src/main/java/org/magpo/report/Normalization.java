package org.magpo.report;

/** How scores are made comparable across tasks before aggregating over them. */
public enum Normalization {
    /** Raw scores. Aggregates over several tasks then mix scales; per-task figures are unaffected. */
    NONE,
    /**
     * marl-eval's per-task min/max: {@code (x - min) / (max - min)} with min and max over every value of
     * the metric in the task (all algorithms, seeds, evaluations and episodes, absolute metrics included).
     * A task whose values are all equal maps to 0.
     */
    MIN_MAX
}
