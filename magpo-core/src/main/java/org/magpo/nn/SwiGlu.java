package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gated feed-forward block of Sable (ALGORITHM.md §3.1):
 * {@code out = (swish(x W_gate) ⊙ (x W_lin)) W_out} with {@code swish(a) = a·sigmoid(a)}, hidden width
 * {@code hidden}, no biases. All three matrices start at zero, so a fresh block outputs zeros and the
 * residual blocks around it start as retention-only.
 *
 * <p>Shapes: x {@code [rows, dim]}, W_gate and W_lin {@code [dim, hidden]}, W_out {@code [hidden, dim]}.
 * {@link #backward} uses the activations saved by the latest {@link #forward}.
 */
public final class SwiGlu {
    private final int dim;
    private final int hidden;
    private final Parameters.Param wGate;
    private final Parameters.Param wLin;
    private final Parameters.Param wOut;
    private final ScratchMatrix gateBuf;
    private final ScratchMatrix linBuf;
    private final ScratchMatrix prodBuf;
    private final ScratchMatrix dGateBuf;
    private final ScratchMatrix dLinBuf;
    private INDArray x;
    private INDArray gate;
    private INDArray lin;
    private INDArray prod;

    /** Registers {@code name/w_gate}, {@code name/w_lin}, {@code name/w_out}, all zero-initialised. */
    public SwiGlu(Parameters.Builder b, String name, int dim, int hidden) {
        if (dim < 1 || hidden < 1) {
            throw new IllegalArgumentException("SwiGlu dim and hidden must be positive, got dim " + dim + ", hidden " + hidden);
        }
        this.dim = dim;
        this.hidden = hidden;
        this.wGate = b.add(name + "/w_gate", new long[] {dim, hidden}, (p, r) -> p.assign(0.0));
        this.wLin = b.add(name + "/w_lin", new long[] {dim, hidden}, (p, r) -> p.assign(0.0));
        this.wOut = b.add(name + "/w_out", new long[] {hidden, dim}, (p, r) -> p.assign(0.0));
        this.gateBuf = new ScratchMatrix(b.dataType());
        this.linBuf = new ScratchMatrix(b.dataType());
        this.prodBuf = new ScratchMatrix(b.dataType());
        this.dGateBuf = new ScratchMatrix(b.dataType());
        this.dLinBuf = new ScratchMatrix(b.dataType());
    }

    /**
     * @param x   {@code [rows, dim]}; kept by reference for {@link #backward}, so do not overwrite it in between
     * @param out {@code [rows, dim]} output
     */
    public void forward(INDArray x, INDArray out) {
        long rows = x.size(0);
        if (x.size(1) != dim || out.size(0) != rows || out.size(1) != dim) {
            throw new IllegalArgumentException("SwiGlu expects x and out [rows, " + dim + "], got x "
                    + java.util.Arrays.toString(x.shape()) + ", out " + java.util.Arrays.toString(out.shape()));
        }
        this.x = x;
        gate = gateBuf.get(rows, hidden);
        lin = linBuf.get(rows, hidden);
        prod = prodBuf.get(rows, hidden);
        MatMul.into(x, false, wGate.value(), false, gate, 0.0);
        MatMul.into(x, false, wLin.value(), false, lin, 0.0);
        HostView a = HostView.of(gate);
        HostView l = HostView.of(lin);
        HostView p = HostView.of(prod);
        for (int i = 0, n = (int) (rows * hidden); i < n; i++) {
            double ai = a.get(i);
            p.set(i, ai / (1.0 + Math.exp(-ai)) * l.get(i));
        }
        MatMul.into(prod, false, wOut.value(), false, out, 0.0);
    }

    /**
     * Writes {@code dX} and accumulates the three weight gradients.
     *
     * @param dOut {@code [rows, dim]} gradient of the output
     * @param dX   {@code [rows, dim]} gradient of the input (overwritten)
     */
    public void backward(INDArray dOut, INDArray dX) {
        if (x == null) {
            throw new IllegalStateException("SwiGlu.backward called before forward");
        }
        long rows = x.size(0);
        INDArray dGate = dGateBuf.get(rows, hidden);
        INDArray dLin = dLinBuf.get(rows, hidden);
        MatMul.into(prod, true, dOut, false, wOut.grad(), 1.0);
        MatMul.into(dOut, false, wOut.value(), true, dGate, 0.0);   // dGate temporarily holds d(prod)
        HostView a = HostView.of(gate);
        HostView l = HostView.of(lin);
        HostView dg = HostView.of(dGate);
        HostView dl = HostView.of(dLin);
        for (int i = 0, n = (int) (rows * hidden); i < n; i++) {
            double ai = a.get(i);
            double sig = 1.0 / (1.0 + Math.exp(-ai));
            double dp = dg.get(i);
            dl.set(i, dp * ai * sig);
            dg.set(i, dp * l.get(i) * sig * (1.0 + ai * (1.0 - sig)));
        }
        MatMul.into(x, true, dGate, false, wGate.grad(), 1.0);
        MatMul.into(x, true, dLin, false, wLin.grad(), 1.0);
        MatMul.into(dGate, false, wGate.value(), true, dX, 0.0);
        MatMul.into(dLin, false, wLin.value(), true, dX, 1.0);
    }
}
