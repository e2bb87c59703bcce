package org.magpo.nn;

/**
 * Learning-rate schedule, constant or linearly decayed per <em>update</em> as in Mava:
 * {@code lr(step) = initial * (1 - floor(step / stepsPerUpdate) / totalUpdates)}, where {@code step}
 * counts optimiser steps taken so far and {@code stepsPerUpdate = epochs * minibatches}.
 *
 * @param initial        learning rate at step 0, > 0
 * @param decay          false for a constant rate
 * @param totalUpdates   updates over which the rate decays to 0 (ignored when constant)
 * @param stepsPerUpdate optimiser steps per update (ignored when constant)
 */
public record LearningRate(double initial, boolean decay, long totalUpdates, long stepsPerUpdate) {

    public LearningRate {
        if (!(initial > 0) || Double.isInfinite(initial)) {
            throw new IllegalArgumentException("initial learning rate must be finite and > 0, got " + initial);
        }
        if (decay && totalUpdates < 1) {
            throw new IllegalArgumentException("totalUpdates must be >= 1 for a decaying rate, got " + totalUpdates);
        }
        if (decay && stepsPerUpdate < 1) {
            throw new IllegalArgumentException("stepsPerUpdate must be >= 1 for a decaying rate, got "
                    + stepsPerUpdate);
        }
    }

    /** A constant rate. */
    public static LearningRate constant(double lr) {
        return new LearningRate(lr, false, 0, 0);
    }

    /** Linear decay to zero over {@code totalUpdates} updates of {@code stepsPerUpdate} optimiser steps. */
    public static LearningRate linearDecay(double lr, long totalUpdates, long stepsPerUpdate) {
        return new LearningRate(lr, true, totalUpdates, stepsPerUpdate);
    }

    /** The rate for the optimiser step that follows {@code step} earlier steps. */
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("optimiser step must be >= 0, got " + step);
        }
        if (!decay) {
            return initial;
        }
        long update = step / stepsPerUpdate;
        return initial * (1.0 - (double) update / totalUpdates);
    }
}
