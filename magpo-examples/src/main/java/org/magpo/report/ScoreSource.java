package org.magpo.report;

/** Which number of a run is its score in the aggregate statistics (one score per run and task). */
public enum ScoreSource {
    /**
     * Mean over the episodes of the absolute-metric evaluation (best parameters re-evaluated at the end,
     * as Mava and marl-eval report); a run without one falls back to {@link #FINAL}.
     */
    ABSOLUTE,
    /** Mean over the episodes of the last evaluation. */
    FINAL;

    /** The run's score for {@code metric}; NaN when the run has no evaluation. */
    public double score(Run run, String metric) {
        if (this == ABSOLUTE) {
            double a = run.absoluteScore(metric);
            if (!Double.isNaN(a)) {
                return a;
            }
        }
        return run.finalScore(metric);
    }
}
