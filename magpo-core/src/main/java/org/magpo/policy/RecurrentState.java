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
        store(hidden, dst, 0);
    }

    /** Copies {@code hidden [rows, H]} into rows {@code firstRow ..} of the row-major {@code dst}. */
    public static void store(INDArray hidden, float[] dst, int firstRow) {
        int rows = (int) hidden.size(0);
        int h = (int) hidden.size(1);
        if (firstRow < 0 || dst.length < (firstRow + rows) * h) {
            throw new IllegalArgumentException("dst must hold (firstRow+rows)*H = (" + firstRow + "+" + rows + ")*" + h
                    + " values, got " + dst.length);
        }
        HostView v = HostView.of(hidden);
        int base = firstRow * h;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < h; c++) {
                dst[base + r * h + c] = (float) v.get(r + c * rows);
            }
        }
    }

    /** Copies {@code src [rows · H]} row-major into {@code hidden [rows, H]}; sizes must match exactly. */
    public static void load(float[] src, INDArray hidden, String what) {
        requireLength(src, (int) hidden.size(0), (int) hidden.size(1), what);
        load(src, 0, hidden);
    }

    /** Refuses a stored state {@code src} (named {@code what}) that is not exactly {@code rows · H} values. */
    public static void requireLength(float[] src, int rows, int h, String what) {
        if (src.length != rows * h) {
            throw new IllegalStateException(what + " has " + src.length + " values, expected " + rows * h
                    + " (rows " + rows + " × H " + h + ")");
        }
    }

    /** Copies rows {@code firstRow ..} of the row-major {@code src} into {@code hidden [rows, H]}. */
    public static void load(float[] src, int firstRow, INDArray hidden) {
        int rows = (int) hidden.size(0);
        int h = (int) hidden.size(1);
        if (firstRow < 0 || src.length < (firstRow + rows) * h) {
            throw new IllegalArgumentException("src must hold (firstRow+rows)*H = (" + firstRow + "+" + rows + ")*" + h
                    + " values, got " + src.length);
        }
        HostView v = HostView.of(hidden);
        int base = firstRow * h;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < h; c++) {
                v.set(r + c * rows, src[base + r * h + c]);
            }
        }
    }
}
