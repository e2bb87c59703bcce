package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central finite-difference check of an analytic gradient, in double precision.
 *
 * <p>Usage: compute the analytic gradient of a scalar loss with respect to some array (a layer's
 * input, or {@link Parameters#values()}) into {@code analytic}, then call {@link #check}: it perturbs
 * every element of {@code values} by ±{@code eps}, re-evaluates {@code loss}, and compares
 * {@code (L(x+eps) - L(x-eps)) / 2eps} with the analytic value. Shared with other modules through
 * magpo-core's test jar.
 */
public final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * @param what     name used in failure messages
     * @param values   the array the gradient is taken with respect to (DOUBLE); modified and restored
     * @param analytic the analytic gradient, same shape as {@code values}
     * @param loss     re-evaluates the scalar loss from the current contents of {@code values}
     * @param eps      perturbation (1e-6 is a good default in double)
     * @param relTol   allowed |num - ana| / max(|num|, |ana|) where both exceed {@code absTol}
     * @param absTol   differences below this pass regardless of the relative error
     */
    public static void check(String what, INDArray values, INDArray analytic, DoubleSupplier loss,
                             double eps, double relTol, double absTol) {
        if (values.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(what + ": gradient checks need DOUBLE arrays, got " + values.dataType());
        }
        if (!java.util.Arrays.equals(values.shape(), analytic.shape())) {
            throw new IllegalArgumentException(what + ": analytic gradient shape " + java.util.Arrays.toString(analytic.shape())
                    + " differs from values shape " + java.util.Arrays.toString(values.shape()));
        }
        INDArray flatValues = values.reshape(values.ordering(), new long[] {values.length()});
        INDArray flatAnalytic = analytic.dup(values.ordering()).reshape(values.ordering(), new long[] {values.length()});
        long n = values.length();
        int failures = 0;
        StringBuilder report = new StringBuilder();
        for (long k = 0; k < n; k++) {
            double x = flatValues.getDouble(k);
            flatValues.putScalar(k, x + eps);
            double plus = loss.getAsDouble();
            flatValues.putScalar(k, x - eps);
            double minus = loss.getAsDouble();
            flatValues.putScalar(k, x);
            double numeric = (plus - minus) / (2 * eps);
            double ana = flatAnalytic.getDouble(k);
            double diff = Math.abs(numeric - ana);
            double scale = Math.max(Math.abs(numeric), Math.abs(ana));
            if (diff > absTol && diff > relTol * scale) {
                if (failures++ < 10) {
                    report.append(String.format("%n  %s[%d]: numeric %.10g, analytic %.10g", what, k, numeric, ana));
                }
            }
        }
        if (failures > 0) {
            fail(what + ": " + failures + " of " + n + " gradient entries differ" + report);
        }
    }

    /** {@link #check} with eps 1e-6, relative tolerance 1e-5 and absolute tolerance 1e-8. */
    public static void check(String what, INDArray values, INDArray analytic, DoubleSupplier loss) {
        check(what, values, analytic, loss, 1e-6, 1e-5, 1e-8);
    }
}
