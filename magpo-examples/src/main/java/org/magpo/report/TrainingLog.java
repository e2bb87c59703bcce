package org.magpo.report;

import java.util.List;

/**
 * The rows of a run's {@code metrics.csv}: one per update, by column name. Missing cells are NaN.
 * Columns are kept as the file names them, so files from older or newer versions still read.
 *
 * @param columns header names, in file order
 * @param rows    values, each {@code [columns.size()]}
 */
public record TrainingLog(List<String> columns, List<double[]> rows) {
    public TrainingLog {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (double[] r : rows) {
            if (r.length != columns.size()) {
                throw new IllegalArgumentException("TrainingLog: every row must hold " + columns.size()
                        + " values, got " + r.length);
            }
        }
    }

    /** A log with no rows (no {@code metrics.csv}). */
    public static TrainingLog empty() {
        return new TrainingLog(List.of(), List.of());
    }

    /** The values of one column, {@code [rows]}; NaN-filled when the column is absent. */
    public double[] column(String name) {
        int c = columns.indexOf(name);
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c < 0 ? Double.NaN : rows.get(i)[c];
        }
        return out;
    }
}
