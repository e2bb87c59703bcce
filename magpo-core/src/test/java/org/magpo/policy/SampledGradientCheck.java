package org.magpo.policy;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleSupplier;
import org.magpo.nn.HostView;
import org.magpo.nn.Parameters;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central finite differences (double) on a random sample of entries of EVERY parameter tensor: a full
 * check of a network with thousands of scalars costs a forward per scalar, so each tensor contributes
 * {@code perParam} entries (all of them when it is smaller).
 */
final class SampledGradientCheck {
    private SampledGradientCheck() {
    }

    /**
     * @param params   the network's parameters; {@code params.grads()} must hold the analytic gradient
     * @param loss     re-evaluates the loss from the current parameter values
     */
    static void check(String what, Parameters params, DoubleSupplier loss, Rng rng, int perParam, double relTol,
                      double absTol) {
        if (params.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gradient checks need DOUBLE parameters");
        }
        INDArray analytic = params.grads().dup();
        INDArray values = params.values();
        double eps = 1e-6;
        int failures = 0;
        int checked = 0;
        StringBuilder report = new StringBuilder();
        for (Parameters.Param p : params.list()) {
            int n = (int) p.length();
            int[] pick = n <= perParam ? identity(n) : java.util.Arrays.copyOf(rng.permutation(n), perParam);
            for (int j : pick) {
                long k = p.offset() + j;
                double x = values.getDouble(k);
                values.putScalar(k, x + eps);
                double plus = loss.getAsDouble();
                values.putScalar(k, x - eps);
                double minus = loss.getAsDouble();
                values.putScalar(k, x);
                double numeric = (plus - minus) / (2 * eps);
                double ana = analytic.getDouble(k);
                double diff = Math.abs(numeric - ana);
                checked++;
                if (diff > absTol && diff > relTol * Math.max(Math.abs(numeric), Math.abs(ana))) {
                    if (failures++ < 12) {
                        report.append(String.format("%n  %s[%d]: numeric %.10g, analytic %.10g", p.name(), j, numeric,
                                ana));
                    }
                }
            }
        }
        if (failures > 0) {
            fail(what + ": " + failures + " of " + checked + " sampled gradient entries differ" + report);
        }
    }

    /** Adds Normal(0, scale²) noise to every parameter so that every path (zero-initialised FFNs included) carries gradient. */
    static void perturb(Parameters params, Rng rng, double scale) {
        HostView v = HostView.ofDense(params.values());
        for (int i = 0; i < v.length(); i++) {
            v.add(i, scale * rng.nextGaussian());
        }
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
