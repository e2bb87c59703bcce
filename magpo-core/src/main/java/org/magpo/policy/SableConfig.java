package org.magpo.policy;

/**
 * Shape and hyperparameters of the Sable guider network (ALGORITHM.md §3.1).
 *
 * @param obsDim                     per-agent observation width (agents_view, including the one-hot agent ID)
 * @param actionDim                  A: number of discrete actions, or continuous action dimensions
 * @param discrete                   categorical logits when true, Gaussian means (plus a log_std parameter) when false
 * @param embedDim                   d
 * @param nHead                      retention heads; must divide d and d/nHead (GroupNorm quirk)
 * @param nBlock                     encoder and decoder blocks
 * @param decayScalingFactor         dsf in (0, 1]
 * @param timestepPositionalEncoding add the sinusoidal encoding of the env step counter in every retention
 */
public record SableConfig(int obsDim, int actionDim, boolean discrete, int embedDim, int nHead, int nBlock,
                          double decayScalingFactor, boolean timestepPositionalEncoding) {
    public SableConfig {
        if (obsDim < 1) {
            throw new IllegalArgumentException("SableConfig obsDim must be >= 1, got " + obsDim);
        }
        if (actionDim < 1) {
            throw new IllegalArgumentException("SableConfig actionDim must be >= 1, got " + actionDim);
        }
        if (embedDim < 2 || nHead < 1 || embedDim % nHead != 0 || (embedDim / nHead) % nHead != 0) {
            throw new IllegalArgumentException("SableConfig embedDim must be divisible by nHead and embedDim/nHead by nHead, got embedDim "
                    + embedDim + ", nHead " + nHead);
        }
        if (timestepPositionalEncoding && embedDim % 2 != 0) {
            throw new IllegalArgumentException("SableConfig embedDim must be even with the positional encoding, got " + embedDim);
        }
        if (nBlock < 1) {
            throw new IllegalArgumentException("SableConfig nBlock must be >= 1, got " + nBlock);
        }
        if (!(decayScalingFactor > 0 && decayScalingFactor <= 1)) {
            throw new IllegalArgumentException("SableConfig decayScalingFactor must be in (0, 1], got " + decayScalingFactor);
        }
    }

    /** Project defaults (magpo.yaml): d 64, 1 head, 1 block, dsf 0.8, positional encoding on. */
    public static SableConfig defaults(int obsDim, int actionDim, boolean discrete) {
        return new SableConfig(obsDim, actionDim, discrete, 64, 1, 1, 0.8, true);
    }

    /** Decoder token width: A+1 for discrete (start flag + one-hot previous action), A for continuous. */
    public int tokenDim() {
        return discrete ? actionDim + 1 : actionDim;
    }

    public int headSize() {
        return embedDim / nHead;
    }
}
