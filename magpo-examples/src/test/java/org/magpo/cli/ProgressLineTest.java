package org.magpo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void showsBarStepsRateEtaAndLastReturn() {
        assertEquals("[############............]  50% 500/1,000 steps | 100 env-steps/s | ETA 0:00:05 | eval return 1.500",
                ProgressLine.format(500, 1000, 100.0, 1.5));
        assertEquals("[........................]   0% 0/2,000,000 steps | 0 env-steps/s | ETA ? | eval return -",
                ProgressLine.format(0, 2_000_000, 0, Double.NaN));
    }

    @Test
    void durationIsHoursMinutesSeconds() {
        assertEquals("1:02:05", ProgressLine.duration(3725));
        assertEquals("0:00:00", ProgressLine.duration(-3));
    }

    @Test
    void withoutATerminalALineIsPrintedOnlyForANewEvaluation() {
        StringWriter s = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(s), 100, 0, false);
        p.update(10, 0, Double.NaN);
        p.update(20, 0, Double.NaN);
        p.update(30, 1, 2.0);
        p.update(40, 1, 2.0);
        p.finish();
        assertEquals(2, s.toString().lines().count(), s.toString());
    }
}
