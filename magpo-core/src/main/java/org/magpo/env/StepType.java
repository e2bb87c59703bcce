package org.magpo.env;

/** Position of a time step within its episode (dm_env / Jumanji convention). */
public enum StepType {
    /** The observation after a reset; reward and discount carry no meaning. */
    FIRST,
    /** A transition inside the episode. */
    MID,
    /** The transition that ended the episode (termination or truncation). */
    LAST
}
