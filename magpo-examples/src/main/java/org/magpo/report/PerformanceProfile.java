package org.magpo.report;

/**
 * rliable's score distribution (performance profile): for a threshold τ, the fraction of runs whose
 * score exceeds τ, averaged over tasks (each task weighs the same even with unequal run counts).
 * Scores are {@code [task][run]}, normally normalised to [0, 1] per task.
 */
public final class PerformanceProfile {

    private PerformanceProfile() {
    }

    /** Fraction of runs with a score strictly above {@code tau}, averaged over tasks. */
    public static double fractionAbove(double[][] scores, double tau) {
        if (scores.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double[] task : scores) {
            if (task.length == 0) {
                throw new IllegalArgumentException("PerformanceProfile: every task needs >= 1 run");
            }
            int above = 0;
            for (double v : task) {
                if (v > tau) {
                    above++;
                }
            }
            s += (double) above / task.length;
        }
        return s / scores.length;
    }

    /** {@code n} evenly spaced thresholds from {@code lo} to {@code hi} inclusive. */
    public static double[] thresholds(double lo, double hi, int n) {
        if (n < 2 || !(hi > lo)) {
            throw new IllegalArgumentException("PerformanceProfile.thresholds: need n >= 2 and hi > lo, got n=" + n
                    + ", lo=" + lo + ", hi=" + hi);
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = lo + (hi - lo) * i / (n - 1);
        }
        return t;
    }
}
