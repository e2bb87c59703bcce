package org.magpo.nn;

import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIMD versions of the transcendental-heavy elementwise passes (GELU, the swish gate of retention, the
 * GRU gates) for FLOAT arrays. Scalar Java spends 7–14 ns on each {@code exp}/{@code tanh}; 16-lane
 * vectors (AVX-512) take about 1 ns per element, and these passes were about half of the Java-side time
 * of a training update. The implementation ({@code VectorFloatKernels}) uses the JDK's incubating Vector
 * API, so it exists only when the JVM runs with {@code --add-modules jdk.incubator.vector} (the project's
 * builds, tests and scripts pass it); without it {@link #get()} is null and every caller keeps its plain
 * scalar loop, which is also the path for DOUBLE arrays (gradient checks).
 *
 * <p>Buffers are native-order views of FLOAT host memory ({@link HostView#bytes()}); offsets are element
 * indices. Arithmetic is in float, so results agree with the scalar (double) path to float rounding.
 * Every kernel uses only IEEE-exact vector operations (its exp is a polynomial, lane sums go in lane
 * order), so it gives the same bits interpreted and JIT-compiled: the Vector API's own EXP/TANH do not,
 * and with them two runs of one seed drifted apart depending on when the JIT compiled a kernel.
 */
interface FloatKernels {

    /** {@code y[i] = gelu(x[i])} (tanh approximation), i in [0, n). */
    void gelu(ByteBuffer x, ByteBuffer y, int n);

    /** {@code dx[i] = dy[i] * gelu'(x[i])}; {@code dx} may be {@code dy}. */
    void geluBackward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int n);

    /** {@code out[i] = swish(gate[i]) * value[i]}. */
    void swishGate(ByteBuffer gate, ByteBuffer value, ByteBuffer out, int n);

    /** {@code out[i] = swish(gate[i]) * value[i]} on arrays, i in [0, n), with the same arithmetic. */
    void swishGate(float[] gate, float[] value, float[] out, int n);

    /**
     * Backward of {@link #swishGate}: with {@code dy = dOut}, writes {@code dGate = dy * value * swish'(gate)}
     * and overwrites {@code dOut} with {@code d(value) = dy * swish(gate)}.
     */
    void swishGateBackward(ByteBuffer gate, ByteBuffer value, ByteBuffer dOut, ByteBuffer dGate, int n);

    /**
     * One hidden unit's column of a GRU training step over {@code b} rows (see {@link GruCell}): reads the input
     * projections at {@code gi[xr|xz|xn + k]}, the recurrent ones at {@code gates[gr|gz|gn + k]} and the state
     * at {@code h[hc + k]}; writes r, z and {@code hn = h~W_hn + bn} back into {@code gates}, the new state
     * into {@code out[oc + k]} and, unless {@code next < 0}, into {@code h[next + k]} (zero where
     * {@code resets[resetAt + k]}).
     */
    void gruForwardColumn(ByteBuffer gi, int xr, int xz, int xn, ByteBuffer gates, int gr, int gz, int gn,
                          float bn, ByteBuffer h, int hc, ByteBuffer out, int oc, int next, boolean[] resets,
                          int resetAt, int b);

    /**
     * Backward of {@link #gruForwardColumn} for one column: {@code dh = dOut[oc + k] + carry[cc + k]};
     * writes the gate pre-activation gradients into {@code dgi} and {@code gates} (dhn in the n slot), the
     * carry {@code dh * z}, and returns {@code sum_k dhn} (the gradient of b_hn).
     */
    double gruBackwardColumn(ByteBuffer gi, int xr, int xz, int xn, ByteBuffer dgi, ByteBuffer gates, int gr,
                             int gz, int gn, ByteBuffer h, int hc, ByteBuffer dOut, int oc, ByteBuffer carry,
                             int cc, int b);

    /**
     * One column of a GRU acting step: {@code h[cr + k] <- (1-z) n + z h[cr + k]} with r, z, n from
     * {@code gi} (+ biases br, bz, bn) and {@code gh} (+ bh on the n part); r, z, n slots at cr, cz, cn.
     * Leaves r and z in {@code gh}'s r and z slots (it is the step's scratch).
     */
    void gruStepColumn(ByteBuffer gi, ByteBuffer gh, int cr, int cz, int cn, float br, float bz, float bn,
                       float bh, ByteBuffer h, int b);

    // ---- plain arithmetic over contiguous runs (C2 does not vectorise loops over native memory)

    /** {@code a[at + i] *= w[wAt + i]}, i in [0, n). */
    void multiply(ByteBuffer a, int at, float[] w, int wAt, int n);

    /** {@code a[at + i] = v}. */
    void fill(ByteBuffer a, int at, int n, float v);

    /** {@code a[at + i] += v}. */
    void addScalar(ByteBuffer a, int at, int n, float v);

    /** {@code sum_i a[at + i]}. */
    double sum(ByteBuffer a, int at, int n);

    /** {@code acc[i] += x[at + i]²}. */
    void addSquares(ByteBuffer x, int at, float[] acc, int n);

    /** {@code y[at + i] = x[at + i] * inv[i] * s} (RMS normalisation of one feature column). */
    void scaleRows(ByteBuffer x, int at, float[] inv, float s, ByteBuffer y, int n);

    /**
     * First pass of the RMS-norm backward for one feature column: with {@code xhat = x[at+i] * inv[i]} and
     * {@code g = dy[at+i]}, adds {@code g * s * xhat} to {@code dot[i]} and returns {@code sum_i g * xhat}.
     */
    double rmsDots(ByteBuffer x, ByteBuffer dy, int at, float[] inv, float s, float[] dot, int n);

    /** Second pass: {@code dx[at+i] = inv[i] * (dy[at+i] * s - x[at+i] * inv[i] * dot[i])}; dx may be dy. */
    void rmsInputGrad(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int at, float[] inv, float s, float[] dot, int n);

    /**
     * One Adam step over {@code n} parameters: {@code m = b1 m + ob1 g}, {@code v = b2 v + ob2 g²},
     * {@code p -= rate (m / c1) / (sqrt(v / c2) + eps)}. The complements {@code ob1 = 1 - b1} and
     * {@code ob2 = 1 - b2} come from the caller in double: {@code 1 - 0.999f} is off by 5e-5 relative.
     */
    void adam(ByteBuffer p, ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, float rate, float b1, float b2, float ob1,
              float ob2, float c1, float c2, float eps);

    /** {@code out[i] = a[i] + b[i]}, i in [0, n); {@code out} may be {@code a} or {@code b}. */
    void add(ByteBuffer a, ByteBuffer b, ByteBuffer out, int n);

    /** {@code y[i] = relu(x[i])}, NaN propagating as in {@link Activation#RELU}. */
    void relu(ByteBuffer x, ByteBuffer y, int n);

    /** {@code dx[i] = x[i] > 0 ? dy[i] : 0}; {@code dx} may be {@code dy}. */
    void reluBackward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int n);

    /** {@code acc[i] += x[at + i]}. */
    void addTo(ByteBuffer x, int at, float[] acc, int n);

    /** {@code acc[i] += (x[at + i] − mean[i])²}. */
    void addCenteredSquares(ByteBuffer x, int at, float[] mean, float[] acc, int n);

    /**
     * Group normalisation of one feature column: {@code xh[at+i] = (x[at+i] − mean[i]) · rstd[rstdAt+i]},
     * {@code y[at+i] = xh[at+i] · scale + bias}.
     */
    void normaliseAffine(ByteBuffer x, int at, float[] mean, float[] rstd, int rstdAt, float scale, float bias,
                         ByteBuffer xh, ByteBuffer y, int n);

    /**
     * First pass of the group-norm backward for one column: with {@code dn = dy[at+i] · scale}, adds dn to
     * {@code acc1[i]} and {@code dn · xh[at+i]} to {@code acc2[i]}; returns {@code sum_i dy[at+i] · xh[at+i]}.
     */
    double groupNormDots(ByteBuffer dy, ByteBuffer xh, int at, float scale, float[] acc1, float[] acc2, int n);

    /** {@code dx[at+i] = rstd[rstdAt+i] · (dy[at+i] · scale − (acc1[i] + xh[at+i] · acc2[i]) · invGroup)}. */
    void groupNormInputGrad(ByteBuffer dy, ByteBuffer xh, ByteBuffer dx, int at, float scale, float[] rstd,
                            int rstdAt, float[] acc1, float[] acc2, float invGroup, int n);

    // ---- recurrent retention's memory passes on float[] (see RetentionMemoryOps); products and sums in the
    // scalar loops' order and without fused multiply-add, so they give the scalar loops' bits

    /**
     * {@code mem[row + c] = f · mem[row + c] + Σ_j keys[off_j + r] · values[off_j + c]}, c in [0, n),
     * {@code off_j = first + j · stride}, j in [0, count) in order.
     */
    void retentionRowUpdate(float[] mem, int row, float f, float[] keys, float[] values, int first, int stride,
                            int count, int r, int n);

    /** {@code out[outAt + c] = Σ_r x[xAt + r] · mem[base + r·n + c]}, r in [0, n) in order, from 0. */
    void vectorTimesMatrix(float[] x, int xAt, float[] mem, int base, int n, float[] out, int outAt);

    /** {@code y[yAt + i] += a · x[xAt + i]}, i in [0, n). */
    void addScaled(float a, float[] x, int xAt, float[] y, int yAt, int n);

    /** The SIMD kernels, or null when the Vector API is not available in this JVM. */
    static FloatKernels get() {
        return Holder.INSTANCE;
    }

    /**
     * The kernels for a pass over these views: null (take the scalar loop) unless every view is FLOAT and the
     * Vector API is available.
     */
    static FloatKernels forFloat(HostView... views) {
        for (HostView v : views) {
            if (!(v instanceof HostView.OfFloat)) {
                return null;
            }
        }
        return Holder.INSTANCE;
    }

    /** Loads the Vector API implementation once, if the module is present. */
    final class Holder {
        private static final Logger LOG = LoggerFactory.getLogger(FloatKernels.class);
        static final FloatKernels INSTANCE = load();

        private Holder() {
        }

        private static FloatKernels load() {
            if (Boolean.getBoolean("magpo.simd.off")) {
                return null;
            }
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                LOG.info("scalar elementwise kernels: run the JVM with --add-modules jdk.incubator.vector for the "
                        + "SIMD ones (GELU, GRU gates, retention gate; several times faster)");
                return null;
            }
            try {
                return (FloatKernels) Class.forName("org.magpo.nn.VectorFloatKernels").getDeclaredConstructor()
                        .newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                LOG.warn("SIMD kernels unavailable ({}); using the scalar ones", e.toString());
                return null;
            }
        }
    }
}
