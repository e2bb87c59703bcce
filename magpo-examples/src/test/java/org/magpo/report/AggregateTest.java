package org.magpo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AggregateTest {

    @Test
    void iqmOfEightNumbersAveragesTheMiddleFour() {
        // sorted 1 2 | 3 4 5 6 | 7 100: floor(0.25*8) = 2 cut from each end -> (3+4+5+6)/4
        assertEquals(4.5, Aggregate.interquartileMean(new double[] {100, 3, 7, 1, 5, 2, 6, 4}), 1e-12);
    }

    @Test
    void iqmOfTenNumbersCutsTwoFromEachEndAsScipyTrimMean() {
        // trim_mean(1..10, 0.25): int(2.5) = 2 cut -> mean(3..8) = 5.5
        assertEquals(5.5, Aggregate.interquartileMean(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}), 1e-12);
    }

    @Test
    void iqmOfFewerThanFourValuesIsTheMean() {
        assertEquals(2.0, Aggregate.interquartileMean(new double[] {1, 2, 3}), 1e-12);
        assertTrue(Double.isNaN(Aggregate.interquartileMean(new double[0])));
    }

    @Test
    void iqmOverTasksFlattensRunsAndTasks() {
        // flattened {1,2,3,4} and {5,6,7,100} -> same as the eight numbers
        assertEquals(4.5, Aggregate.IQM.of(new double[][] {{4, 1, 3, 2}, {100, 6, 5, 7}}), 1e-12);
    }

    @Test
    void meanAndMedianOfRaggedScores() {
        double[][] s = {{1, 2}, {3, 4, 10}};
        assertEquals(4.0, Aggregate.MEAN.of(s), 1e-12);
        assertEquals(3.0, Aggregate.MEDIAN.of(s), 1e-12);
        assertEquals(2.5, Aggregate.MEDIAN.of(new double[][] {{4, 1}, {2, 3}}), 1e-12);
    }
}
