package org.magpo.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Flax {@code GRUCell} with fused kernels, unrolled over time with backpropagation through time.
 *
 * <pre>
 *   h~ = reset ? 0 : h                       (the reset flag zeroes the state BEFORE the step)
 *   r  = sigmoid(x W_ir + b_ir + h~ W_hr)
 *   z  = sigmoid(x W_iz + b_iz + h~ W_hz)
 *   n  = tanh(x W_in + b_in + r * (h~ W_hn + b_hn))
 *   h' = (1 - z) * n + z * h~
 * </pre>
 * Parameters (gates fused in the order r | z | n): {@code name/wi [in, 3H]} (LeCun normal, as three
 * Flax input kernels), {@code name/bi [3H]} (zeros), {@code name/wh [H, 3H]} (three orthogonal
 * {@code [H, H]} blocks), {@code name/bhn [H]} (zeros).
 *
 * <p>Sequences are time-major: row {@code t*B + b} of {@code x [T*B, in]} and {@code out [T*B, H]}
 * is env-agent {@code b} at step {@code t}. The input projection of all steps is one gemm; each step
 * then does one {@code [B, H] x [H, 3H]} gemm and one fused pass over the gates. What backward needs
 * (gates, the state each step started from) is cached in buffers preallocated for {@code capacity}
 * rows, so {@link #forwardSequence} and {@link #backwardSequence} allocate nothing large.
 */
public final class GruCell {
    private final String name;
    private final int in;
    private final int hidden;
    private final int capacity;
    private final Parameters.Param wi;
    private final Parameters.Param bi;
    private final Parameters.Param wh;
    private final Parameters.Param bhn;
    private final DataType dataType;

    // Sequence caches, allocated on first use (the data type is known only once parameters are built).
    private RowBuffer gi;        // [T*B, 3H] rows layout: x Wi + bi
    private RowBuffer gates;     // T blocks [B, 3H]: h~ Wh during forward, then r | z | hn; dgh in backward
    private RowBuffer hPrev;     // T blocks [B, H]: h~ of each step
    private RowBuffer dgi;       // [T*B, 3H] rows layout
    private RowBuffer carry;     // [B, H] gradient flowing to the previous step (grown to the largest B)
    private boolean[] resetCache;
    private double[] dbhnAcc;
    private int cachedT = -1;
    private int cachedB = -1;

    // Acting buffers, grown to the largest B seen.
    private RowBuffer stepGi;
    private RowBuffer stepGh;

    /**
     * @param capacity maximum {@code T*B} rows of a sequence
     */
    public GruCell(Parameters.Builder params, String name, int in, int hidden, int capacity) {
        if (in < 1 || hidden < 1 || capacity < 1) {
            throw new IllegalArgumentException("GruCell '" + name + "': in, hidden and capacity must be >= 1, got in="
                    + in + ", hidden=" + hidden + ", capacity=" + capacity);
        }
        this.name = name;
        this.in = in;
        this.hidden = hidden;
        this.capacity = capacity;
        this.dataType = params.dataType();
        this.wi = params.add(name + "/wi", new long[] {in, 3L * hidden}, Initializers.lecunNormal());
        this.bi = params.add(name + "/bi", new long[] {3L * hidden}, Initializers.zeros());
        this.wh = params.add(name + "/wh", new long[] {hidden, 3L * hidden},
                Initializers.columnBlocks(3, Initializers.orthogonal(1.0)));
        this.bhn = params.add(name + "/bhn", new long[] {hidden}, Initializers.zeros());
    }

    public int inputSize() {
        return in;
    }

    public int hiddenSize() {
        return hidden;
    }

    /**
     * Runs {@code T} steps and caches what {@link #backwardSequence} needs.
     *
     * @param x      inputs {@code [T*B, in]}, time-major; must stay unchanged until backward
     * @param resets {@code [T*B]}: true where that row starts a new episode (state zeroed before the step)
     * @param h0     state before step 0 {@code [B, H]}; not modified
     * @param out    states after each step {@code [T*B, H]}; the last {@code B} rows are the final state
     */
    public void forwardSequence(INDArray x, boolean[] resets, int t, int b, INDArray h0, INDArray out) {
        int rows = checkSequence(x, resets, t, b);
        Shapes.requireMatrix(label(), "h0", h0, b, hidden);
        Shapes.requireMatrix(label(), "out", out, rows, hidden);
        ensureSequenceBuffers();
        System.arraycopy(resets, 0, resetCache, 0, rows);
        cachedT = t;
        cachedB = b;

        INDArray giRows = gi.rows(rows);
        MatMul.into(x, false, wi.value(), false, giRows, 0.0);
        addBias(gi.host(rows), HostView.of(bi.value()), rows, 3 * hidden);

        INDArray[] gateBlocks = gates.blocks(t, b);
        INDArray[] hBlocks = hPrev.blocks(t, b);
        HostView h0v = HostView.of(h0);
        HostView hp0 = HostView.of(hBlocks[0]);
        int bh = b * hidden;
        for (int i = 0; i < bh; i++) {
            hp0.set(i, resets[i % b] ? 0 : h0v.get(i));
        }
        HostView giv = gi.host(rows);
        HostView outv = HostView.of(out);
        HostView bhnv = HostView.of(bhn.value());
        HostView gatesAll = gates.flatHost();
        HostView hAll = hPrev.flatHost();
        int h3 = 3 * hidden;
        FloatKernels simd = FloatKernels.forFloat(giv, outv);
        java.nio.ByteBuffer giB = simd != null ? giv.bytes() : null;
        java.nio.ByteBuffer gatesB = simd != null ? gatesAll.bytes() : null;
        java.nio.ByteBuffer hB = simd != null ? hAll.bytes() : null;
        java.nio.ByteBuffer outB = simd != null ? outv.bytes() : null;
        for (int s = 0; s < t; s++) {
            MatMul.into(hBlocks[s], false, wh.value(), false, gateBlocks[s], 0.0);
            int gBase = s * b * h3;
            int hBase = s * bh;
            int nextBase = (s + 1) * bh;
            boolean last = s == t - 1;
            for (int c = 0; c < hidden; c++) {
                double bn = bhnv.get(c);
                int gr = gBase + c * b;
                int gz = gBase + (hidden + c) * b;
                int gn = gBase + (2 * hidden + c) * b;
                int xr = c * rows + s * b;
                int xz = (hidden + c) * rows + s * b;
                int xn = (2 * hidden + c) * rows + s * b;
                int hc = hBase + c * b;
                int oc = c * rows + s * b;
                int nc = nextBase + c * b;
                if (simd != null) {
                    simd.gruForwardColumn(giB, xr, xz, xn, gatesB, gr, gz, gn, (float) bn, hB, hc, outB, oc,
                            last ? -1 : nc, resets, (s + 1) * b, b);
                    continue;
                }
                for (int k = 0; k < b; k++) {
                    double r = Activation.sigmoid(giv.get(xr + k) + gatesAll.get(gr + k));
                    double z = Activation.sigmoid(giv.get(xz + k) + gatesAll.get(gz + k));
                    double hn = gatesAll.get(gn + k) + bn;
                    double n = Activation.tanh(giv.get(xn + k) + r * hn);
                    double hp = hAll.get(hc + k);
                    double h = (1 - z) * n + z * hp;
                    gatesAll.set(gr + k, r);
                    gatesAll.set(gz + k, z);
                    gatesAll.set(gn + k, hn);
                    outv.set(oc + k, h);
                    if (!last) {
                        hAll.set(nc + k, resets[(s + 1) * b + k] ? 0 : h);
                    }
                }
            }
        }
    }

    /**
     * Backpropagation through time over the last {@link #forwardSequence}: accumulates the gradients
     * of all four parameters.
     *
     * @param x    the same input that was given to forward {@code [T*B, in]}
     * @param dOut gradient of the loss with respect to every output state {@code [T*B, H]}
     * @param dX   input gradient {@code [T*B, in]} (overwritten), or null
     * @param dH0  gradient with respect to {@code h0} {@code [B, H]} (overwritten; zero where step 0
     *             resets), or null
     */
    public void backwardSequence(INDArray x, INDArray dOut, INDArray dX, INDArray dH0) {
        if (cachedT < 0) {
            throw new IllegalStateException(label() + ": backwardSequence called before forwardSequence");
        }
        int t = cachedT;
        int b = cachedB;
        int rows = t * b;
        Shapes.requireMatrix(label(), "x", x, rows, in);
        Shapes.requireMatrix(label(), "dOut", dOut, rows, hidden);
        int bh = b * hidden;
        int h3 = 3 * hidden;
        INDArray[] gateBlocks = gates.blocks(t, b);
        INDArray[] hBlocks = hPrev.blocks(t, b);
        if (carry == null || carry.capacity() < b) {
            carry = new RowBuffer(dataType, b, hidden);
        }
        INDArray carryRows = carry.rows(b);
        HostView carryv = carry.host(b);
        for (int i = 0; i < bh; i++) {
            carryv.set(i, 0);
        }
        java.util.Arrays.fill(dbhnAcc, 0);
        HostView giv = gi.host(rows);
        HostView dgiv = dgi.host(rows);
        HostView dOutv = HostView.of(dOut);
        HostView gatesAll = gates.flatHost();
        HostView hAll = hPrev.flatHost();
        FloatKernels simd = FloatKernels.forFloat(giv, dOutv);
        java.nio.ByteBuffer giB = simd != null ? giv.bytes() : null;
        java.nio.ByteBuffer dgiB = simd != null ? dgiv.bytes() : null;
        java.nio.ByteBuffer gatesB = simd != null ? gatesAll.bytes() : null;
        java.nio.ByteBuffer hB = simd != null ? hAll.bytes() : null;
        java.nio.ByteBuffer dOutB = simd != null ? dOutv.bytes() : null;
        java.nio.ByteBuffer carryB = simd != null ? carryv.bytes() : null;
        for (int s = t - 1; s >= 0; s--) {
            int gBase = s * b * h3;
            int hBase = s * bh;
            for (int c = 0; c < hidden; c++) {
                int gr = gBase + c * b;
                int gz = gBase + (hidden + c) * b;
                int gn = gBase + (2 * hidden + c) * b;
                int xr = c * rows + s * b;
                int xz = (hidden + c) * rows + s * b;
                int xn = (2 * hidden + c) * rows + s * b;
                int hc = hBase + c * b;
                int oc = c * rows + s * b;
                int cc = c * b;
                if (simd != null) {
                    dbhnAcc[c] += simd.gruBackwardColumn(giB, xr, xz, xn, dgiB, gatesB, gr, gz, gn, hB, hc, dOutB, oc,
                            carryB, cc, b);
                    continue;
                }
                double dbn = 0;
                for (int k = 0; k < b; k++) {
                    double dh = dOutv.get(oc + k) + carryv.get(cc + k);
                    double r = gatesAll.get(gr + k);
                    double z = gatesAll.get(gz + k);
                    double hn = gatesAll.get(gn + k);
                    double hp = hAll.get(hc + k);
                    double n = Activation.tanh(giv.get(xn + k) + r * hn);
                    double dan = dh * (1 - z) * (1 - n * n);
                    double daz = dh * (hp - n) * z * (1 - z);
                    double dar = dan * hn * r * (1 - r);
                    double dhn = dan * r;
                    dgiv.set(xr + k, dar);
                    dgiv.set(xz + k, daz);
                    dgiv.set(xn + k, dan);
                    gatesAll.set(gr + k, dar);
                    gatesAll.set(gz + k, daz);
                    gatesAll.set(gn + k, dhn);
                    carryv.set(cc + k, dh * z);
                    dbn += dhn;
                }
                dbhnAcc[c] += dbn;
            }
            // gateBlocks[s] now holds dgh = d(h~ Wh): accumulate dWh and pass the gradient to h~.
            MatMul.into(hBlocks[s], true, gateBlocks[s], false, wh.grad(), 1.0);
            MatMul.into(gateBlocks[s], false, wh.value(), true, carryRows, 1.0);
            // h~ = 0 where the step reset, so nothing flows to the state before it.
            for (int k = 0; k < b; k++) {
                if (resetCache[s * b + k]) {
                    for (int c = 0; c < hidden; c++) {
                        carryv.set(c * b + k, 0);
                    }
                }
            }
        }
        HostView bhnGrad = HostView.of(bhn.grad());
        for (int c = 0; c < hidden; c++) {
            bhnGrad.add(c, dbhnAcc[c]);
        }
        INDArray dgiRows = dgi.rows(rows);
        MatMul.into(x, true, dgiRows, false, wi.grad(), 1.0);
        HostView biGrad = HostView.of(bi.grad());
        for (int c = 0; c < h3; c++) {
            double sum = 0;
            int base = c * rows;
            if (simd != null) {
                biGrad.add(c, simd.sum(dgiB, base, rows));
                continue;
            }
            for (int r = 0; r < rows; r++) {
                sum += dgiv.get(base + r);
            }
            biGrad.add(c, sum);
        }
        if (dX != null) {
            Shapes.requireMatrix(label(), "dX", dX, rows, in);
            MatMul.into(dgiRows, false, wi.value(), true, dX, 0.0);
        }
        if (dH0 != null) {
            Shapes.requireMatrix(label(), "dH0", dH0, b, hidden);
            dH0.assign(carryRows);
        }
    }

    /**
     * One acting step for {@code B} rows: {@code h} is zeroed where {@code resets} is set, then
     * replaced in place by the new state. Does not touch the sequence caches.
     *
     * @param x      {@code [B, in]}
     * @param resets {@code [B]}
     * @param h      {@code [B, H]}, updated in place
     */
    public void step(INDArray x, boolean[] resets, INDArray h) {
        Shapes.requireMatrix(label(), "x", x, -1, in);
        int b = (int) x.size(0);
        Shapes.requireMatrix(label(), "h", h, b, hidden);
        if (resets == null || resets.length < b) {
            throw new IllegalArgumentException(label() + ": resets must have at least " + b + " entries, got "
                    + (resets == null ? "null" : resets.length));
        }
        if (stepGi == null || stepGi.capacity() < b) {
            stepGi = new RowBuffer(dataType, b, 3 * hidden);
            stepGh = new RowBuffer(dataType, b, 3 * hidden);
        }
        HostView hv = HostView.of(h);
        for (int k = 0; k < b; k++) {
            if (resets[k]) {
                for (int c = 0; c < hidden; c++) {
                    hv.set(k + c * b, 0);
                }
            }
        }
        INDArray giRows = stepGi.rows(b);
        MatMul.into(x, false, wi.value(), false, giRows, 0.0);
        INDArray ghRows = stepGh.rows(b);
        MatMul.into(h, false, wh.value(), false, ghRows, 0.0);
        HostView giv = stepGi.host(b);
        HostView ghv = stepGh.host(b);
        HostView biv = HostView.of(bi.value());
        HostView bhnv = HostView.of(bhn.value());
        FloatKernels simd = FloatKernels.forFloat(hv);
        java.nio.ByteBuffer giB = simd != null ? giv.bytes() : null;
        java.nio.ByteBuffer ghB = simd != null ? ghv.bytes() : null;
        java.nio.ByteBuffer hB = simd != null ? hv.bytes() : null;
        for (int c = 0; c < hidden; c++) {
            double br = biv.get(c);
            double bz = biv.get(hidden + c);
            double bn = biv.get(2 * hidden + c);
            double bh = bhnv.get(c);
            int cr = c * b;
            int cz = (hidden + c) * b;
            int cn = (2 * hidden + c) * b;
            if (simd != null) {
                simd.gruStepColumn(giB, ghB, cr, cz, cn, (float) br, (float) bz, (float) bn, (float) bh, hB, b);
                continue;
            }
            for (int k = 0; k < b; k++) {
                double r = Activation.sigmoid(giv.get(cr + k) + br + ghv.get(cr + k));
                double z = Activation.sigmoid(giv.get(cz + k) + bz + ghv.get(cz + k));
                double n = Activation.tanh(giv.get(cn + k) + bn + r * (ghv.get(cn + k) + bh));
                double hp = hv.get(cr + k);
                hv.set(cr + k, (1 - z) * n + z * hp);
            }
        }
    }

    private int checkSequence(INDArray x, boolean[] resets, int t, int b) {
        if (t < 1 || b < 1 || (long) t * b > capacity) {
            throw new IllegalArgumentException(label() + ": need T >= 1, B >= 1 and T*B <= capacity " + capacity
                    + ", got T=" + t + ", B=" + b);
        }
        int rows = t * b;
        Shapes.requireMatrix(label(), "x", x, rows, in);
        Shapes.requireType(label(), "x", x, dataType);
        if (resets == null || resets.length < rows) {
            throw new IllegalArgumentException(label() + ": resets must have T*B = " + rows + " entries, got "
                    + (resets == null ? "null" : resets.length));
        }
        return rows;
    }

    private static void addBias(HostView y, HostView bias, int rows, int cols) {
        FloatKernels simd = FloatKernels.forFloat(y);
        java.nio.ByteBuffer yb = simd != null ? y.bytes() : null;
        for (int c = 0; c < cols; c++) {
            double v = bias.get(c);
            int base = c * rows;
            if (simd != null) {
                simd.addScalar(yb, base, rows, (float) v);
                continue;
            }
            for (int r = 0; r < rows; r++) {
                y.add(base + r, v);
            }
        }
    }

    private void ensureSequenceBuffers() {
        if (gi == null) {
            gi = new RowBuffer(dataType, capacity, 3 * hidden);
            gates = new RowBuffer(dataType, capacity, 3 * hidden);
            hPrev = new RowBuffer(dataType, capacity, hidden);
            dgi = new RowBuffer(dataType, capacity, 3 * hidden);
            resetCache = new boolean[capacity];
            dbhnAcc = new double[hidden];
        }
    }

    private String label() {
        return "GruCell '" + name + "'";
    }
}
