package org.magpo.algo;

/**
 * The range checks every algorithm config runs in its constructor; each failure names the field, the
 * allowed range and the value given.
 */
final class FieldChecks {

    private FieldChecks() {
    }

    static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", got " + value);
        }
    }

    static void inClosed(String field, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(field + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }

    static void inOpenClosed(String field, double v, double lo, double hi) {
        if (!(v > lo && v <= hi)) {
            throw new IllegalArgumentException(field + " must be in (" + lo + ", " + hi + "], got " + v);
        }
    }

    static void nonNegativeFinite(String field, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, got " + v);
        }
    }
}
