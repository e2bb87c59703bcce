package org.magpo.policy;

import org.magpo.nn.HostView;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves per-row recurrent states between the networks' 'f'-ordered {@code [rows, H]} arrays and the
 * row-major {@code [rows · H]} float arrays that rollout buffers and checkpoints store (row
 * {@code e·N + i} of E environments × N agents is then the env's {@code [N, H]} block).
 */
public final class RecurrentState {

    private RecurrentState() {
    }

    /** Copies {@code hidden [rows, H]} into {@code dst [rows · H]} row-major. */
    public static void store(INDArray hidden, float[] dst) {
        int rows = (int) hidden.size(0);
        int h = (int) hidden.size(1);
        if (dst.length < rows * h) {
            throw new IllegalArgumentException("dst must hold rows*H = " + rows * h + " values, got " + dst.length);
        }
        HostView v = HostView.of(hidden);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < h; c++) {
                dst[r * h + c] = (float) v.get(r + c * rows);
            }
        }
    }

    /** Copies {@code src [rows · H]} row-major into {@code hidden [rows, H]}; sizes must match exactly. */
    public static void load(float[] src, INDArray hidden, String what) {
        int rows = (int) hidden.size(0);
        int h = (int) hidden.size(1);
        if (src.length != rows * h) {
            throw new IllegalStateException(what + " has " + src.length + " values, expected " + rows * h
                    + " (rows " + rows + " × H " + h + ")");
        }
        HostView v = HostView.of(hidden);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < h; c++) {
                v.set(r + c * rows, src[r * h + c]);
            }
        }
    }
}
