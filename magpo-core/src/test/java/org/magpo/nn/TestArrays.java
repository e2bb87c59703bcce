package org.magpo.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded random arrays and weighted-sum losses for the layer tests. */
final class TestArrays {
    private TestArrays() {
    }

    /** A DOUBLE 'f'-ordered array with Normal(0, std^2) entries drawn from {@code rng}. */
    static INDArray normal(Rng rng, double std, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape, 'f');
        HostView v = HostView.of(a);
        for (int i = 0; i < a.length(); i++) {
            v.set(i, std * rng.nextGaussian());
        }
        return a;
    }

    /** sum(a * w), the scalar loss whose gradient with respect to {@code a} is {@code w}. */
    static double weightedSum(INDArray a, INDArray w) {
        HostView av = HostView.of(a);
        HostView wv = HostView.of(w);
        double s = 0;
        for (int i = 0; i < a.length(); i++) {
            s += av.get(i) * wv.get(i);
        }
        return s;
    }

    /** An empty DOUBLE 'f' array. */
    static INDArray zeros(long... shape) {
        return Nd4j.create(DataType.DOUBLE, shape, 'f');
    }
}
