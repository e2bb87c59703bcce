package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RetentionDecayTest {

    @Test
    void kappasMatchTheSpecTable() {
        assertEquals(0.96875, new RetentionDecay(1, 1.0).kappa(0), 1e-12);
        RetentionDecay two = new RetentionDecay(2, 1.0);
        assertEquals(0.96875, two.kappa(0), 1e-12);
        assertEquals(1 - 1.0 / 512, two.kappa(1), 1e-12);
        RetentionDecay four = new RetentionDecay(4, 1.0);
        double[] expected = {0.96875, 0.98760, 0.99508, 0.99805};
        for (int h = 0; h < 4; h++) {
            assertEquals(expected[h], four.kappa(h), 5e-6, "head " + h);
        }
        assertEquals(0.484375, new RetentionDecay(1, 0.5).kappa(0), 1e-12);
    }

    @Test
    void powersAreSuccessiveProducts() {
        RetentionDecay d = new RetentionDecay(1, 0.5);
        double[] p = d.powers(0, 3);
        assertEquals(1.0, p[0], 0.0);
        assertEquals(0.484375 * 0.484375 * 0.484375, p[3], 1e-15);
    }

    @Test
    void rejectsScalingFactorOutsideUnitInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RetentionDecay(1, 1.5));
        assertEquals("decayScalingFactor must be in (0, 1], got 1.5", e.getMessage());
    }
}
