package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdvantageNormalizationTest {

    @Test
    void usesPopulationStandardDeviation() {
        // mean 2.5, population variance 1.25 -> std sqrt(1.25); jnp.std divides by n.
        float[] adv = {1, 2, 3, 4, 99};
        double[] out = new double[5];
        AdvantageNormalization.normalize(adv, 4, out);
        double s = Math.sqrt(1.25) + 1e-8;
        assertArrayEquals(new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s, 0}, out, 1e-12);
    }

    @Test
    void constantAdvantagesBecomeZeros() {
        double[] out = new double[3];
        AdvantageNormalization.normalize(new float[] {2, 2, 2}, 3, out);
        assertArrayEquals(new double[] {0, 0, 0}, out, 0.0);
    }

    @Test
    void nonFiniteAdvantageIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> AdvantageNormalization.normalize(new float[] {1, Float.NaN}, 2, new double[2]));
    }
}
