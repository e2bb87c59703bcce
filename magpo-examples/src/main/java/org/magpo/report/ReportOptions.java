package org.magpo.report;

/**
 * What a report computes.
 *
 * @param metric        evaluation metric to score and plot, e.g. {@code "episode_return"}
 * @param source        which number of a run is its score
 * @param normalization per-task normalisation before aggregating over tasks
 * @param bootstrap     resampling for every confidence interval
 * @param plots         write PNG charts as well as the tables
 */
public record ReportOptions(String metric, ScoreSource source, Normalization normalization,
        StratifiedBootstrap bootstrap, boolean plots) {
    public ReportOptions {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("ReportOptions.metric must be non-empty, e.g. 'episode_return'");
        }
        if (source == null || normalization == null || bootstrap == null) {
            throw new IllegalArgumentException("ReportOptions.source, normalization and bootstrap must not be null");
        }
    }

    /** episode_return, absolute metrics, min/max normalisation, 2,000 resamples at 95% with seed 0, plots. */
    public static ReportOptions defaults() {
        return new ReportOptions("episode_return", ScoreSource.ABSOLUTE, Normalization.MIN_MAX,
                StratifiedBootstrap.defaults(), true);
    }
}
