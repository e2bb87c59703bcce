package org.magpo.train;

import java.util.Arrays;

/**
 * The outcome of evaluating a policy on a number of complete episodes (ALGORITHM.md §1.6).
 *
 * @param episodeReturns per episode, the sum over steps of the mean reward over agents {@code [episodes]}
 * @param episodeLengths per episode, the number of transitions {@code [episodes]}
 * @param won            per episode, whether it ended with every agent's final reward >= 1 (SMAX's
 *                       win rule; meaningless for tasks without a win condition)
 */
public record EvaluationResult(double[] episodeReturns, int[] episodeLengths, boolean[] won) {

    public EvaluationResult {
        if (episodeReturns.length != episodeLengths.length || episodeReturns.length != won.length) {
            throw new IllegalArgumentException("episodeReturns, episodeLengths and won must have the same length, got "
                    + episodeReturns.length + ", " + episodeLengths.length + ", " + won.length);
        }
    }

    public int episodes() {
        return episodeReturns.length;
    }

    public double meanReturn() {
        return Arrays.stream(episodeReturns).average().orElse(Double.NaN);
    }

    /** Standard error of the mean return. */
    public double standardError() {
        int n = episodeReturns.length;
        if (n < 2) {
            return Double.NaN;
        }
        double m = meanReturn();
        double ss = 0;
        for (double r : episodeReturns) {
            ss += (r - m) * (r - m);
        }
        return Math.sqrt(ss / (n - 1) / n);
    }

    public double meanLength() {
        return Arrays.stream(episodeLengths).average().orElse(Double.NaN);
    }

    public double winRate() {
        int w = 0;
        for (boolean b : won) {
            w += b ? 1 : 0;
        }
        return won.length == 0 ? Double.NaN : (double) w / won.length;
    }
}
