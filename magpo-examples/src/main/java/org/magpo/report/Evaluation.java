package org.magpo.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One evaluation of a run: per-episode values of each metric ({@code episode_return},
 * {@code episode_length}, {@code win_rate}, ...) after {@code stepCount} environment steps of training.
 *
 * @param index     evaluation number within the run, from 0
 * @param stepCount environment steps of training when it was taken, >= 0
 * @param metrics   per-episode values by metric name (copied)
 */
public record Evaluation(int index, long stepCount, Map<String, double[]> metrics) {
    public Evaluation {
        if (index < 0 || stepCount < 0) {
            throw new IllegalArgumentException("Evaluation.index and stepCount must be >= 0, got " + index + ", "
                    + stepCount);
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        metrics.forEach((k, v) -> copy.put(k, v.clone()));
        metrics = Collections.unmodifiableMap(copy);
    }

    /** Mean of a metric over the episodes; NaN when the metric is absent or empty. */
    public double mean(String metric) {
        return meanOf(metrics.get(metric));
    }

    static double meanOf(double[] v) {
        if (v == null || v.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
