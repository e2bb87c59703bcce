package org.magpo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProbabilityOfImprovementTest {

    @Test
    void countsWinsAndHalfTiesOverAllPairs() {
        // pairs (3,1)=1 (3,4)=0 (3,5)=0 (5,1)=1 (5,4)=1 (5,5)=0.5 -> 3.5 / 6
        assertEquals(3.5 / 6, ProbabilityOfImprovement.onTask(new double[] {3, 5}, new double[] {1, 4, 5}), 1e-12);
    }

    @Test
    void isComplementaryBetweenTheTwoDirections() {
        double[] x = {3, 5};
        double[] y = {1, 4, 5};
        assertEquals(1.0, ProbabilityOfImprovement.onTask(x, y) + ProbabilityOfImprovement.onTask(y, x), 1e-12);
    }

    @Test
    void averagesTheTaskProbabilities() {
        double[][] x = {{3, 5}, {1}};
        double[][] y = {{1, 4, 5}, {2}};
        assertEquals((3.5 / 6 + 0.0) / 2, ProbabilityOfImprovement.of(x, y), 1e-12);
    }

    @Test
    void identicalScoresGiveOneHalf() {
        assertEquals(0.5, ProbabilityOfImprovement.onTask(new double[] {1, 2, 3}, new double[] {1, 2, 3}), 1e-12);
    }

    @Test
    void rejectsMismatchedTasks() {
        assertThrows(IllegalArgumentException.class,
                () -> ProbabilityOfImprovement.of(new double[][] {{1}}, new double[][] {{1}, {2}}));
    }
}
