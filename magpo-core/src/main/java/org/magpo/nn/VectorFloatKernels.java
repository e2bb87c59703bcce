package org.magpo.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels} on the Vector API: full vectors of the preferred width, then a scalar tail with the same
 * float formulas. Loaded reflectively by {@link FloatKernels#get()}, only when {@code jdk.incubator.vector}
 * is in the boot layer.
 *
 * <p>Written for C2's inliner. The Vector API's own methods are force-inlined; a method of ours is inlined
 * only while the compiled method (which may be a large caller into which the kernel itself was inlined) is
 * under C2's node budget and, where the profile calls the site cold, only if at most 35 bytecodes. A helper
 * left out of line boxes every vector it takes or returns, and the kernel runs 5–30× slower. So no helper
 * takes or returns a vector: loads and stores call the Vector API directly (as helpers, called last in a loop
 * body, they were the first cut off: a GRU gate pass took 4.9 ns per element with them, 0.7 without), the
 * sigmoid/tanh kernels go through {@link #expInPlace} on a scratch array, and lane sums inside a loop go
 * through an array.
 */
final class VectorFloatKernels implements FloatKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder BO = ByteOrder.nativeOrder();
    private static final float GELU_C = (float) Math.sqrt(2 / Math.PI);
    private static final float GELU_A = 0.044715f;

    private static float sigmoid(float a) {
        return 1f / (1f + (float) Math.exp(-a));
    }

    // exp from IEEE-exact operations only (Cephes expf: range reduction by ln 2 in two parts, a degree-5
    // polynomial, 2^n through the exponent bits; about 1e-7 relative error). The Vector API's own EXP/TANH
    // give different bits in the interpreter (Math.exp per lane) and in compiled code (SVML), so results
    // would depend on when the JIT compiled a kernel and two runs with one seed would drift apart.
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;   // 1.5 * 2^23: x + ROUND − ROUND rounds x to an integer

    /** Elements per pass of the two-pass kernels: their exp scratch stays in L1. A multiple of any L. */
    private static final int BLOCK = 256;

    /**
     * {@code a[i] = exp(a[i])} for i in [0, n), n a multiple of L; inputs beyond [−87.3, 88.3] are clamped (2^n
     * would under- or overflow), NaN stays NaN. The only place the vector exp is written: the kernels that need
     * sigmoid or tanh store the argument in a block of scratch, call this, and finish in a second loop.
     */
    static void expInPlace(float[] a, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector c = FloatVector.fromArray(S, a, i).max(-87.3f).min(88.3f);
            FloatVector shifted = c.mul(LOG2E).add(ROUND);
            FloatVector whole = shifted.sub(ROUND);   // round(c log2 e)
            FloatVector r = c.sub(whole.mul(LN2_HI)).sub(whole.mul(LN2_LO));
            FloatVector p = r.mul(1.9875691500E-4f).add(1.3981999507E-3f);
            p = p.mul(r).add(8.3334519073E-3f).mul(r).add(4.1665795894E-2f);
            p = p.mul(r).add(1.6666665459E-1f).mul(r).add(5.0000001201E-1f);
            p = p.mul(r.mul(r)).add(r).add(1f);
            IntVector bits = shifted.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23);
            p.mul(bits.reinterpretAsFloats()).intoArray(a, i);
        }
    }

    /** Scratch for one block of a two-pass kernel over {@code end} vector elements (per call: kernels run on two threads). */
    private static float[] scratch(int end) {
        return new float[Math.min(BLOCK, end)];
    }

    /** {@code e[k] = exp(−2|u|)}, u = C (v + A v³) the tanh argument of GELU at {@code v = x[at + k]}, k in [0, m). */
    private static void geluExp(ByteBuffer x, int at, float[] e, int m) {
        for (int k = 0; k < m; k += L) {
            FloatVector v = FloatVector.fromByteBuffer(S, x, (at + k) * 4, BO);
            v.mul(v).mul(v).mul(GELU_A).add(v).mul(GELU_C).abs().mul(-2f).intoArray(e, k);
        }
        expInPlace(e, m);
    }

    /** {@code e[k] = exp(−a[at + k])} for k in [0, m): the exp of a sigmoid. */
    private static void negatedExp(ByteBuffer a, int at, float[] e, int m) {
        for (int k = 0; k < m; k += L) {
            FloatVector.fromByteBuffer(S, a, (at + k) * 4, BO).neg().intoArray(e, k);
        }
        expInPlace(e, m);
    }

    /** Sum of the lanes in lane order (reduceLanes may add them in a different order once compiled). */
    private static double sumLanes(FloatVector v) {
        return sumInOrder(v.toArray());
    }

    private static double sumInOrder(float[] lanes) {
        double total = 0;
        for (float x : lanes) {
            total += x;
        }
        return total;
    }

    private static float tanh(float a) {
        return (float) Activation.tanh(a);
    }

    // Every kernel with a sigmoid or tanh runs in two loops per block: the first stores the exp argument
    // (−a, or −2|a|), expInPlace exponentiates it, the second finishes with sigmoid = 1 / (1 + e) or
    // tanh = sign(a) (1 − e) / (1 + e). A shared vector helper would be cut off by C2's node budget wherever
    // the kernel itself was inlined into a large caller (GELU inside the guider's decoder ran at 5 ns per
    // element); calls that pass only arrays never box, inlined or not.

    @Override
    public void gelu(ByteBuffer x, ByteBuffer y, int n) {
        int end = S.loopBound(n);
        float[] e = scratch(end);
        for (int b0 = 0; b0 < end; b0 += BLOCK) {
            int m = Math.min(BLOCK, end - b0);
            geluExp(x, b0, e, m);
            for (int k = 0; k < m; k += L) {
                FloatVector v = FloatVector.fromByteBuffer(S, x, (b0 + k) * 4, BO);
                FloatVector u = v.mul(v).mul(v).mul(GELU_A).add(v).mul(GELU_C);
                FloatVector ek = FloatVector.fromArray(S, e, k);
                FloatVector t = ek.neg().add(1f).div(ek.add(1f));
                t = t.blend(t.neg(), u.compare(VectorOperators.LT, 0f));
                t.add(1f).mul(v).mul(0.5f).intoByteBuffer(y, (b0 + k) * 4, BO);
            }
        }
        geluTail(x, y, n, end);
    }

    @Override
    public void geluBackward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int n) {
        int end = S.loopBound(n);
        float[] e = scratch(end);
        for (int b0 = 0; b0 < end; b0 += BLOCK) {
            int m = Math.min(BLOCK, end - b0);
            geluExp(x, b0, e, m);
            for (int k = 0; k < m; k += L) {
                FloatVector v = FloatVector.fromByteBuffer(S, x, (b0 + k) * 4, BO);
                FloatVector v2 = v.mul(v);
                FloatVector u = v2.mul(v).mul(GELU_A).add(v).mul(GELU_C);
                FloatVector ek = FloatVector.fromArray(S, e, k);
                FloatVector t = ek.neg().add(1f).div(ek.add(1f));
                t = t.blend(t.neg(), u.compare(VectorOperators.LT, 0f));
                // 0.5 (1 + t) + 0.5 x (1 - t²) C (1 + 3 A x²)
                FloatVector d = t.add(1f).mul(0.5f)
                        .add(v.mul(0.5f * GELU_C).mul(t.mul(t).neg().add(1f)).mul(v2.mul(3 * GELU_A).add(1f)));
                FloatVector.fromByteBuffer(S, dy, (b0 + k) * 4, BO).mul(d).intoByteBuffer(dx, (b0 + k) * 4, BO);
            }
        }
        geluBackwardTail(x, dy, dx, n, end);
    }

    @Override
    public void swishGate(ByteBuffer gate, ByteBuffer value, ByteBuffer out, int n) {
        int end = S.loopBound(n);
        float[] e = scratch(end);
        for (int b0 = 0; b0 < end; b0 += BLOCK) {
            int m = Math.min(BLOCK, end - b0);
            negatedExp(gate, b0, e, m);
            for (int k = 0; k < m; k += L) {
                FloatVector a = FloatVector.fromByteBuffer(S, gate, (b0 + k) * 4, BO);
                FloatVector s = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, e, k).add(1f));
                FloatVector val = FloatVector.fromByteBuffer(S, value, (b0 + k) * 4, BO);
                a.mul(s).mul(val).intoByteBuffer(out, (b0 + k) * 4, BO);
            }
        }
        swishGateTail(gate, value, out, n, end);
    }

    @Override
    public void swishGate(float[] gate, float[] value, float[] out, int n) {
        int end = S.loopBound(n);
        float[] e = scratch(end);
        for (int b0 = 0; b0 < end; b0 += BLOCK) {
            int m = Math.min(BLOCK, end - b0);
            for (int k = 0; k < m; k += L) {
                FloatVector.fromArray(S, gate, b0 + k).neg().intoArray(e, k);
            }
            expInPlace(e, m);
            for (int k = 0; k < m; k += L) {
                FloatVector a = FloatVector.fromArray(S, gate, b0 + k);
                FloatVector s = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, e, k).add(1f));
                a.mul(s).mul(FloatVector.fromArray(S, value, b0 + k)).intoArray(out, b0 + k);
            }
        }
        for (int i = end; i < n; i++) {
            out[i] = gate[i] * sigmoid(gate[i]) * value[i];
        }
    }

    @Override
    public void swishGateBackward(ByteBuffer gate, ByteBuffer value, ByteBuffer dOut, ByteBuffer dGate, int n) {
        int end = S.loopBound(n);
        float[] e = scratch(end);
        for (int b0 = 0; b0 < end; b0 += BLOCK) {
            int m = Math.min(BLOCK, end - b0);
            negatedExp(gate, b0, e, m);
            for (int k = 0; k < m; k += L) {
                int at = (b0 + k) * 4;
                FloatVector a = FloatVector.fromByteBuffer(S, gate, at, BO);
                FloatVector s = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, e, k).add(1f));
                FloatVector dy = FloatVector.fromByteBuffer(S, dOut, at, BO);
                // d swish = s (1 + a (1 - s))
                FloatVector val = FloatVector.fromByteBuffer(S, value, at, BO);
                dy.mul(val).mul(s).mul(a.mul(s.neg().add(1f)).add(1f)).intoByteBuffer(dGate, at, BO);
                dy.mul(a).mul(s).intoByteBuffer(dOut, at, BO);
            }
        }
        swishGateBackwardTail(gate, value, dOut, dGate, n, end);
    }

    // The GRU forward runs one kernel per gate (r, z, then the candidate and new state).
    @Override
    public void gruForwardColumn(ByteBuffer gi, int xr, int xz, int xn, ByteBuffer gates, int gr, int gz, int gn,
                                 float bn, ByteBuffer h, int hc, ByteBuffer out, int oc, int next, boolean[] resets,
                                 int resetAt, int b) {
        // the training pass has its input biases inside gi already
        sigmoidGate(gi, xr, gates, gr, 0f, b);
        sigmoidGate(gi, xz, gates, gz, 0f, b);
        candidate(gi, xn, gates, gr, gz, gn, bn, h, hc, out, oc, next, resets, resetAt, b);
    }

    /** With r and z in place: hn, n and the new state (see {@link #gruForwardColumn}). */
    private static void candidate(ByteBuffer gi, int xn, ByteBuffer gates, int gr, int gz, int gn, float bn,
                                  ByteBuffer h, int hc, ByteBuffer out, int oc, int next, boolean[] resets, int resetAt,
                                  int b) {
        int end = S.loopBound(b);
        float[] e = scratch(end);
        for (int b0 = 0; b0 < end; b0 += BLOCK) {
            int m = Math.min(BLOCK, end - b0);
            for (int k0 = 0; k0 < m; k0 += L) {
                int k = b0 + k0;
                FloatVector r = FloatVector.fromByteBuffer(S, gates, (gr + k) * 4, BO);
                FloatVector hn = FloatVector.fromByteBuffer(S, gates, (gn + k) * 4, BO).add(bn);
                FloatVector in = FloatVector.fromByteBuffer(S, gi, (xn + k) * 4, BO);
                in.add(r.mul(hn)).abs().mul(-2f).intoArray(e, k0);
            }
            expInPlace(e, m);
            for (int k0 = 0; k0 < m; k0 += L) {
                int k = b0 + k0;
                FloatVector r = FloatVector.fromByteBuffer(S, gates, (gr + k) * 4, BO);
                FloatVector z = FloatVector.fromByteBuffer(S, gates, (gz + k) * 4, BO);
                FloatVector hn = FloatVector.fromByteBuffer(S, gates, (gn + k) * 4, BO).add(bn);
                FloatVector a = FloatVector.fromByteBuffer(S, gi, (xn + k) * 4, BO).add(r.mul(hn));
                FloatVector ek = FloatVector.fromArray(S, e, k0);
                FloatVector nn = ek.neg().add(1f).div(ek.add(1f));
                nn = nn.blend(nn.neg(), a.compare(VectorOperators.LT, 0f));
                FloatVector hp = FloatVector.fromByteBuffer(S, h, (hc + k) * 4, BO);
                FloatVector hNew = z.neg().add(1f).mul(nn).add(z.mul(hp));
                hn.intoByteBuffer(gates, (gn + k) * 4, BO);
                hNew.intoByteBuffer(out, (oc + k) * 4, BO);
                if (next >= 0) {
                    hNew.blend(0f, VectorMask.fromArray(S, resets, resetAt + k)).intoByteBuffer(h, (next + k) * 4, BO);
                }
            }
        }
        candidateTail(gi, xn, gates, gr, gz, gn, bn, h, hc, out, oc, next, resets, resetAt, b, end);
    }

    private static void candidateTail(ByteBuffer gi, int xn, ByteBuffer gates, int gr, int gz, int gn, float bn,
                                      ByteBuffer h, int hc, ByteBuffer out, int oc, int next, boolean[] resets,
                                      int resetAt, int b, int k) {
        for (; k < b; k++) {
            float r = gates.getFloat((gr + k) * 4);
            float z = gates.getFloat((gz + k) * 4);
            float hn = gates.getFloat((gn + k) * 4) + bn;
            float nn = tanh(gi.getFloat((xn + k) * 4) + r * hn);
            float hNew = (1 - z) * nn + z * h.getFloat((hc + k) * 4);
            gates.putFloat((gn + k) * 4, hn);
            out.putFloat((oc + k) * 4, hNew);
            if (next >= 0) {
                h.putFloat((next + k) * 4, resets[resetAt + k] ? 0f : hNew);
            }
        }
    }

    @Override
    public double gruBackwardColumn(ByteBuffer gi, int xr, int xz, int xn, ByteBuffer dgi, ByteBuffer gates, int gr,
                                    int gz, int gn, ByteBuffer h, int hc, ByteBuffer dOut, int oc, ByteBuffer carry,
                                    int cc, int b) {
        // n = tanh(gi_n + r hn) first, parked in dgi's n slot (which then receives dan), as in the forward split
        recomputeCandidate(gi, xn, gates, gr, gn, dgi, b);
        double dbn = 0;
        float[] lanes = new float[L];
        int k = 0;
        for (int end = S.loopBound(b); k < end; k += L) {
            FloatVector dh = FloatVector.fromByteBuffer(S, dOut, (oc + k) * 4, BO)
                    .add(FloatVector.fromByteBuffer(S, carry, (cc + k) * 4, BO));
            FloatVector r = FloatVector.fromByteBuffer(S, gates, (gr + k) * 4, BO);
            FloatVector z = FloatVector.fromByteBuffer(S, gates, (gz + k) * 4, BO);
            FloatVector hn = FloatVector.fromByteBuffer(S, gates, (gn + k) * 4, BO);
            FloatVector nn = FloatVector.fromByteBuffer(S, dgi, (xn + k) * 4, BO);
            FloatVector oneMinusZ = z.neg().add(1f);
            FloatVector dan = dh.mul(oneMinusZ).mul(nn.mul(nn).neg().add(1f));
            FloatVector daz = dh.mul(FloatVector.fromByteBuffer(S, h, (hc + k) * 4, BO).sub(nn)).mul(z).mul(oneMinusZ);
            FloatVector dar = dan.mul(hn).mul(r).mul(r.neg().add(1f));
            FloatVector dhn = dan.mul(r);
            dar.intoByteBuffer(dgi, (xr + k) * 4, BO);
            daz.intoByteBuffer(dgi, (xz + k) * 4, BO);
            dan.intoByteBuffer(dgi, (xn + k) * 4, BO);
            dar.intoByteBuffer(gates, (gr + k) * 4, BO);
            daz.intoByteBuffer(gates, (gz + k) * 4, BO);
            dhn.intoByteBuffer(gates, (gn + k) * 4, BO);
            dh.mul(z).intoByteBuffer(carry, (cc + k) * 4, BO);
            dhn.intoArray(lanes, 0);   // lane order, as sumLanes; a call here would box dhn
            for (float lane : lanes) {
                dbn += lane;
            }
        }
        return gruBackwardColumnTail(gi, xr, xz, xn, dgi, gates, gr, gz, gn, h, hc, dOut, oc, carry, cc, b, k, dbn);
    }

    /** {@code dst[xn + k] = tanh(gi[xn + k] + gates[gr + k] · gates[gn + k])} over the vector part. */
    private static void recomputeCandidate(ByteBuffer gi, int xn, ByteBuffer gates, int gr, int gn, ByteBuffer dst,
                                           int b) {
        int end = S.loopBound(b);
        float[] e = scratch(end);
        for (int b0 = 0; b0 < end; b0 += BLOCK) {
            int m = Math.min(BLOCK, end - b0);
            for (int k0 = 0; k0 < m; k0 += L) {
                int k = b0 + k0;
                FloatVector in = FloatVector.fromByteBuffer(S, gi, (xn + k) * 4, BO);
                FloatVector r = FloatVector.fromByteBuffer(S, gates, (gr + k) * 4, BO);
                FloatVector hn = FloatVector.fromByteBuffer(S, gates, (gn + k) * 4, BO);
                in.add(r.mul(hn)).abs().mul(-2f).intoArray(e, k0);
            }
            expInPlace(e, m);
            for (int k0 = 0; k0 < m; k0 += L) {
                int k = b0 + k0;
                FloatVector in = FloatVector.fromByteBuffer(S, gi, (xn + k) * 4, BO);
                FloatVector r = FloatVector.fromByteBuffer(S, gates, (gr + k) * 4, BO);
                FloatVector hn = FloatVector.fromByteBuffer(S, gates, (gn + k) * 4, BO);
                FloatVector a = in.add(r.mul(hn));
                FloatVector ek = FloatVector.fromArray(S, e, k0);
                FloatVector t = ek.neg().add(1f).div(ek.add(1f));
                t.blend(t.neg(), a.compare(VectorOperators.LT, 0f)).intoByteBuffer(dst, (xn + k) * 4, BO);
            }
        }
    }

    @Override
    public void gruStepColumn(ByteBuffer gi, ByteBuffer gh, int cr, int cz, int cn, float br, float bz, float bn,
                              float bh, ByteBuffer h, int b) {
        sigmoidGate(gi, cr, gh, cr, br, b);
        sigmoidGate(gi, cz, gh, cz, bz, b);
        stepCandidate(gi, gh, cr, cz, cn, bn, bh, h, b);
    }

    /**
     * {@code gates[g + k] = sigmoid(gi[x + k] + bias + gates[g + k])}, in place: r or z of a GRU column (bias 0
     * when gi holds it already; adding 0 changes no result).
     */
    private static void sigmoidGate(ByteBuffer gi, int x, ByteBuffer gates, int g, float bias, int b) {
        int end = S.loopBound(b);
        float[] e = scratch(end);
        for (int b0 = 0; b0 < end; b0 += BLOCK) {
            int m = Math.min(BLOCK, end - b0);
            for (int k = 0; k < m; k += L) {
                FloatVector in = FloatVector.fromByteBuffer(S, gi, (x + b0 + k) * 4, BO);
                FloatVector rec = FloatVector.fromByteBuffer(S, gates, (g + b0 + k) * 4, BO);
                in.add(bias).add(rec).neg().intoArray(e, k);
            }
            expInPlace(e, m);
            for (int k = 0; k < m; k += L) {
                FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, e, k).add(1f))
                        .intoByteBuffer(gates, (g + b0 + k) * 4, BO);
            }
        }
        for (int k = end; k < b; k++) {
            gates.putFloat((g + k) * 4, sigmoid(gi.getFloat((x + k) * 4) + bias + gates.getFloat((g + k) * 4)));
        }
    }

    /** {@code h[cr + k] = (1 − z) tanh(gi_n + bn + r (gh_n + bh)) + z h} with r, z from {@link #sigmoidGate}. */
    private static void stepCandidate(ByteBuffer gi, ByteBuffer gh, int cr, int cz, int cn, float bn, float bh,
                                      ByteBuffer h, int b) {
        int end = S.loopBound(b);
        float[] e = scratch(end);
        for (int b0 = 0; b0 < end; b0 += BLOCK) {
            int m = Math.min(BLOCK, end - b0);
            for (int k0 = 0; k0 < m; k0 += L) {
                int k = b0 + k0;
                FloatVector r = FloatVector.fromByteBuffer(S, gh, (cr + k) * 4, BO);
                FloatVector in = FloatVector.fromByteBuffer(S, gi, (cn + k) * 4, BO);
                FloatVector rec = FloatVector.fromByteBuffer(S, gh, (cn + k) * 4, BO);
                in.add(bn).add(r.mul(rec.add(bh))).abs().mul(-2f).intoArray(e, k0);
            }
            expInPlace(e, m);
            for (int k0 = 0; k0 < m; k0 += L) {
                int k = b0 + k0;
                FloatVector r = FloatVector.fromByteBuffer(S, gh, (cr + k) * 4, BO);
                FloatVector z = FloatVector.fromByteBuffer(S, gh, (cz + k) * 4, BO);
                FloatVector in = FloatVector.fromByteBuffer(S, gi, (cn + k) * 4, BO);
                FloatVector rec = FloatVector.fromByteBuffer(S, gh, (cn + k) * 4, BO);
                FloatVector a = in.add(bn).add(r.mul(rec.add(bh)));
                FloatVector ek = FloatVector.fromArray(S, e, k0);
                FloatVector nn = ek.neg().add(1f).div(ek.add(1f));
                nn = nn.blend(nn.neg(), a.compare(VectorOperators.LT, 0f));
                FloatVector hp = FloatVector.fromByteBuffer(S, h, (cr + k) * 4, BO);
                z.neg().add(1f).mul(nn).add(z.mul(hp)).intoByteBuffer(h, (cr + k) * 4, BO);
            }
        }
        for (int k = end; k < b; k++) {
            float r = gh.getFloat((cr + k) * 4);
            float z = gh.getFloat((cz + k) * 4);
            float nn = tanh(gi.getFloat((cn + k) * 4) + bn + r * (gh.getFloat((cn + k) * 4) + bh));
            h.putFloat((cr + k) * 4, (1 - z) * nn + z * h.getFloat((cr + k) * 4));
        }
    }

    @Override
    public void multiply(ByteBuffer a, int at, float[] w, int wAt, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromByteBuffer(S, a, (at + i) * 4, BO);
            v.mul(FloatVector.fromArray(S, w, wAt + i)).intoByteBuffer(a, (at + i) * 4, BO);
        }
        for (; i < n; i++) {
            a.putFloat((at + i) * 4, a.getFloat((at + i) * 4) * w[wAt + i]);
        }
    }

    @Override
    public void fill(ByteBuffer a, int at, int n, float v) {
        FloatVector c = FloatVector.broadcast(S, v);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            c.intoByteBuffer(a, (at + i) * 4, BO);
        }
        for (; i < n; i++) {
            a.putFloat((at + i) * 4, v);
        }
    }

    @Override
    public void addScalar(ByteBuffer a, int at, int n, float v) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromByteBuffer(S, a, (at + i) * 4, BO).add(v).intoByteBuffer(a, (at + i) * 4, BO);
        }
        for (; i < n; i++) {
            a.putFloat((at + i) * 4, a.getFloat((at + i) * 4) + v);
        }
    }

    @Override
    public double sum(ByteBuffer a, int at, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            acc = acc.add(FloatVector.fromByteBuffer(S, a, (at + i) * 4, BO));
        }
        double total = sumLanes(acc);
        for (; i < n; i++) {
            total += a.getFloat((at + i) * 4);
        }
        return total;
    }

    @Override
    public void addSquares(ByteBuffer x, int at, float[] acc, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromByteBuffer(S, x, (at + i) * 4, BO);
            v.fma(v, FloatVector.fromArray(S, acc, i)).intoArray(acc, i);
        }
        for (; i < n; i++) {
            float v = x.getFloat((at + i) * 4);
            acc[i] += v * v;
        }
    }

    @Override
    public void scaleRows(ByteBuffer x, int at, float[] inv, float s, ByteBuffer y, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromByteBuffer(S, x, (at + i) * 4, BO);
            v.mul(FloatVector.fromArray(S, inv, i)).mul(s).intoByteBuffer(y, (at + i) * 4, BO);
        }
        for (; i < n; i++) {
            y.putFloat((at + i) * 4, x.getFloat((at + i) * 4) * inv[i] * s);
        }
    }

    @Override
    public double rmsDots(ByteBuffer x, ByteBuffer dy, int at, float[] inv, float s, float[] dot, int n) {
        FloatVector ds = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector xhat = FloatVector.fromByteBuffer(S, x, (at + i) * 4, BO).mul(FloatVector.fromArray(S, inv, i));
            FloatVector gx = FloatVector.fromByteBuffer(S, dy, (at + i) * 4, BO).mul(xhat);
            ds = ds.add(gx);
            gx.mul(s).add(FloatVector.fromArray(S, dot, i)).intoArray(dot, i);
        }
        double total = sumLanes(ds);
        for (; i < n; i++) {
            float gx = dy.getFloat((at + i) * 4) * x.getFloat((at + i) * 4) * inv[i];
            total += gx;
            dot[i] += gx * s;
        }
        return total;
    }

    @Override
    public void rmsInputGrad(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int at, float[] inv, float s, float[] dot,
                             int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector iv = FloatVector.fromArray(S, inv, i);
            FloatVector xhat = FloatVector.fromByteBuffer(S, x, (at + i) * 4, BO).mul(iv);
            FloatVector g = FloatVector.fromByteBuffer(S, dy, (at + i) * 4, BO);
            g.mul(s).sub(xhat.mul(FloatVector.fromArray(S, dot, i))).mul(iv).intoByteBuffer(dx, (at + i) * 4, BO);
        }
        for (; i < n; i++) {
            float xhat = x.getFloat((at + i) * 4) * inv[i];
            dx.putFloat((at + i) * 4, inv[i] * (dy.getFloat((at + i) * 4) * s - xhat * dot[i]));
        }
    }

    @Override
    public void adam(ByteBuffer p, ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, float rate, float b1, float b2,
                     float ob1, float ob2, float c1, float c2, float eps) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector gi = FloatVector.fromByteBuffer(S, g, i * 4, BO);
            FloatVector mi = FloatVector.fromByteBuffer(S, m, i * 4, BO).mul(b1).add(gi.mul(ob1));
            FloatVector vi = FloatVector.fromByteBuffer(S, v, i * 4, BO).mul(b2).add(gi.mul(gi).mul(ob2));
            mi.intoByteBuffer(m, i * 4, BO);
            vi.intoByteBuffer(v, i * 4, BO);
            FloatVector step = mi.div(c1).mul(rate).div(vi.div(c2).sqrt().add(eps));
            FloatVector.fromByteBuffer(S, p, i * 4, BO).sub(step).intoByteBuffer(p, i * 4, BO);
        }
        for (; i < n; i++) {
            float gi = g.getFloat(i * 4);
            float mi = b1 * m.getFloat(i * 4) + ob1 * gi;
            float vi = b2 * v.getFloat(i * 4) + ob2 * gi * gi;
            m.putFloat(i * 4, mi);
            v.putFloat(i * 4, vi);
            p.putFloat(i * 4, p.getFloat(i * 4) - rate * (mi / c1) / ((float) Math.sqrt(vi / c2) + eps));
        }
    }

    @Override
    public void add(ByteBuffer a, ByteBuffer b, ByteBuffer out, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromByteBuffer(S, a, i * 4, BO).add(FloatVector.fromByteBuffer(S, b, i * 4, BO))
                    .intoByteBuffer(out, i * 4, BO);
        }
        for (; i < n; i++) {
            out.putFloat(i * 4, a.getFloat(i * 4) + b.getFloat(i * 4));
        }
    }

    @Override
    public void relu(ByteBuffer x, ByteBuffer y, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromByteBuffer(S, x, i * 4, BO);
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoByteBuffer(y, i * 4, BO);
        }
        for (; i < n; i++) {
            float v = x.getFloat(i * 4);
            y.putFloat(i * 4, v <= 0 ? 0f : v);
        }
    }

    @Override
    public void reluBackward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromByteBuffer(S, x, i * 4, BO);
            FloatVector g = FloatVector.fromByteBuffer(S, dy, i * 4, BO);
            FloatVector.zero(S).blend(g, v.compare(VectorOperators.GT, 0f)).intoByteBuffer(dx, i * 4, BO);
        }
        for (; i < n; i++) {
            dx.putFloat(i * 4, x.getFloat(i * 4) > 0 ? dy.getFloat(i * 4) : 0f);
        }
    }

    @Override
    public void retentionRowUpdate(float[] mem, int row, float f, float[] keys, float[] values, int first,
                                   int stride, int count, int r, int n) {
        int c = 0;
        for (int end = S.loopBound(n); c < end; c += L) {
            FloatVector a = FloatVector.fromArray(S, mem, row + c).mul(f);
            for (int j = 0, off = first; j < count; j++, off += stride) {
                a = a.add(FloatVector.fromArray(S, values, off + c).mul(keys[off + r]));
            }
            a.intoArray(mem, row + c);
        }
        for (; c < n; c++) {
            float a = f * mem[row + c];
            for (int j = 0, off = first; j < count; j++, off += stride) {
                a += keys[off + r] * values[off + c];
            }
            mem[row + c] = a;
        }
    }

    @Override
    public void vectorTimesMatrix(float[] x, int xAt, float[] mem, int base, int n, float[] out, int outAt) {
        int c = 0;
        for (int end = S.loopBound(n); c < end; c += L) {
            FloatVector a = FloatVector.zero(S);
            for (int r = 0, row = base + c; r < n; r++, row += n) {
                a = a.add(FloatVector.fromArray(S, mem, row).mul(x[xAt + r]));
            }
            a.intoArray(out, outAt + c);
        }
        for (; c < n; c++) {
            float a = 0f;
            for (int r = 0; r < n; r++) {
                a += x[xAt + r] * mem[base + r * n + c];
            }
            out[outAt + c] = a;
        }
    }

    @Override
    public void addScaled(float a, float[] x, int xAt, float[] y, int yAt, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, x, xAt + i).mul(a).add(FloatVector.fromArray(S, y, yAt + i))
                    .intoArray(y, yAt + i);
        }
        for (; i < n; i++) {
            y[yAt + i] += a * x[xAt + i];
        }
    }

    @Override
    public void addTo(ByteBuffer x, int at, float[] acc, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromByteBuffer(S, x, (at + i) * 4, BO).add(FloatVector.fromArray(S, acc, i)).intoArray(acc, i);
        }
        for (; i < n; i++) {
            acc[i] += x.getFloat((at + i) * 4);
        }
    }

    @Override
    public void addCenteredSquares(ByteBuffer x, int at, float[] mean, float[] acc, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector d = FloatVector.fromByteBuffer(S, x, (at + i) * 4, BO).sub(FloatVector.fromArray(S, mean, i));
            d.mul(d).add(FloatVector.fromArray(S, acc, i)).intoArray(acc, i);
        }
        for (; i < n; i++) {
            float d = x.getFloat((at + i) * 4) - mean[i];
            acc[i] += d * d;
        }
    }

    @Override
    public void normaliseAffine(ByteBuffer x, int at, float[] mean, float[] rstd, int rstdAt, float scale, float bias,
                                ByteBuffer xh, ByteBuffer y, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromByteBuffer(S, x, (at + i) * 4, BO).sub(FloatVector.fromArray(S, mean, i))
                    .mul(FloatVector.fromArray(S, rstd, rstdAt + i));
            v.intoByteBuffer(xh, (at + i) * 4, BO);
            v.mul(scale).add(bias).intoByteBuffer(y, (at + i) * 4, BO);
        }
        for (; i < n; i++) {
            float v = (x.getFloat((at + i) * 4) - mean[i]) * rstd[rstdAt + i];
            xh.putFloat((at + i) * 4, v);
            y.putFloat((at + i) * 4, v * scale + bias);
        }
    }

    @Override
    public double groupNormDots(ByteBuffer dy, ByteBuffer xh, int at, float scale, float[] acc1, float[] acc2,
                                int n) {
        FloatVector sum = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector g = FloatVector.fromByteBuffer(S, dy, (at + i) * 4, BO);
            FloatVector h = FloatVector.fromByteBuffer(S, xh, (at + i) * 4, BO);
            FloatVector dn = g.mul(scale);
            sum = sum.add(g.mul(h));
            dn.add(FloatVector.fromArray(S, acc1, i)).intoArray(acc1, i);
            dn.mul(h).add(FloatVector.fromArray(S, acc2, i)).intoArray(acc2, i);
        }
        double total = sumLanes(sum);
        for (; i < n; i++) {
            float g = dy.getFloat((at + i) * 4);
            float h = xh.getFloat((at + i) * 4);
            float dn = g * scale;
            total += g * h;
            acc1[i] += dn;
            acc2[i] += dn * h;
        }
        return total;
    }

    @Override
    public void groupNormInputGrad(ByteBuffer dy, ByteBuffer xh, ByteBuffer dx, int at, float scale, float[] rstd,
                                   int rstdAt, float[] acc1, float[] acc2, float invGroup, int n) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector h = FloatVector.fromByteBuffer(S, xh, (at + i) * 4, BO);
            FloatVector corr = h.mul(FloatVector.fromArray(S, acc2, i)).add(FloatVector.fromArray(S, acc1, i))
                    .mul(invGroup);
            FloatVector g = FloatVector.fromByteBuffer(S, dy, (at + i) * 4, BO);
            FloatVector rs = FloatVector.fromArray(S, rstd, rstdAt + i);
            g.mul(scale).sub(corr).mul(rs).intoByteBuffer(dx, (at + i) * 4, BO);
        }
        for (; i < n; i++) {
            float h = xh.getFloat((at + i) * 4);
            float corr = (acc1[i] + h * acc2[i]) * invGroup;
            dx.putFloat((at + i) * 4, rstd[rstdAt + i] * (dy.getFloat((at + i) * 4) * scale - corr));
        }
    }

    /** The scalar tail of {@link #gelu}, kept out of the vectorised method so C2 inlines the vector code. */
    private static void geluTail(ByteBuffer x, ByteBuffer y, int n, int i) {
        for (; i < n; i++) {
            float v = x.getFloat(i * 4);
            y.putFloat(i * 4, 0.5f * v * (1 + tanh(GELU_C * (v + GELU_A * v * v * v))));
        }
    }

    /** The scalar tail of {@link #geluBackward}, kept out of the vectorised method so C2 inlines the vector code. */
    private static void geluBackwardTail(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int n, int i) {
        for (; i < n; i++) {
            float v = x.getFloat(i * 4);
            float t = tanh(GELU_C * (v + GELU_A * v * v * v));
            float d = 0.5f * (1 + t) + 0.5f * v * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * v * v);
            dx.putFloat(i * 4, dy.getFloat(i * 4) * d);
        }
    }

    /** The scalar tail of {@link #swishGate}, kept out of the vectorised method so C2 inlines the vector code. */
    private static void swishGateTail(ByteBuffer gate, ByteBuffer value, ByteBuffer out, int n, int i) {
        for (; i < n; i++) {
            float a = gate.getFloat(i * 4);
            out.putFloat(i * 4, a * sigmoid(a) * value.getFloat(i * 4));
        }
    }

    /** The scalar tail of {@link #swishGateBackward}, kept out of the vectorised method so C2 inlines the vector code. */
    private static void swishGateBackwardTail(ByteBuffer gate, ByteBuffer value, ByteBuffer dOut, ByteBuffer dGate, int n, int i) {
        for (; i < n; i++) {
            float a = gate.getFloat(i * 4);
            float s = sigmoid(a);
            float dy = dOut.getFloat(i * 4);
            dGate.putFloat(i * 4, dy * value.getFloat(i * 4) * s * (1 + a * (1 - s)));
            dOut.putFloat(i * 4, dy * a * s);
        }
    }

    /** The scalar tail of {@link #gruBackwardColumn}, kept out of the vectorised method so C2 inlines the vector code. */
    private static double gruBackwardColumnTail(ByteBuffer gi, int xr, int xz, int xn, ByteBuffer dgi, ByteBuffer gates, int gr,
                                    int gz, int gn, ByteBuffer h, int hc, ByteBuffer dOut, int oc, ByteBuffer carry,
                                    int cc, int b, int k, double dbn) {
        for (; k < b; k++) {
            float dh = dOut.getFloat((oc + k) * 4) + carry.getFloat((cc + k) * 4);
            float r = gates.getFloat((gr + k) * 4);
            float z = gates.getFloat((gz + k) * 4);
            float hn = gates.getFloat((gn + k) * 4);
            float hp = h.getFloat((hc + k) * 4);
            float nn = tanh(gi.getFloat((xn + k) * 4) + r * hn);
            float dan = dh * (1 - z) * (1 - nn * nn);
            float daz = dh * (hp - nn) * z * (1 - z);
            float dar = dan * hn * r * (1 - r);
            float dhn = dan * r;
            dgi.putFloat((xr + k) * 4, dar);
            dgi.putFloat((xz + k) * 4, daz);
            dgi.putFloat((xn + k) * 4, dan);
            gates.putFloat((gr + k) * 4, dar);
            gates.putFloat((gz + k) * 4, daz);
            gates.putFloat((gn + k) * 4, dhn);
            carry.putFloat((cc + k) * 4, dh * z);
            dbn += dhn;
        }
        return dbn;
    }
}
