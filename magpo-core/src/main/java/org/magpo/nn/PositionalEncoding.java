package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sinusoidal timestep encoding of width d (ALGORITHM.md §3.1):
 * {@code pe[2j] = sin(pos * 10000^(-2j/d))}, {@code pe[2j+1] = cos(same)}. The position is the
 * environment's episode step counter (the same for every agent token of one timestep), not the
 * token index. It is added to the retention's key, query and value inputs, so its gradient is the
 * identity and it has no parameters.
 *
 * <p>Values are tabulated per position on first use (the table only grows), so the hot path is a
 * copy-and-add with no trigonometry.
 */
public final class PositionalEncoding {
    private final int dim;
    private final double[] invFreq;
    private double[] table = new double[0];
    private int tabulated;

    /** @param dim embedding width d; must be even and positive */
    public PositionalEncoding(int dim) {
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("PositionalEncoding dim must be even and >= 2, got " + dim);
        }
        this.dim = dim;
        this.invFreq = new double[dim / 2];
        for (int j = 0; j < dim / 2; j++) {
            invFreq[j] = Math.exp(2.0 * j * (-Math.log(10000.0) / dim));
        }
    }

    public int dim() {
        return dim;
    }

    /** The encoding of {@code position} at {@code feature} in [0, d). */
    public double value(int position, int feature) {
        ensure(position);
        return table[position * dim + feature];
    }

    /**
     * {@code out[r, :] = x[r, :] + pe(positions[r])}.
     *
     * @param x         {@code [rows, d]} input, any layout
     * @param positions {@code [rows]} episode step counts, each >= 0
     * @param out       {@code [rows, d]} dense 'f' output; may be {@code x} itself if {@code x} is dense 'f'
     */
    public void add(INDArray x, int[] positions, INDArray out) {
        int rows = (int) out.size(0);
        if (out.size(1) != dim || x.size(0) != rows || x.size(1) != dim || positions.length < rows) {
            throw new IllegalArgumentException("PositionalEncoding.add expects x and out [" + rows + ", " + dim
                    + "] and " + rows + " positions, got x " + java.util.Arrays.toString(x.shape()) + ", out "
                    + java.util.Arrays.toString(out.shape()) + ", " + positions.length + " positions");
        }
        if (out.ordering() != 'f' || out.elementWiseStride() != 1) {
            throw new IllegalArgumentException("PositionalEncoding out must be a dense 'f'-ordered matrix, got order "
                    + out.ordering() + " strides " + java.util.Arrays.toString(out.stride()));
        }
        int max = 0;
        for (int r = 0; r < rows; r++) {
            if (positions[r] < 0) {
                throw new IllegalArgumentException("position of row " + r + " must be >= 0, got " + positions[r]);
            }
            max = Math.max(max, positions[r]);
        }
        ensure(max);
        if (out != x) {
            out.assign(x);
        }
        HostView o = HostView.of(out);
        for (int c = 0; c < dim; c++) {
            int base = c * rows;
            for (int r = 0; r < rows; r++) {
                o.add(base + r, table[positions[r] * dim + c]);
            }
        }
    }

    private void ensure(int position) {
        if (position < tabulated) {
            return;
        }
        int n = Math.max(position + 1, Math.max(64, 2 * tabulated));
        double[] t = java.util.Arrays.copyOf(table, n * dim);
        for (int p = tabulated; p < n; p++) {
            for (int j = 0; j < dim / 2; j++) {
                double a = p * invFreq[j];
                t[p * dim + 2 * j] = Math.sin(a);
                t[p * dim + 2 * j + 1] = Math.cos(a);
            }
        }
        table = t;
        tabulated = n;
    }
}
