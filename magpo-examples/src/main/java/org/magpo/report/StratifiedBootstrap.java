package org.magpo.report;

import java.util.Arrays;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;
import org.magpo.nn.Rng;

/**
 * Percentile confidence intervals from rliable's stratified bootstrap: every resample draws, for each
 * task separately, as many runs as the task has, with replacement, and recomputes the statistic.
 * Two-sample statistics (probability of improvement) resample both algorithms independently per task.
 * Deterministic for a seed: each call starts a fresh {@link Rng} from it.
 *
 * @param resamples  bootstrap resamples, >= 10 (rliable uses 2,000 to 50,000)
 * @param confidence coverage of the interval in (0, 1), e.g. 0.95
 * @param seed       seed of the resampling
 */
public record StratifiedBootstrap(int resamples, double confidence, long seed) {
    public StratifiedBootstrap {
        if (resamples < 10) {
            throw new IllegalArgumentException("StratifiedBootstrap.resamples must be >= 10, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("StratifiedBootstrap.confidence must be in (0, 1), got " + confidence);
        }
    }

    /** 2,000 resamples, 95%, seed 0. */
    public static StratifiedBootstrap defaults() {
        return new StratifiedBootstrap(2000, 0.95, 0L);
    }

    /** The aggregate of {@code scores[task][run]} with its interval. */
    public Interval interval(double[][] scores, Aggregate aggregate) {
        return interval(scores, aggregate::of);
    }

    /** Any statistic of {@code scores[task][run]} with its interval; empty when there is no score. */
    public Interval interval(double[][] scores, ToDoubleFunction<double[][]> statistic) {
        if (Aggregate.flatten(scores).length == 0) {
            return Interval.empty();
        }
        Rng rng = new Rng(seed);
        double[] stats = new double[resamples];
        double[][] sample = shapeLike(scores);
        for (int b = 0; b < resamples; b++) {
            resample(scores, sample, rng);
            stats[b] = statistic.applyAsDouble(sample);
        }
        return percentileInterval(statistic.applyAsDouble(scores), stats);
    }

    /** A two-sample statistic of {@code x[task][run]} and {@code y[task][run]} with its interval. */
    public Interval interval(double[][] x, double[][] y, ToDoubleBiFunction<double[][], double[][]> statistic) {
        Rng rng = new Rng(seed);
        double[] stats = new double[resamples];
        double[][] sx = shapeLike(x);
        double[][] sy = shapeLike(y);
        for (int b = 0; b < resamples; b++) {
            resample(x, sx, rng);
            resample(y, sy, rng);
            stats[b] = statistic.applyAsDouble(sx, sy);
        }
        return percentileInterval(statistic.applyAsDouble(x, y), stats);
    }

    private Interval percentileInterval(double point, double[] stats) {
        Arrays.sort(stats);
        double alpha = (1 - confidence) / 2;
        double lo = percentile(stats, alpha);
        double hi = percentile(stats, 1 - alpha);
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return new Interval(point, Double.NaN, Double.NaN);
        }
        return new Interval(point, lo, hi);
    }

    /** Linear interpolation between order statistics, as numpy's default percentile. */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        double f = pos - i;
        return sorted[i] + f * (sorted[j] - sorted[i]);
    }

    private static double[][] shapeLike(double[][] scores) {
        double[][] s = new double[scores.length][];
        for (int t = 0; t < scores.length; t++) {
            s[t] = new double[scores[t].length];
        }
        return s;
    }

    private static void resample(double[][] from, double[][] into, Rng rng) {
        for (int t = 0; t < from.length; t++) {
            double[] src = from[t];
            double[] dst = into[t];
            for (int r = 0; r < dst.length; r++) {
                dst[r] = src[rng.nextInt(src.length)];
            }
        }
    }
}
