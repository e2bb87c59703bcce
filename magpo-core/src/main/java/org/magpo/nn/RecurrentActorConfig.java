package org.magpo.nn;

/**
 * Shape of a {@link RecurrentActorNetwork}.
 *
 * @param obsDim     observation width (agent view including the one-hot agent ID)
 * @param outDim     logits (discrete) or action dimensions (continuous)
 * @param hiddenSize width of every hidden layer and of the GRU state (128 in the reference)
 * @param continuous true adds the state-independent {@code log_std} parameter {@code [outDim]}
 * @param capacity   maximum rows {@code T*B} of a training sequence; buffers are sized for it
 */
public record RecurrentActorConfig(int obsDim, int outDim, int hiddenSize, boolean continuous, int capacity) {
    /** The reference width. */
    public static final int DEFAULT_HIDDEN = 128;

    public RecurrentActorConfig {
        if (obsDim < 1) {
            throw new IllegalArgumentException("obsDim must be >= 1, got " + obsDim);
        }
        if (outDim < 1) {
            throw new IllegalArgumentException("outDim must be >= 1, got " + outDim);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hiddenSize must be >= 1, got " + hiddenSize);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1 (max T*B rows), got " + capacity);
        }
    }

    /** The reference learner: hidden 128. */
    public static RecurrentActorConfig of(int obsDim, int outDim, boolean continuous, int capacity) {
        return new RecurrentActorConfig(obsDim, outDim, DEFAULT_HIDDEN, continuous, capacity);
    }
}
