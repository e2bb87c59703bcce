package org.magpo.nn;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks shared by the layers: every message names the layer, the argument and the expectation. */
final class Shapes {
    private Shapes() {
    }

    /** Checks {@code a} is a contiguous 'f'-ordered {@code [rows, cols]} matrix (rows < 0: any). */
    static void requireMatrix(String layer, String arg, INDArray a, long rows, long cols) {
        if (a == null) {
            throw new IllegalArgumentException(layer + ": " + arg + " must not be null");
        }
        if (a.rank() != 2 || (rows >= 0 && a.size(0) != rows) || a.size(1) != cols) {
            throw new IllegalArgumentException(layer + ": " + arg + " must be [" + (rows >= 0 ? rows : "rows") + ", "
                    + cols + "], got " + Arrays.toString(a.shape()));
        }
        if (a.ordering() != 'f' || a.elementWiseStride() != 1) {
            throw new IllegalArgumentException(layer + ": " + arg + " must be a contiguous 'f'-ordered array, got order "
                    + a.ordering() + " with strides " + Arrays.toString(a.stride()));
        }
    }

    /** Checks the data type matches the layer's parameters. */
    static void requireType(String layer, String arg, INDArray a, org.nd4j.linalg.api.buffer.DataType t) {
        if (a.dataType() != t) {
            throw new IllegalArgumentException(layer + ": " + arg + " must be " + t + ", got " + a.dataType());
        }
    }
}
