package org.magpo.report;

/**
 * Probability that algorithm {@code x} beats {@code y} (rliable), over the tasks both ran.
 *
 * @param x           the first algorithm
 * @param y           the second algorithm
 * @param tasks       tasks both ran
 * @param probability {@code P(X > Y)} with its stratified-bootstrap CI
 */
public record Improvement(String x, String y, int tasks, Interval probability) {
}
