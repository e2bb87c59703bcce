package org.magpo.report;

/**
 * Performance profile of one algorithm: fraction of runs with a (normalised) score above τ, with a
 * stratified-bootstrap CI band.
 *
 * @param algorithm the algorithm
 * @param taus      thresholds, {@code [points]}
 * @param fraction  fraction above each threshold, {@code [points]}
 * @param lower     lower CI bound, {@code [points]}
 * @param upper     upper CI bound, {@code [points]}
 */
public record ProfileCurve(String algorithm, double[] taus, double[] fraction, double[] lower, double[] upper) {
}
