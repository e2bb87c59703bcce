package org.magpo.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The training progress display: a bar with environment steps, env-steps/s, ETA and the latest
 * evaluation return. On a terminal it redraws one line; elsewhere (logs, CI) it prints a line only when
 * a new evaluation arrives, so files stay short.
 */
final class ProgressLine {
    private static final int WIDTH = 24;

    private final PrintWriter out;
    private final long totalSteps;
    private final boolean terminal;
    private final long startNanos;
    private final long startSteps;
    private int evaluationsShown = -1;

    ProgressLine(PrintWriter out, long totalSteps, long startSteps, boolean terminal) {
        this.out = out;
        this.totalSteps = totalSteps;
        this.startSteps = startSteps;
        this.terminal = terminal;
        this.startNanos = System.nanoTime();
    }

    /** Shows progress at {@code steps} with {@code evaluations} so far, the last one's mean return. */
    void update(long steps, int evaluations, double lastReturn) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String line = format(steps, totalSteps, (steps - startSteps) / Math.max(seconds, 1e-9), lastReturn);
        if (terminal) {
            out.print("\r" + line);
            out.flush();
        } else if (evaluations != evaluationsShown) {
            out.println(line);
            out.flush();
        }
        evaluationsShown = evaluations;
    }

    /** Ends the redrawn line. */
    void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    /** {@code [#####...] 45% 900,000/2,000,000 steps | 3,456 env-steps/s | ETA 0:05:18 | eval return 12.3}. */
    static String format(long steps, long total, double stepsPerSecond, double lastReturn) {
        double frac = total <= 0 ? 1 : Math.min(1, (double) steps / total);
        int filled = (int) Math.round(frac * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String eta = stepsPerSecond > 0 ? duration((long) Math.ceil((total - steps) / stepsPerSecond)) : "?";
        return String.format(Locale.ROOT, "[%s] %3d%% %,d/%,d steps | %,.0f env-steps/s | ETA %s | eval return %s", bar,
                Math.round(frac * 100), steps, total, stepsPerSecond, eta,
                Double.isNaN(lastReturn) ? "-" : String.format(Locale.ROOT, "%.3f", lastReturn));
    }

    /** {@code h:mm:ss}. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
