package org.magpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedListTest {

    @Test
    void rangeIsInclusive() {
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), SeedList.parse("1-5").seeds());
    }

    @Test
    void listsMayMixSingleSeedsAndRanges() {
        assertEquals(List.of(1L, 3L, 7L, 8L), SeedList.parse("1, 3,7-8").seeds());
        assertEquals(List.of(42L), SeedList.parse("42").seeds());
    }

    @Test
    void reversedRangeDuplicateAndGarbageAreRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SeedList.parse("5-1")).getMessage()
                .contains("first <= last"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SeedList.parse("1-3,2")).getMessage()
                .contains("seed 2 appears twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SeedList.parse("one")).getMessage()
                .contains("'1-5'"));
        assertThrows(IllegalArgumentException.class, () -> SeedList.parse("1-100000"));
    }
}
