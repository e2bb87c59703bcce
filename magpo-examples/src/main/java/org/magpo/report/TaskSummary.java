package org.magpo.report;

/**
 * Figures of one (env, task, algorithm) over its seeds, on the raw metric.
 *
 * @param key           what was run
 * @param seeds         number of runs (seeds)
 * @param lastStepCount environment steps at the last evaluation (largest over seeds)
 * @param finalMean     mean over seeds of each run's last-evaluation mean
 * @param finalStd      sample standard deviation of those over seeds (0 for one seed)
 * @param absoluteMean  mean over seeds of each run's absolute-metric mean (NaN when none has one)
 * @param absoluteStd   sample standard deviation of those over seeds
 * @param iqm           IQM over seeds of the runs' scores with its stratified-bootstrap CI
 */
public record TaskSummary(RunKey key, int seeds, long lastStepCount, double finalMean, double finalStd,
        double absoluteMean, double absoluteStd, Interval iqm) {
}
