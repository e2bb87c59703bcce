package org.magpo.policy;

/**
 * The retention memories a {@link SableNetwork} acts with, for E environments: per block one encoder,
 * one decoder-self and one decoder-cross memory, each a row-major {@code double[E * nHead * hs * hs]}
 * ({@code [E, nHead, hs, hs]}). Kept in double on the Java heap because acting updates them with plain
 * loops every timestep (see {@link RecurrentRetention}).
 *
 * <p>The flat float form of {@link #save}/{@link #load} is the same as {@link SableMemory}'s, so a memory
 * saved while acting can be loaded as the training memory of a sequence.
 */
public final class ActingMemory {
    private final int envs;
    private final int nBlock;
    private final int nHead;
    private final int hs;
    private final double[][] parts;   // [3 * nBlock]: encoder blocks, decoder-self blocks, decoder-cross blocks

    public ActingMemory(SableConfig config, int envs) {
        if (envs < 1) {
            throw new IllegalArgumentException("ActingMemory envs must be >= 1, got " + envs);
        }
        this.envs = envs;
        this.nBlock = config.nBlock();
        this.nHead = config.nHead();
        this.hs = config.headSize();
        parts = new double[3 * nBlock][Math.multiplyExact(envs, nHead * hs * hs)];
    }

    public int envs() {
        return envs;
    }

    /** Floats per environment in the flat form. */
    public int sizePerEnv() {
        return 3 * nBlock * nHead * hs * hs;
    }

    /** Encoder memory of block b. */
    double[] encoder(int block) {
        return parts[block];
    }

    /** Decoder self-retention memory of block b. */
    double[] decoderSelf(int block) {
        return parts[nBlock + block];
    }

    /** Decoder cross-retention memory of block b. */
    double[] decoderCross(int block) {
        return parts[2 * nBlock + block];
    }

    /** Sets every memory to zero. */
    public void zero() {
        for (double[] p : parts) {
            java.util.Arrays.fill(p, 0.0);
        }
    }

    /** Copies the encoder memories of {@code other} (same shape), all that a value-only step needs. */
    public void copyEncoderFrom(ActingMemory other) {
        checkSame(other);
        for (int b = 0; b < nBlock; b++) {
            System.arraycopy(other.parts[b], 0, parts[b], 0, parts[b].length);
        }
    }

    /** Copies every memory of {@code other} (same shape). */
    public void copyFrom(ActingMemory other) {
        checkSame(other);
        for (int p = 0; p < parts.length; p++) {
            System.arraycopy(other.parts[p], 0, parts[p], 0, parts[p].length);
        }
    }

    /** Writes every env's memories into the first {@code E * sizePerEnv()} floats of {@code dst}. */
    public void save(float[] dst) {
        checkFlat("dst", dst);
        transfer(dst, true);
    }

    /** Replaces every env's memories with the first {@code E * sizePerEnv()} floats of {@code src}. */
    public void load(float[] src) {
        checkFlat("src", src);
        transfer(src, false);
    }

    private void transfer(float[] flat, boolean save) {
        int per = sizePerEnv();
        int square = hs * hs;
        for (int p = 0; p < 3; p++) {
            for (int b = 0; b < nBlock; b++) {
                double[] m = parts[p * nBlock + b];
                for (int e = 0; e < envs; e++) {
                    for (int h = 0; h < nHead; h++) {
                        int flatBase = e * per + ((p * nHead + h) * nBlock + b) * square;
                        int memBase = (e * nHead + h) * square;
                        for (int i = 0; i < square; i++) {
                            if (save) {
                                flat[flatBase + i] = (float) m[memBase + i];
                            } else {
                                m[memBase + i] = flat[flatBase + i];
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

    private void checkFlat(String what, float[] flat) {
        int need = envs * sizePerEnv();
        if (flat == null || flat.length < need) {
            throw new IllegalArgumentException("memory " + what + " must hold envs*memorySize = " + envs + "*"
                    + sizePerEnv() + " = " + need + " floats, got " + (flat == null ? "null" : flat.length));
        }
    }
}
