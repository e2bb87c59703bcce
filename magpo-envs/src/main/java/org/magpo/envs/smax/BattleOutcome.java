package org.magpo.envs.smax;

/**
 * How the last SMAX step left the battle (spec section 7). {@link #WON} is the win-rate event: every
 * enemy dead while at least one ally lives, the step that pays the +1 bonus.
 */
public enum BattleOutcome {
    /** The battle goes on. */
    ONGOING,
    /** All enemies dead, at least one ally alive (terminated, +1 bonus). */
    WON,
    /** All allies dead, at least one enemy alive (terminated, no penalty). */
    LOST,
    /** Both teams wiped out in the same step (terminated, no bonus). */
    DRAW,
    /** The 101st step passed with both teams alive (truncated). */
    TIMEOUT;

    /** True for every outcome that ends the episode. */
    public boolean isFinal() {
        return this != ONGOING;
    }
}
