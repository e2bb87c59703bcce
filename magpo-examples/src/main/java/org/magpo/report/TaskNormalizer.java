package org.magpo.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Applies a {@link Normalization} per task id ({@code "env:task"}), with bounds taken from the runs. */
public final class TaskNormalizer {
    private final Normalization normalization;
    private final Map<String, double[]> bounds = new HashMap<>();

    /** Bounds of {@code metric} per task over every value the runs hold. */
    public TaskNormalizer(Normalization normalization, List<Run> runs, String metric) {
        this.normalization = normalization;
        for (Run r : runs) {
            double[] b = bounds.computeIfAbsent(r.key().taskId(),
                    k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
            for (Evaluation e : r.evaluations()) {
                extend(b, e.metrics().get(metric));
            }
            extend(b, r.absoluteMetrics().get(metric));
        }
    }

    private static void extend(double[] b, double[] values) {
        if (values == null) {
            return;
        }
        for (double v : values) {
            if (!Double.isNaN(v)) {
                b[0] = Math.min(b[0], v);
                b[1] = Math.max(b[1], v);
            }
        }
    }

    /** The normalisation applied. */
    public Normalization normalization() {
        return normalization;
    }

    /** {@code [min, max]} of a task's values; infinite when it has none. */
    public double[] bounds(String taskId) {
        double[] b = bounds.get(taskId);
        return b == null ? new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY} : b.clone();
    }

    /** {@code x} normalised for its task. */
    public double apply(String taskId, double x) {
        if (normalization == Normalization.NONE) {
            return x;
        }
        double[] b = bounds.get(taskId);
        if (b == null) {
            throw new IllegalArgumentException("TaskNormalizer: no values of task '" + taskId + "'; known: "
                    + bounds.keySet());
        }
        double range = b[1] - b[0];
        return range > 0 ? (x - b[0]) / range : 0.0;
    }
}
