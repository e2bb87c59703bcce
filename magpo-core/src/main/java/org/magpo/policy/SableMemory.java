package org.magpo.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Retention memories of the Sable guider for B envs: one dense 'c' {@code [B, nHead, hs, hs]} array per
 * block for each of the encoder, decoder self-retention and decoder cross-retention.
 */
public final class SableMemory {
    private final INDArray[] encoder;
    private final INDArray[] decoderSelf;
    private final INDArray[] decoderCross;

    /** Zero memories for {@code envs} environments. */
    public SableMemory(SableConfig cfg, int envs, DataType dataType) {
        if (envs < 1) {
            throw new IllegalArgumentException("SableMemory envs must be >= 1, got " + envs);
        }
        long[] shape = {envs, cfg.nHead(), cfg.headSize(), cfg.headSize()};
        encoder = new INDArray[cfg.nBlock()];
        decoderSelf = new INDArray[cfg.nBlock()];
        decoderCross = new INDArray[cfg.nBlock()];
        for (int b = 0; b < cfg.nBlock(); b++) {
            encoder[b] = Nd4j.create(dataType, shape, 'c');
            decoderSelf[b] = Nd4j.create(dataType, shape, 'c');
            decoderCross[b] = Nd4j.create(dataType, shape, 'c');
        }
    }

    public int envs() {
        return (int) encoder[0].size(0);
    }

    /** Encoder memory of block b. */
    public INDArray encoder(int block) {
        return encoder[block];
    }

    /** Decoder self-retention memory of block b. */
    public INDArray decoderSelf(int block) {
        return decoderSelf[block];
    }

    /** Decoder cross-retention memory of block b. */
    public INDArray decoderCross(int block) {
        return decoderCross[block];
    }

    /** Copies every memory from {@code other} (same config and env count). */
    public void copyFrom(SableMemory other) {
        for (int b = 0; b < encoder.length; b++) {
            encoder[b].assign(other.encoder[b]);
            decoderSelf[b].assign(other.decoderSelf[b]);
            decoderCross[b].assign(other.decoderCross[b]);
        }
    }
}
