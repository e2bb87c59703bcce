package org.magpo.policy;

/**
 * The retention memories a {@link SableNetwork} acts with, for E environments: per block one encoder,
 * one decoder-self and one decoder-cross memory, each a row-major {@code [E * nHead * hs * hs]} array
 * ({@code [E, nHead, hs, hs]}) of the network's precision (float or double). Kept on the Java heap
 * because acting updates them with plain loops every timestep (see {@link RecurrentRetention}).
 *
 * <p>The flat float form of {@link #save}/{@link #load} is the same as {@link SableMemory}'s, so a memory
 * saved while acting can be loaded as the training memory of a sequence.
 */
public final class ActingMemory {
    private final int envs;
    private final int nBlock;
    private final int nHead;
    private final int hs;
    // [3 * nBlock]: encoder blocks, decoder-self blocks, decoder-cross blocks; one of the two is null
    private final float[][] floatParts;
    private final double[][] doubleParts;

    /** @param dataType FLOAT keeps float memories, DOUBLE double ones (the network's precision) */
    public ActingMemory(SableConfig config, int envs, org.nd4j.linalg.api.buffer.DataType dataType) {
        if (envs < 1) {
            throw new IllegalArgumentException("ActingMemory envs must be >= 1, got " + envs);
        }
        this.envs = envs;
        this.nBlock = config.nBlock();
        this.nHead = config.nHead();
        this.hs = config.headSize();
        int size = Math.multiplyExact(envs, nHead * hs * hs);
        boolean single = dataType == org.nd4j.linalg.api.buffer.DataType.FLOAT;
        floatParts = single ? new float[3 * nBlock][size] : null;
        doubleParts = single ? null : new double[3 * nBlock][size];
    }

    public int envs() {
        return envs;
    }

    /** Floats per environment in the flat form. */
    public int sizePerEnv() {
        return 3 * nBlock * nHead * hs * hs;
    }

    /** Part index of the encoder memory of block b (decoder-self: {@link #selfPart}, decoder-cross: {@link #crossPart}). */
    int encoderPart(int block) {
        return block;
    }

    int selfPart(int block) {
        return nBlock + block;
    }

    int crossPart(int block) {
        return 2 * nBlock + block;
    }

    /** The float array of a part, or null when the memory is double. */
    float[] floats(int part) {
        return floatParts == null ? null : floatParts[part];
    }

    /** The double array of a part, or null when the memory is float. */
    double[] doubles(int part) {
        return doubleParts == null ? null : doubleParts[part];
    }

    /** Sets every memory to zero. */
    public void zero() {
        for (int p = 0; p < 3 * nBlock; p++) {
            fill(p, 0);
        }
    }

    private void fill(int p, double value) {
        if (floatParts != null) {
            java.util.Arrays.fill(floatParts[p], (float) value);
        } else {
            java.util.Arrays.fill(doubleParts[p], value);
        }
    }

    /** Copies the encoder memories of {@code other} (same shape), all that a value-only step needs. */
    public void copyEncoderFrom(ActingMemory other) {
        checkSame(other);
        for (int b = 0; b < nBlock; b++) {
            copyPart(other, b);
        }
    }

    /** Copies every memory of {@code other} (same shape). */
    public void copyFrom(ActingMemory other) {
        checkSame(other);
        for (int p = 0; p < 3 * nBlock; p++) {
            copyPart(other, p);
        }
    }

    private void copyPart(ActingMemory other, int p) {
        if (floatParts != null) {
            System.arraycopy(other.floatParts[p], 0, floatParts[p], 0, floatParts[p].length);
        } else {
            System.arraycopy(other.doubleParts[p], 0, doubleParts[p], 0, doubleParts[p].length);
        }
    }

    /** Writes every env's memories into the first {@code E * sizePerEnv()} floats of {@code dst}. */
    public void save(float[] dst) {
        save(dst, 0);
    }

    /** Replaces every env's memories with the first {@code E * sizePerEnv()} floats of {@code src}. */
    public void load(float[] src) {
        load(src, 0);
    }

    /**
     * Writes every env's memories into {@code dst} as envs {@code firstEnv ..} of a larger flat memory (this
     * memory holds a contiguous block of another's envs).
     */
    public void save(float[] dst, int firstEnv) {
        checkFlat("dst", dst, firstEnv);
        transfer(dst, firstEnv, true);
    }

    /** Replaces every env's memories with envs {@code firstEnv ..} of the flat memory {@code src}. */
    public void load(float[] src, int firstEnv) {
        checkFlat("src", src, firstEnv);
        transfer(src, firstEnv, false);
    }

    private void transfer(float[] flat, int firstEnv, boolean save) {
        int per = sizePerEnv();
        int square = hs * hs;
        for (int p = 0; p < 3; p++) {
            for (int b = 0; b < nBlock; b++) {
                float[] mf = floats(p * nBlock + b);
                double[] md = doubles(p * nBlock + b);
                for (int e = 0; e < envs; e++) {
                    for (int h = 0; h < nHead; h++) {
                        int flatBase = (firstEnv + e) * per + ((p * nHead + h) * nBlock + b) * square;
                        int memBase = (e * nHead + h) * square;
                        if (mf != null) {
                            if (save) {
                                System.arraycopy(mf, memBase, flat, flatBase, square);
                            } else {
                                System.arraycopy(flat, flatBase, mf, memBase, square);
                            }
                        } else {
                            for (int i = 0; i < square; i++) {
                                if (save) {
                                    flat[flatBase + i] = (float) md[memBase + i];
                                } else {
                                    md[memBase + i] = flat[flatBase + i];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private void checkSame(ActingMemory other) {
        if (other.envs != envs || other.nBlock != nBlock || other.nHead != nHead || other.hs != hs) {
            throw new IllegalArgumentException("ActingMemory copy needs the same shape: have [E=" + envs + ", nBlock="
                    + nBlock + ", nHead=" + nHead + ", hs=" + hs + "], got [E=" + other.envs + ", nBlock=" + other.nBlock
                    + ", nHead=" + other.nHead + ", hs=" + other.hs + "]");
        }
    }

    private void checkFlat(String what, float[] flat, int firstEnv) {
        if (firstEnv < 0) {
            throw new IllegalArgumentException("memory firstEnv must be >= 0, got " + firstEnv);
        }
        int need = (firstEnv + envs) * sizePerEnv();
        if (flat == null || flat.length < need) {
            throw new IllegalArgumentException("memory " + what + " must hold (firstEnv+envs)*memorySize = (" + firstEnv
                    + "+" + envs + ")*" + sizePerEnv() + " = " + need + " floats, got "
                    + (flat == null ? "null" : flat.length));
        }
    }
}
