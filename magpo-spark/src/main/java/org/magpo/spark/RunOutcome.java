package org.magpo.spark;

import java.io.Serializable;

/**
 * What one Spark task did with its run, sent back to the driver.
 *
 * @param run         the run
 * @param action      what was done
 * @param attempt     Spark's attempt number of the task that finished it (0 for the first attempt)
 * @param wallSeconds wall time of this task (training or the skip check)
 */
public record RunOutcome(RunSpec run, Action action, int attempt, double wallSeconds) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a task did. */
    public enum Action {
        /** Already finished before this submission: nothing trained. */
        SKIPPED,
        /** Continued from a checkpoint found in the run directory. */
        RESUMED,
        /** Trained from scratch. */
        TRAINED
    }
}
