package org.magpo.policy;

import org.magpo.nn.HostView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The retention memories a {@link SableNetwork} training forward starts from (acting uses
 * {@link ActingMemory}), for a batch of sequences: per block, one
 * encoder, one decoder-self and one decoder-cross memory, each a dense 'c' {@code [E, nHead, hs, hs]}
 * array as {@link org.magpo.nn.MultiScaleRetention} takes it.
 *
 * <p>Flat form ({@link #save}/{@link #load}), one env after another, {@link SableConfig#memorySize()}
 * floats each, laid out like the reference's hidden state: encoder {@code [nHead, nBlock, hs, hs]}, then
 * decoder-self, then decoder-cross, each row-major.
 */
public final class SableMemory {
    private final int envs;
    private final int nBlock;
    private final int nHead;
    private final int hs;
    private final INDArray[] encoder;
    private final INDArray[] decoderSelf;
    private final INDArray[] decoderCross;

    public SableMemory(SableConfig config, int envs, DataType dataType) {
        if (envs < 1) {
            throw new IllegalArgumentException("SableMemory envs must be >= 1, got " + envs);
        }
        this.envs = envs;
        this.nBlock = config.nBlock();
        this.nHead = config.nHead();
        this.hs = config.headSize();
        encoder = new INDArray[nBlock];
        decoderSelf = new INDArray[nBlock];
        decoderCross = new INDArray[nBlock];
        long[] shape = {envs, nHead, hs, hs};
        for (int b = 0; b < nBlock; b++) {
            encoder[b] = Nd4j.create(dataType, shape, 'c');
            decoderSelf[b] = Nd4j.create(dataType, shape, 'c');
            decoderCross[b] = Nd4j.create(dataType, shape, 'c');
        }
    }

    public int envs() {
        return envs;
    }

    /** Floats per environment in the flat form. */
    public int sizePerEnv() {
        return 3 * nBlock * nHead * hs * hs;
    }

    /** Encoder memory of block b, 'c' {@code [E, nHead, hs, hs]}. */
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

    /** All 3·nBlock memories (encoder blocks, then decoder-self, then decoder-cross). */
    INDArray part(int p, int block) {
        return switch (p) {
            case 0 -> encoder[block];
            case 1 -> decoderSelf[block];
            default -> decoderCross[block];
        };
    }

    /** Sets every memory to zero. */
    public void zero() {
        for (int b = 0; b < nBlock; b++) {
            encoder[b].assign(0);
            decoderSelf[b].assign(0);
            decoderCross[b].assign(0);
        }
    }

    /** Copies {@code other}'s memories (same configuration and env count) into this one. */
    public void copyFrom(SableMemory other) {
        if (other.envs != envs || other.nBlock != nBlock || other.nHead != nHead || other.hs != hs) {
            throw new IllegalArgumentException("SableMemory.copyFrom needs the same shape: have " + describe()
                    + ", got " + other.describe());
        }
        for (int p = 0; p < 3; p++) {
            for (int b = 0; b < nBlock; b++) {
                part(p, b).assign(other.part(p, b));
            }
        }
    }

    /** Writes the memories of every env into the first {@code E * sizePerEnv()} floats of {@code dst}. */
    public void save(float[] dst) {
        checkFlat("dst", dst);
        transfer(dst, true);
    }

    /** Replaces the memories of every env with the first {@code E * sizePerEnv()} floats of {@code src}. */
    public void load(float[] src) {
        checkFlat("src", src);
        transfer(src, false);
    }

    private void transfer(float[] flat, boolean save) {
        int per = sizePerEnv();
        int square = hs * hs;
        for (int p = 0; p < 3; p++) {
            for (int b = 0; b < nBlock; b++) {
                HostView m = HostView.ofDense(part(p, b));
                for (int e = 0; e < envs; e++) {
                    for (int h = 0; h < nHead; h++) {
                        int flatBase = e * per + ((p * nHead + h) * nBlock + b) * square;
                        int memBase = (e * nHead + h) * square;
                        for (int i = 0; i < square; i++) {
                            if (save) {
                                flat[flatBase + i] = (float) m.get(memBase + i);
                            } else {
                                m.set(memBase + i, flat[flatBase + i]);
                            }
                        }
                    }
                }
            }
        }
    }

    private void checkFlat(String what, float[] flat) {
        int need = envs * sizePerEnv();
        if (flat == null || flat.length < need) {
            throw new IllegalArgumentException("memory " + what + " must hold envs*memorySize = " + envs + "*"
                    + sizePerEnv() + " = " + need + " floats, got " + (flat == null ? "null" : flat.length));
        }
    }

    private String describe() {
        return "[E=" + envs + ", nBlock=" + nBlock + ", nHead=" + nHead + ", hs=" + hs + "]";
    }
}
