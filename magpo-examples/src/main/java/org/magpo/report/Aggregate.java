package org.magpo.report;

import java.util.Arrays;

/**
 * Aggregate of a ragged score matrix {@code scores[task][run]} over all runs of all tasks, as rliable
 * computes it on a {@code [runs, tasks]} matrix (flattened; every score weighs the same).
 */
public enum Aggregate {
    /** Interquartile mean: {@code scipy.stats.trim_mean(scores, 0.25, axis=None)}, rliable's IQM. */
    IQM {
        @Override
        public double of(double[][] scores) {
            return interquartileMean(flatten(scores));
        }
    },
    /** Arithmetic mean. */
    MEAN {
        @Override
        public double of(double[][] scores) {
            double[] v = flatten(scores);
            if (v.length == 0) {
                return Double.NaN;
            }
            double s = 0;
            for (double x : v) {
                s += x;
            }
            return s / v.length;
        }
    },
    /** Median (mean of the two middle values for an even count). */
    MEDIAN {
        @Override
        public double of(double[][] scores) {
            double[] v = flatten(scores);
            if (v.length == 0) {
                return Double.NaN;
            }
            Arrays.sort(v);
            int m = v.length / 2;
            return v.length % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
        }
    };

    /** The aggregate of {@code scores[task][run]}; NaN when there is no score. */
    public abstract double of(double[][] scores);

    /**
     * Interquartile mean exactly as {@code scipy.stats.trim_mean(values, 0.25)}: sort, drop
     * {@code floor(0.25 n)} values from each end, average the rest. Fewer than 4 values drop nothing.
     *
     * @return NaN for no values
     */
    public static double interquartileMean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int cut = (int) (0.25 * v.length);
        double s = 0;
        for (int i = cut; i < v.length - cut; i++) {
            s += v[i];
        }
        return s / (v.length - 2 * cut);
    }

    static double[] flatten(double[][] scores) {
        int n = 0;
        for (double[] t : scores) {
            n += t.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (double[] t : scores) {
            System.arraycopy(t, 0, out, k, t.length);
            k += t.length;
        }
        return out;
    }
}
