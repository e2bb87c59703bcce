package org.magpo.spark;

/** What a sweep finds in a run's directory before training it. */
public enum RunState {
    /** No directory, or one without training output: train from scratch. */
    EMPTY,
    /** Training output but no checkpoint yet (killed before the first evaluation): cleared, then trained from scratch. */
    PARTIAL,
    /** A checkpoint and no completion mark: resume from the checkpoint. */
    RESUMABLE,
    /** Completed ({@code DONE} marker, or marl-eval JSON with absolute metrics): skipped. */
    FINISHED
}
