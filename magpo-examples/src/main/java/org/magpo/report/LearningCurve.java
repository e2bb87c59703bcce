package org.magpo.report;

/**
 * Mean evaluation metric of one (env, task, algorithm) over its seeds against environment steps, with
 * a bootstrap CI band over seeds. Point i averages the runs that have evaluation i.
 *
 * @param key   what was run
 * @param steps mean environment steps of evaluation i, {@code [points]}
 * @param mean  mean over seeds of the evaluation means, {@code [points]}
 * @param lower lower CI bound, {@code [points]}
 * @param upper upper CI bound, {@code [points]}
 */
public record LearningCurve(RunKey key, double[] steps, double[] mean, double[] lower, double[] upper) {
    public LearningCurve {
        int n = steps.length;
        if (mean.length != n || lower.length != n || upper.length != n) {
            throw new IllegalArgumentException("LearningCurve " + key + ": steps, mean, lower and upper must have the "
                    + "same length " + n);
        }
    }
}
