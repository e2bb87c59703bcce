package org.magpo.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** Registry messages; the core module has no providers on its test class path. */
class EnvsTest {

    @Test
    void unknownIdIsRejectedListingWhatExists() {
        String m = assertThrows(IllegalArgumentException.class, () -> Envs.make("nope:task")).getMessage();
        assertTrue(m.contains("'nope:task'") && m.contains("is unknown") && m.contains("available: "), m);
    }

    @Test
    void benchmarkIdWithoutProviderSaysNotImplementedYet() {
        String m = assertThrows(IllegalArgumentException.class, () -> Envs.make("rware:tiny-2ag")).getMessage();
        assertTrue(m.contains("benchmark task not implemented yet") && m.contains("available: "), m);
    }

    @Test
    void idWithoutFamilySeparatorIsRejected() {
        String m = assertThrows(IllegalArgumentException.class, () -> Envs.make("coordsum")).getMessage();
        assertTrue(m.contains("family:task"), m);
        assertThrows(IllegalArgumentException.class, () -> Envs.make(null));
    }

    @Test
    void benchmarkListHasTheFortyThreeDistinctTasksOfTheEvaluation() {
        assertEquals(43, Envs.BENCHMARK_TASKS.size());
        assertEquals(43, new HashSet<>(Envs.BENCHMARK_TASKS).size());
        assertTrue(Envs.BENCHMARK_TASKS.contains("coordsum:8x15-100"));
    }
}
