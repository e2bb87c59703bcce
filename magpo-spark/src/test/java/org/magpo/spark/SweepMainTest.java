package org.magpo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepMainTest {

    @Test
    void parsesEveryOption() {
        SweepMain.Args a = SweepMain.parse(new String[] {"s.json", "--out", "runs", "--master", "local[2]",
                "--max-failures", "3", "--conf", "spark.executor.memory=4g", "--dry-run"});
        assertEquals(Path.of("s.json"), a.spec());
        assertEquals("runs", a.out());
        assertEquals("local[2]", a.master());
        assertEquals(3, a.maxFailures());
        assertEquals(Map.of("spark.executor.memory", "4g"), a.conf());
        assertTrue(a.dryRun());
    }

    @Test
    void masterDefaultsToTheEnvironmentsOrLocal() {
        SweepMain.Args a = SweepMain.parse(new String[] {"--out", "runs", "s.json"});
        assertNull(a.master());
        assertEquals(4, a.maxFailures());
    }

    @Test
    void badArgumentsNameTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SweepMain.parse(new String[] {"s.json"}))
                .getMessage().contains("--out"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SweepMain.parse(new String[] {"--out", "d"}))
                .getMessage().contains("SPEC"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SweepMain.parse(new String[] {"s.json", "--out", "d", "--max-failures", "0"})).getMessage()
                .contains(">= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SweepMain.parse(new String[] {"s.json", "--out", "d", "--conf", "novalue"})).getMessage()
                .contains("key=value"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SweepMain.parse(new String[] {"s.json", "--out", "d", "--seeds", "3"})).getMessage()
                .contains("'--seeds'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SweepMain.parse(new String[] {"s.json", "--out"})).getMessage().contains("needs a value"));
    }
}
