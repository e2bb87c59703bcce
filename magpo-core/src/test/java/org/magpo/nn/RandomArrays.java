package org.magpo.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded random test tensors (Normal(0, scale²)) and the linear probe loss used by gradient checks. */
final class RandomArrays {

    private RandomArrays() {
    }

    /** A new dense 'f' array of the given shape filled from {@code rng}. */
    static INDArray normal(DataType type, Rng rng, double scale, long... shape) {
        INDArray a = Nd4j.create(type, shape, 'f');
        fill(a, rng, scale);
        return a;
    }

    /** Overwrites {@code a} with Normal(0, scale²) draws. */
    static void fill(INDArray a, Rng rng, double scale) {
        INDArray flat = a.reshape(a.ordering(), new long[] {a.length()});
        for (long i = 0; i < a.length(); i++) {
            flat.putScalar(i, scale * rng.nextGaussian());
        }
    }

    /** {@code sum(out ⊙ w)}: a loss whose gradient with respect to {@code out} is exactly {@code w}. */
    static double probe(INDArray out, INDArray w) {
        return out.mul(w).sumNumber().doubleValue();
    }
}
