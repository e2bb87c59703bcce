package org.magpo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StratifiedBootstrapTest {
    private static final double[][] SCORES = {{1.0, 2.5, 3.0, 4.5, 7.0, 8.0}, {0.2, 0.4, 0.9, 1.1, 1.3}};

    @Test
    void percentileInterpolatesLinearlyAsNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(2.5, StratifiedBootstrap.percentile(sorted, 0.5), 1e-12);
        assertEquals(1.075, StratifiedBootstrap.percentile(sorted, 0.025), 1e-12); // position 0.075
        assertEquals(4.0, StratifiedBootstrap.percentile(sorted, 1.0), 1e-12);
    }

    @Test
    void intervalContainsThePointEstimateAndStaysInTheDataRange() {
        Interval iqm = StratifiedBootstrap.defaults().interval(SCORES, Aggregate.IQM);
        assertEquals(Aggregate.IQM.of(SCORES), iqm.point(), 1e-12);
        assertTrue(iqm.lower() <= iqm.point() && iqm.point() <= iqm.upper(), iqm.toString());
        assertTrue(iqm.lower() >= 0.2 && iqm.upper() <= 8.0, iqm.toString());
        assertTrue(iqm.upper() > iqm.lower(), "spread data gives a non-degenerate interval: " + iqm);
    }

    @Test
    void sameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
        Interval a = new StratifiedBootstrap(2000, 0.95, 7).interval(SCORES, Aggregate.IQM);
        Interval b = new StratifiedBootstrap(2000, 0.95, 7).interval(SCORES, Aggregate.IQM);
        Interval c = new StratifiedBootstrap(2000, 0.95, 8).interval(SCORES, Aggregate.IQM);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void resamplesWithinEachTaskSoTaskSizesNeverChange() {
        // Task means differ but each task's runs are identical: a stratified resample keeps 3 runs of
        // each task, so the overall mean is always 5; pooling the tasks would make it vary.
        Interval mean = StratifiedBootstrap.defaults().interval(new double[][] {{0, 0, 0}, {10, 10, 10}},
                Aggregate.MEAN);
        assertEquals(Interval.exact(5.0), mean);
    }

    @Test
    void widerConfidenceGivesAWiderInterval() {
        Interval i90 = new StratifiedBootstrap(2000, 0.90, 3).interval(SCORES, Aggregate.MEAN);
        Interval i99 = new StratifiedBootstrap(2000, 0.99, 3).interval(SCORES, Aggregate.MEAN);
        assertTrue(i99.lower() <= i90.lower() && i99.upper() >= i90.upper(), i90 + " vs " + i99);
    }

    @Test
    void twoSampleIntervalOfProbabilityOfImprovementContainsItsPoint() {
        double[][] x = {{5, 6, 7, 8}};
        double[][] y = {{1, 2, 6, 9}};
        Interval poi = StratifiedBootstrap.defaults().interval(x, y, ProbabilityOfImprovement::of);
        assertEquals(ProbabilityOfImprovement.of(x, y), poi.point(), 1e-12);
        assertTrue(poi.lower() <= poi.point() && poi.point() <= poi.upper(), poi.toString());
        assertTrue(poi.lower() >= 0 && poi.upper() <= 1, poi.toString());
    }

    @Test
    void noScoresGiveAnEmptyInterval() {
        assertTrue(Double.isNaN(StratifiedBootstrap.defaults().interval(new double[0][], Aggregate.IQM).point()));
    }

    @Test
    void rejectsBadSettingsNamingTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> new StratifiedBootstrap(2000, 1.5, 0));
        assertTrue(e.getMessage().contains("confidence"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StratifiedBootstrap(5, 0.95, 0));
        assertTrue(e.getMessage().contains("resamples"), e.getMessage());
    }
}
