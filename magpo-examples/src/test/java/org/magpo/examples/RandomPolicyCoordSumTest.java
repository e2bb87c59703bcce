package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The uniform-random returns must reproduce coordsum.md section 5.1 (20,000-episode references with
 * their own standard errors) within 4 combined standard errors; fixed seed, so deterministic.
 */
class RandomPolicyCoordSumTest {

    @ParameterizedTest(name = "{0}: random policy mean {1} ± {2}")
    @CsvSource({
        "coordsum:3x10-30, 6.26, 0.02",
        "coordsum:3x30-50, 2.51, 0.02",
        "coordsum:5x20-80, 2.44, 0.02",
        "coordsum:8x15-100, 1.92, 0.01"})
    void randomPolicyMatchesTheReferenceWithinFourStandardErrors(String id, double reference, double referenceSe) {
        RandomPolicyCoordSum.Summary s = RandomPolicyCoordSum.randomPolicy(id, 2000, 20250101L);
        assertEquals(2000, s.episodes());
        double se = Math.sqrt(s.stdErr() * s.stdErr() + referenceSe * referenceSe);
        assertTrue(s.stdErr() > 0, "a random policy must show some spread");
        assertTrue(Math.abs(s.mean() - reference) <= 4 * se,
                id + ": random mean " + s + " vs reference " + reference + " ± " + referenceSe);
    }

    @Test
    void historyAwareOracleReachesAtLeast180On3x10() {
        RandomPolicyCoordSum.Summary s = RandomPolicyCoordSum.oracle("coordsum:3x10-30", 2000, 7L);
        assertTrue(s.mean() >= 180, "oracle mean " + s);
        // and cannot beat the analytic optimum 100 (1 + 27 * 2) / 30 = 183.33 by more than noise
        assertTrue(s.mean() <= 183.33 + 4 * s.stdErr(), "oracle mean " + s);
    }

    @Test
    void oracleReachesTheOptimumOnTasksWithoutUnreachableTargets() {
        // coordsum.md 5.1: 200 - 100/M = 198.00, 198.75, 199.00.
        assertOptimal("coordsum:3x30-50", 198.0);
        assertOptimal("coordsum:5x20-80", 198.75);
        assertOptimal("coordsum:8x15-100", 199.0);
    }

    private static void assertOptimal(String id, double optimum) {
        RandomPolicyCoordSum.Summary s = RandomPolicyCoordSum.oracle(id, 500, 3L);
        assertTrue(Math.abs(s.mean() - optimum) <= 4 * s.stdErr() + 1e-9, id + ": oracle " + s + " vs " + optimum);
    }
}
