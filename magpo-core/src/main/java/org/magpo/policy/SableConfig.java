package org.magpo.policy;

/**
 * Shape of a {@link SableNetwork} (ALGORITHM.md §3.1).
 *
 * @param obsDim             per-agent observation size (agent id included)
 * @param agents             N, tokens per timestep
 * @param headDim            logits (A) for a discrete head, means (D) for a continuous one
 * @param continuous         continuous actions: tokens are the previous agent's squashed action (D values),
 *                           the token embedding has a bias and there is a {@code log_std [D]} parameter;
 *                           discrete: tokens are one-hot of size A+1 (index 0 = start of timestep)
 * @param embedDim           d
 * @param nBlock             encoder and decoder blocks
 * @param nHead              retention heads; must divide d, and d/nHead must be divisible by nHead
 * @param decayScalingFactor dsf in (0, 1]
 * @param positionalEncoding add the timestep encoding to the retention inputs (d must then be even)
 */
public record SableConfig(int obsDim, int agents, int headDim, boolean continuous, int embedDim, int nBlock,
                          int nHead, double decayScalingFactor, boolean positionalEncoding) {
    public SableConfig {
        if (obsDim < 1) {
            throw new IllegalArgumentException("SableConfig.obsDim must be >= 1, got " + obsDim);
        }
        if (agents < 1) {
            throw new IllegalArgumentException("SableConfig.agents must be >= 1, got " + agents);
        }
        if (headDim < 1) {
            throw new IllegalArgumentException("SableConfig.headDim must be >= 1, got " + headDim);
        }
        if (embedDim < 1) {
            throw new IllegalArgumentException("SableConfig.embedDim must be >= 1, got " + embedDim);
        }
        if (positionalEncoding && embedDim % 2 != 0) {
            throw new IllegalArgumentException("SableConfig.embedDim must be even with positional encoding, got "
                    + embedDim);
        }
        if (nBlock < 1) {
            throw new IllegalArgumentException("SableConfig.nBlock must be >= 1, got " + nBlock);
        }
        if (nHead < 1 || embedDim % nHead != 0 || (embedDim / nHead) % nHead != 0) {
            throw new IllegalArgumentException("SableConfig.nHead must divide embedDim and embedDim/nHead, got nHead "
                    + nHead + " with embedDim " + embedDim);
        }
        if (!(decayScalingFactor > 0 && decayScalingFactor <= 1)) {
            throw new IllegalArgumentException("SableConfig.decayScalingFactor must be in (0, 1], got "
                    + decayScalingFactor);
        }
    }

    /** Width of a decoder input token: A+1 (one-hot with a start flag) or D. */
    public int tokenDim() {
        return continuous ? headDim : headDim + 1;
    }

    /** Head size hs = d / nHead. */
    public int headSize() {
        return embedDim / nHead;
    }

    /** Floats of retention memory per environment: 3 · nBlock · nHead · hs · hs. */
    public int memorySize() {
        return 3 * nBlock * nHead * headSize() * headSize();
    }
}
