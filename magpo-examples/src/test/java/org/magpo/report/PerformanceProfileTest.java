package org.magpo.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PerformanceProfileTest {

    @Test
    void fractionAboveWeighsEveryTaskTheSame() {
        double[][] scores = {{0.1, 0.5, 0.9}, {0.2, 0.8}};
        // strictly above 0.5: task 1 -> 1/3, task 2 -> 1/2
        assertEquals((1.0 / 3 + 0.5) / 2, PerformanceProfile.fractionAbove(scores, 0.5), 1e-12);
        assertEquals(1.0, PerformanceProfile.fractionAbove(scores, 0.0), 1e-12);
        assertEquals(0.0, PerformanceProfile.fractionAbove(scores, 0.9), 1e-12);
    }

    @Test
    void thresholdsAreEvenlySpacedWithBothEnds() {
        assertArrayEquals(new double[] {0, 0.25, 0.5, 0.75, 1}, PerformanceProfile.thresholds(0, 1, 5), 1e-12);
    }
}
