package org.magpo.report;

/**
 * rliable's probability of improvement of algorithm X over Y: per task the Mann-Whitney statistic
 * {@code P(X > Y) = (1 / (m n)) Σ_i Σ_j S(x_i, y_j)} with {@code S = 1} if {@code x_i > y_j},
 * {@code 1/2} on ties and {@code 0} otherwise, averaged over tasks. Scores are {@code [task][run]}.
 */
public final class ProbabilityOfImprovement {

    private ProbabilityOfImprovement() {
    }

    /** Average over tasks of {@link #onTask}; both arguments hold the same tasks in the same order. */
    public static double of(double[][] x, double[][] y) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("ProbabilityOfImprovement: x and y must hold the same non-zero number "
                    + "of tasks, got " + x.length + " and " + y.length);
        }
        double s = 0;
        for (int t = 0; t < x.length; t++) {
            s += onTask(x[t], y[t]);
        }
        return s / x.length;
    }

    /** {@code P(X > Y)} on one task from the runs' scores of each algorithm. */
    public static double onTask(double[] x, double[] y) {
        if (x.length == 0 || y.length == 0) {
            throw new IllegalArgumentException("ProbabilityOfImprovement: each algorithm needs >= 1 run on a task, got "
                    + x.length + " and " + y.length);
        }
        double u = 0;
        for (double xi : x) {
            for (double yj : y) {
                if (xi > yj) {
                    u += 1;
                } else if (xi == yj) {
                    u += 0.5;
                }
            }
        }
        return u / ((double) x.length * y.length);
    }
}
