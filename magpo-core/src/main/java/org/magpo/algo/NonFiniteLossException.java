package org.magpo.algo;

/**
 * Training produced a NaN or infinite loss or gradient. The message names the update, epoch,
 * minibatch and term; the trainer adds the last good checkpoint. Training never continues past it.
 */
public final class NonFiniteLossException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String message) {
        super(message);
    }

    /**
     * Throws a NonFiniteLossException naming the update, epoch, minibatch and term when {@code value} is
     * NaN or infinite.
     */
    public static void requireFinite(long update, int epoch, int minibatch, String term, double value) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteLossException("non-finite " + term + " (" + value + ") at update " + update
                    + ", epoch " + epoch + ", minibatch " + minibatch);
        }
    }
}
