package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NativeThreadsTest {

    @Test
    void aNonPositiveCapIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeThreads.pin(0));
        assertEquals("threads must be >= 1, got 0", e.getMessage());
    }

    @Test
    void aMalformedPropertyIsRejectedNamingIt() {
        System.setProperty("magpo.nativeThreads", "two");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, NativeThreads::pinDefault);
            assertEquals("magpo.nativeThreads must be a positive integer, got 'two'", e.getMessage());
        } finally {
            System.clearProperty("magpo.nativeThreads");
        }
    }

    @Test
    void thePropertyChoosesTheCap() {
        System.setProperty("magpo.nativeThreads", "1");
        try {
            NativeThreads.pinDefault();
            assertEquals(1, NativeThreads.pinned());
        } finally {
            System.clearProperty("magpo.nativeThreads");
        }
        NativeThreads.pinDefault();   // an existing choice stands
        assertTrue(NativeThreads.pinned() == 1);
    }
}
