package org.magpo.report;

/**
 * A point estimate with a confidence interval, e.g. an IQM with its 95% stratified-bootstrap CI.
 * All three are NaN when there was nothing to estimate.
 *
 * @param point the estimate on the observed data
 * @param lower lower end of the interval
 * @param upper upper end of the interval, {@code >= lower}
 */
public record Interval(double point, double lower, double upper) {
    public Interval {
        if (lower > upper) {
            throw new IllegalArgumentException("Interval.lower (" + lower + ") must be <= upper (" + upper + ")");
        }
    }

    /** An interval of nothing: all NaN. */
    public static Interval empty() {
        return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }

    /** A degenerate interval [v, v] around v. */
    public static Interval exact(double v) {
        return new Interval(v, v, v);
    }
}
