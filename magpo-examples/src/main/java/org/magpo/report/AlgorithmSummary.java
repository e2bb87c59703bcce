package org.magpo.report;

/**
 * Aggregate of one algorithm over every task it ran, on (normalised) run scores {@code [task][seed]}.
 *
 * @param algorithm the algorithm
 * @param tasks     tasks it ran
 * @param runs      runs over all tasks
 * @param iqm       interquartile mean with CI
 * @param mean      mean with CI
 * @param median    median with CI
 */
public record AlgorithmSummary(String algorithm, int tasks, int runs, Interval iqm, Interval mean, Interval median) {
}
