package org.magpo.policy;

import org.magpo.nn.GroupNorm;
import org.magpo.nn.HostView;
import org.magpo.nn.MatMul;
import org.magpo.nn.MultiScaleRetention;
import org.magpo.nn.Overlap;
import org.magpo.nn.Parameters;
import org.magpo.nn.PositionalEncoding;
import org.magpo.nn.RetentionMask;
import org.magpo.nn.RetentionMemoryOps;
import org.magpo.nn.RowBuffer;
import org.magpo.nn.ScratchMatrix;
import org.magpo.nn.SwishGate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recurrent (acting) form of one {@link MultiScaleRetention} layer, computed on plain Java arrays
 * with the layer's own parameters. It exists for speed: acting touches every env's {@code [hs, hs]}
 * memory several times per timestep, and doing that through per-element buffer accessors cost ~10× more
 * than these loops over plain arrays.
 *
 * <p>Same maths as {@link MultiScaleRetention#forwardRecurrent}, with the per-timestep decay folded into
 * the memory update: with {@code f = κ_h} (or 0 where an episode starts) and the memory {@code S} of the
 * previous timestep, token i of a timestep reads {@code f·(q_i S) + Σ_{j ∈ visible(i)} (q_i·k_j) v_j} and the
 * timestep leaves {@code S ← f·S + Σ_j k_jᵀ v_j}. The encoder ({@link #forwardTimestep}) sees all N tokens
 * of the timestep at once; the decoder ({@link #forwardToken}) one agent at a time, keeping the timestep's
 * keys and values until {@link #commit}. Then GroupNorm, swish gate and output projection as the layer.
 *
 * <p>Memory: one part of an {@link ActingMemory}, row-major {@code [E, nHead, hs, hs]} like the layer's,
 * float for FLOAT networks (so saving it to float[] and loading it back resumes acting bit-identically)
 * and double for DOUBLE ones. The memory passes compute in the memory's precision (float loops vectorise
 * twice as wide; they were half of the rollout phase); the normalisation and gate in double. Envs are
 * independent, so the float memory passes go env by env to the caller and the {@link Overlap} worker (free
 * once MAGPO's learner step beside the guider is done).
 */
final class RecurrentRetention {
    private final int dim;
    private final int nHead;
    private final int hs;
    private final int groupSize;
    private final PositionalEncoding pe;
    private final Parameters.Param wq;
    private final Parameters.Param wk;
    private final Parameters.Param wv;
    private final Parameters.Param wg;
    private final Parameters.Param wo;
    private final Parameters.Param gnScale;
    private final Parameters.Param gnBias;

    private final RowBuffer xkBuf;
    private final RowBuffer xqBuf;
    private final RowBuffer xvBuf;
    private final ScratchMatrix qT;
    private final ScratchMatrix kT;
    private final ScratchMatrix vT;
    private final ScratchMatrix gT;
    private final ScratchMatrix gatedT;
    private final ScratchMatrix allT;
    // [W_g | W_o | W_q | W_k | W_v] as one [d, 5d] view when the layer registered them back to back (it does),
    // so one gemm projects a self-retention input; null otherwise (four separate products)
    private final INDArray wAll;
    private final double[] q;
    private final double[] k;
    private final double[] v;
    private final double[] gate;
    private final double[] ret;
    private final double[] acc;
    private final double[] scale;
    private final double[] bias;
    private final int[] positions;
    // decoder: the keys and values of the agents decoded so far in this timestep, [E, N, d]
    private final double[] stashK;
    private final double[] stashV;
    private final int agents;
    // FLOAT networks: the same loops on float arrays, which C2 vectorises twice as wide as double ones
    // (and the memory is float already); null for DOUBLE networks, which keep double arithmetic.
    private final float[] qf;
    private final float[] kf;
    private final float[] vf;
    private final float[] retf;
    private final float[] accf;
    private final float[] accf2;   // the overlap worker's accf
    private final float[] stashKf;
    private final float[] stashVf;
    private final float[] gatef;
    private final float[] normf;

    /**
     * @param layer   the layer whose parameters this form uses (registered as {@code name/w_q} ...)
     * @param params  the built parameters that hold them
     * @param maxRows the most rows one call will see
     * @param agents  N, tokens per timestep (sizes the decoder's per-timestep stash)
     * @param envs    the most envs one decoder timestep will see
     */
    RecurrentRetention(MultiScaleRetention layer, Parameters params, String name, boolean positionalEncoding,
                       int maxRows, int agents, int envs) {
        this(layer, params, name, positionalEncoding, maxRows, agents, envs, true);
    }

    /** @param fuseProjections use one product for the projections where the parameter layout allows it */
    RecurrentRetention(MultiScaleRetention layer, Parameters params, String name, boolean positionalEncoding,
                       int maxRows, int agents, int envs, boolean fuseProjections) {
        this.dim = layer.dim();
        this.nHead = layer.heads();
        this.hs = layer.headSize();
        this.groupSize = hs / nHead;
        this.pe = positionalEncoding ? new PositionalEncoding(dim) : null;
        this.wq = params.get(name + "/w_q");
        this.wk = params.get(name + "/w_k");
        this.wv = params.get(name + "/w_v");
        this.wg = params.get(name + "/w_g");
        this.wo = params.get(name + "/w_o");
        GroupNorm gn = layer.groupNorm();
        this.gnScale = gn.scale();
        this.gnBias = gn.bias();
        DataType t = params.dataType();
        xkBuf = new RowBuffer(t, maxRows, dim);
        xqBuf = new RowBuffer(t, maxRows, dim);
        xvBuf = new RowBuffer(t, maxRows, dim);
        // projections are computed transposed, [d, rows] 'f' = row-major [rows, d], so the loops below read
        // each token's vector contiguously
        qT = new ScratchMatrix(t);
        kT = new ScratchMatrix(t);
        vT = new ScratchMatrix(t);
        gT = new ScratchMatrix(t);
        gatedT = new ScratchMatrix(t);
        allT = new ScratchMatrix(t);
        long square = (long) dim * dim;
        boolean adjacent = wo.offset() == wg.offset() + square && wq.offset() == wo.offset() + square
                && wk.offset() == wq.offset() + square && wv.offset() == wk.offset() + square;
        wAll = adjacent && fuseProjections ? params.values().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(wg.offset(),
                wg.offset() + 5 * square)).reshape('f', dim, 5L * dim) : null;
        int n = maxRows * dim;
        q = new double[n];
        k = new double[n];
        v = new double[n];
        gate = new double[n];
        ret = new double[n];
        acc = new double[hs];
        scale = new double[hs];
        bias = new double[hs];
        positions = new int[maxRows];
        this.agents = agents;
        stashK = new double[envs * agents * dim];
        stashV = new double[envs * agents * dim];
        boolean single = t == DataType.FLOAT;
        qf = single ? new float[n] : null;
        kf = single ? new float[n] : null;
        vf = single ? new float[n] : null;
        retf = single ? new float[n] : null;
        accf = single ? new float[hs] : null;
        accf2 = single ? new float[hs] : null;
        stashKf = single ? new float[envs * agents * dim] : null;
        stashVf = single ? new float[envs * agents * dim] : null;
        gatef = single ? new float[n] : null;
        normf = single ? new float[n] : null;
    }

    /** Memory doubles per env. */
    int memoryPerEnv() {
        return nHead * hs * hs;
    }

    /**
     * Encoder form ({@link RetentionMask#FULL_TIMESTEP}): one timestep of {@code tokensPerEnv} tokens per env
     * (rows {@code e*n + i}), self-retention over {@code x}; updates memory {@code part} of {@code memory}.
     *
     * @param factor {@code [E * nHead]} decay of each env's memory for this timestep (0 where an episode starts)
     */
    void forwardTimestep(INDArray x, int[] stepCount, int tokensPerEnv, ActingMemory memory, int part,
                         double[] factor, INDArray out) {
        int rows = (int) x.size(0);
        int envs = rows / tokensPerEnv;
        project(x, x, x, stepCount, tokensPerEnv, rows);
        float[] mf = memory.floats(part);
        double[] md = memory.doubles(part);
        if (qf != null && mf != null) {
            forwardTimestepFloat(envs, tokensPerEnv, mf, factor);
            finishFloat(rows, out);
            return;
        }
        java.util.Arrays.fill(ret, 0, rows * dim, 0.0);
        int square = hs * hs;
        for (int e = 0; e < envs; e++) {
            int tok0 = e * tokensPerEnv;
            for (int h = 0; h < nHead; h++) {
                int base = (e * nHead + h) * square;
                double f = factor[e * nHead + h];
                int col0 = h * hs;
                for (int r = 0; r < hs; r++) {
                    int row = base + r * hs;
                    loadScaled(mf, md, row, f);
                    for (int t = 0; t < tokensPerEnv; t++) {
                        int off = (tok0 + t) * dim + col0;
                        double kr = k[off + r];
                        for (int c = 0; c < hs; c++) {
                            acc[c] += kr * v[off + c];
                        }
                    }
                    store(mf, md, row);
                    for (int t = 0; t < tokensPerEnv; t++) {
                        int off = (tok0 + t) * dim + col0;
                        double qr = q[off + r];
                        for (int c = 0; c < hs; c++) {
                            ret[off + c] += qr * acc[c];
                        }
                    }
                }
            }
        }
        finish(rows, out);
    }

    /**
     * Decoder form ({@link RetentionMask#CAUSAL}) for agent {@code agent} of every env (one row per env): reads
     * the memory as it will be once this timestep's agents 0..agent are added; the memory itself changes
     * only at {@link #commit}.
     */
    void forwardToken(INDArray key, INDArray query, INDArray value, int[] stepCount, int agent, ActingMemory memory,
                      int part, double[] factor, INDArray out) {
        int envs = (int) key.size(0);
        project(key, query, value, stepCount, 1, envs);
        float[] mf = memory.floats(part);
        double[] md = memory.doubles(part);
        if (qf != null && mf != null) {
            forwardTokenFloat(envs, agent, mf, factor);
            finishFloat(envs, out);
            return;
        }
        int square = hs * hs;
        for (int e = 0; e < envs; e++) {
            int off = e * dim;
            int stash = (e * agents + agent) * dim;
            System.arraycopy(k, off, stashK, stash, dim);
            System.arraycopy(v, off, stashV, stash, dim);
            for (int h = 0; h < nHead; h++) {
                int base = (e * nHead + h) * square;
                int col0 = h * hs;
                double f = factor[e * nHead + h];
                java.util.Arrays.fill(acc, 0.0);
                if (f != 0.0) {
                    readInto(mf, md, base, off + col0);
                }
                for (int c = 0; c < hs; c++) {
                    ret[off + col0 + c] = f * acc[c];
                }
                for (int j = 0; j <= agent; j++) {
                    int s = (e * agents + j) * dim + col0;
                    double w = 0;
                    for (int r = 0; r < hs; r++) {
                        w += q[off + col0 + r] * stashK[s + r];
                    }
                    for (int c = 0; c < hs; c++) {
                        ret[off + col0 + c] += w * stashV[s + c];
                    }
                }
            }
        }
        finish(envs, out);
    }

    /**
     * Ends a decoder timestep: {@code S ← f·S + Σ_j k_jᵀ v_j} over the {@code agents} decoded agents of every
     * env, for memory {@code part}.
     */
    void commit(ActingMemory memory, int part, double[] factor, int envs) {
        float[] mf = memory.floats(part);
        double[] md = memory.doubles(part);
        int square = hs * hs;
        if (qf != null && mf != null) {
            Overlap.forEach(envs, (e, slot) -> {
                for (int h = 0; h < nHead; h++) {
                    int base = (e * nHead + h) * square;
                    int col0 = h * hs;
                    float f = (float) factor[e * nHead + h];
                    for (int r = 0; r < hs; r++) {
                        RetentionMemoryOps.updateRow(mf, base + r * hs, f, stashKf, stashVf, e * agents * dim + col0,
                                dim, agents, r, hs);
                    }
                }
            });
            return;
        }
        for (int e = 0; e < envs; e++) {
            for (int h = 0; h < nHead; h++) {
                int base = (e * nHead + h) * square;
                int col0 = h * hs;
                double f = factor[e * nHead + h];
                for (int r = 0; r < hs; r++) {
                    int row = base + r * hs;
                    loadScaled(mf, md, row, f);
                    for (int j = 0; j < agents; j++) {
                        int s = (e * agents + j) * dim + col0;
                        double kr = stashK[s + r];
                        for (int c = 0; c < hs; c++) {
                            acc[c] += kr * stashV[s + c];
                        }
                    }
                    store(mf, md, row);
                }
            }
        }
    }

    /** {@link #forwardTimestep}'s loops in float, on the float memory. */
    private void forwardTimestepFloat(int envs, int tokensPerEnv, float[] mf, double[] factor) {
        java.util.Arrays.fill(retf, 0, envs * tokensPerEnv * dim, 0f);
        int square = hs * hs;
        Overlap.forEach(envs, (e, slot) -> {
            int tok0 = e * tokensPerEnv;
            for (int h = 0; h < nHead; h++) {
                int base = (e * nHead + h) * square;
                float f = (float) factor[e * nHead + h];
                int col0 = h * hs;
                for (int r = 0; r < hs; r++) {
                    int row = base + r * hs;
                    RetentionMemoryOps.updateRow(mf, row, f, kf, vf, tok0 * dim + col0, dim, tokensPerEnv, r, hs);
                    for (int t = 0; t < tokensPerEnv; t++) {
                        int off = (tok0 + t) * dim + col0;
                        RetentionMemoryOps.addScaled(qf[off + r], mf, row, retf, off, hs);
                    }
                }
            }
        });
    }

    /** {@link #forwardToken}'s loops in float, on the float memory. */
    private void forwardTokenFloat(int envs, int agent, float[] mf, double[] factor) {
        int square = hs * hs;
        Overlap.forEach(envs, (e, slot) -> {
            float[] accf = slot == 0 ? this.accf : accf2;
            int off = e * dim;
            int stash = (e * agents + agent) * dim;
            System.arraycopy(kf, off, stashKf, stash, dim);
            System.arraycopy(vf, off, stashVf, stash, dim);
            for (int h = 0; h < nHead; h++) {
                int base = (e * nHead + h) * square;
                int col0 = h * hs;
                float f = (float) factor[e * nHead + h];
                if (f != 0f) {
                    RetentionMemoryOps.read(qf, off + col0, mf, base, hs, accf, 0);
                } else {
                    java.util.Arrays.fill(accf, 0f);
                }
                for (int c = 0; c < hs; c++) {
                    retf[off + col0 + c] = f * accf[c];
                }
                for (int j = 0; j <= agent; j++) {
                    int s = (e * agents + j) * dim + col0;
                    float w = 0;
                    for (int r = 0; r < hs; r++) {
                        w += qf[off + col0 + r] * stashKf[s + r];
                    }
                    RetentionMemoryOps.addScaled(w, stashVf, s, retf, off + col0, hs);
                }
            }
        });
    }

    // The memory is float[] (FLOAT networks) or double[] (DOUBLE); exactly one of mf/md is non-null. Rows are
    // staged in the double scratch `acc` so the arithmetic is double either way.

    /** {@code acc = f · memory row}. */
    private void loadScaled(float[] mf, double[] md, int row, double f) {
        if (mf != null) {
            for (int c = 0; c < hs; c++) {
                acc[c] = f * mf[row + c];
            }
        } else {
            for (int c = 0; c < hs; c++) {
                acc[c] = f * md[row + c];
            }
        }
    }

    /** {@code memory row = acc}, rounded to float for a float memory. */
    private void store(float[] mf, double[] md, int row) {
        if (mf != null) {
            for (int c = 0; c < hs; c++) {
                mf[row + c] = (float) acc[c];
                acc[c] = mf[row + c];   // read back what later tokens would read from the memory
            }
        } else {
            System.arraycopy(acc, 0, md, row, hs);
        }
    }

    /** {@code acc += q[qOff..qOff+hs) · S} for the {@code [hs, hs]} block at {@code base}. */
    private void readInto(float[] mf, double[] md, int base, int qOff) {
        if (mf != null) {
            for (int r = 0; r < hs; r++) {
                double qr = q[qOff + r];
                int row = base + r * hs;
                for (int c = 0; c < hs; c++) {
                    acc[c] += qr * mf[row + c];
                }
            }
        } else {
            for (int r = 0; r < hs; r++) {
                double qr = q[qOff + r];
                int row = base + r * hs;
                for (int c = 0; c < hs; c++) {
                    acc[c] += qr * md[row + c];
                }
            }
        }
    }

    /** Inputs + positional encoding, then q, k, v and gate pre-activations into row-major arrays. */
    private void project(INDArray key, INDArray query, INDArray value, int[] stepCount, int tokensPerEnv, int rows) {
        for (int r = 0; r < rows; r++) {
            positions[r] = stepCount[r / tokensPerEnv];
        }
        INDArray xk = withPosition(key, xkBuf.rows(rows), rows);
        INDArray xq = query == key ? xk : withPosition(query, xqBuf.rows(rows), rows);
        INDArray xv = value == key ? xk : value == query ? xq : withPosition(value, xvBuf.rows(rows), rows);
        if (wAll != null && xv == xk) {
            // one product gives gate, (unused) output, q, k and v of the key input
            INDArray outT = allT.get(5L * dim, rows);
            MatMul.into(wAll, true, xk, true, outT, 0.0);
            HostView b = HostView.ofDense(outT);
            boolean selfQuery = xq == xk;
            for (int r = 0; r < rows; r++) {
                int src = r * 5 * dim;
                int dst = r * dim;
                for (int c = 0; c < dim; c++) {
                    gate[dst + c] = b.get(src + c);
                    k[dst + c] = b.get(src + 3 * dim + c);
                    v[dst + c] = b.get(src + 4 * dim + c);
                }
                if (selfQuery) {
                    for (int c = 0; c < dim; c++) {
                        q[dst + c] = b.get(src + 2 * dim + c);
                    }
                }
            }
            if (!selfQuery) {
                transposedProduct(wq, xq, qT, rows, q);
            }
            toFloat(rows);
            return;
        }
        transposedProduct(wq, xq, qT, rows, q);
        transposedProduct(wk, xk, kT, rows, k);
        transposedProduct(wv, xv, vT, rows, v);
        transposedProduct(wg, xk, gT, rows, gate);
        toFloat(rows);
    }

    /** Float copies of q, k and v for the float loops (FLOAT networks only; the values are floats already). */
    private void toFloat(int rows) {
        if (qf == null) {
            return;
        }
        for (int i = 0, n = rows * dim; i < n; i++) {
            qf[i] = (float) q[i];
            kf[i] = (float) k[i];
            vf[i] = (float) v[i];
        }
    }

    private INDArray withPosition(INDArray x, INDArray buf, int rows) {
        if (pe != null) {
            pe.add(x, positions, buf);
        } else {
            buf.assign(x);
        }
        return buf;
    }

    /** {@code dst (row-major [rows, d]) = x W} computed as {@code Wᵀ xᵀ} into the 'f' {@code [d, rows]} buffer. */
    private void transposedProduct(Parameters.Param w, INDArray x, ScratchMatrix buf, int rows, double[] dst) {
        INDArray outT = buf.get(dim, rows);
        MatMul.into(w.value(), true, x, true, outT, 0.0);
        HostView b = HostView.ofDense(outT);
        for (int i = 0, n = rows * dim; i < n; i++) {
            dst[i] = b.get(i);
        }
    }

    /** GroupNorm per head vector (nHead groups of hs/nHead), swish gate, output projection. */
    private void finish(int rows, INDArray out) {
        normalise(rows);
        int n = rows * dim;
        for (int i = 0; i < n; i++) {
            double a = gate[i];
            ret[i] = a / (1.0 + Math.exp(-a)) * ret[i];
        }
        INDArray gated = gatedT.get(dim, rows);
        HostView gb = HostView.ofDense(gated);
        for (int i = 0; i < n; i++) {
            gb.set(i, ret[i]);
        }
        MatMul.into(gated, true, wo.value(), false, out, 0.0);
    }

    /**
     * {@link #finish} for FLOAT networks on the float retention output: the same GroupNorm in double, the
     * normalised values rounded to float, and the swish gate with the training kernels' exp ({@link SwishGate};
     * {@code Math.exp} per element was a tenth of the acting time).
     */
    private void finishFloat(int rows, INDArray out) {
        int n = rows * dim;
        for (int i = 0; i < n; i++) {
            ret[i] = retf[i];
        }
        normalise(rows);
        for (int i = 0; i < n; i++) {
            normf[i] = (float) ret[i];
            gatef[i] = (float) gate[i];
        }
        SwishGate.apply(gatef, normf, normf, n);
        INDArray gated = gatedT.get(dim, rows);
        HostView.ofDense(gated).copyFrom(normf, n);
        MatMul.into(gated, true, wo.value(), false, out, 0.0);
    }

    /** GroupNorm of every head vector of {@code ret}, in place, in double. */
    private void normalise(int rows) {
        HostView sb = HostView.ofDense(gnScale.value());
        HostView bb = HostView.ofDense(gnBias.value());
        for (int c = 0; c < hs; c++) {
            scale[c] = sb.get(c);
            bias[c] = bb.get(c);
        }
        for (int r = 0; r < rows; r++) {
            for (int h = 0; h < nHead; h++) {
                int vec = r * dim + h * hs;
                for (int g = 0; g < nHead; g++) {
                    int g0 = vec + g * groupSize;
                    double mean = 0;
                    for (int i = 0; i < groupSize; i++) {
                        mean += ret[g0 + i];
                    }
                    mean /= groupSize;
                    double var = 0;
                    for (int i = 0; i < groupSize; i++) {
                        double dev = ret[g0 + i] - mean;
                        var += dev * dev;
                    }
                    double inv = 1.0 / Math.sqrt(var / groupSize + GroupNorm.EPS);
                    for (int i = 0; i < groupSize; i++) {
                        int c = g * groupSize + i;
                        ret[g0 + i] = (ret[g0 + i] - mean) * inv * scale[c] + bias[c];
                    }
                }
            }
        }
    }
}
