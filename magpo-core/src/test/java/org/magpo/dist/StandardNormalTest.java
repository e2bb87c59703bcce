package org.magpo.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StandardNormalTest {

    @Test
    void erfcMatchesTabulatedValues() {
        // Reference values of erfc (Abramowitz & Stegun / mpmath, 16 digits).
        double[][] table = {
                {0.0, 1.0},
                {0.5, 0.4795001221869535},
                {1.0, 0.15729920705028513},
                {2.0, 0.004677734981047266},
                {3.0, 2.209049699858544e-05},
                {5.0, 1.5374597944280349e-12},
                {-1.0, 1.8427007929497148},
        };
        for (double[] row : table) {
            assertEquals(row[1], StandardNormal.erfc(row[0]), 1e-13 * row[1], "erfc(" + row[0] + ")");
        }
    }

    @Test
    void logCdfIsFiniteAndAsymptoticInTheFarLeftTail() {
        // log Φ(v) ≈ -v²/2 - log(-v) - log sqrt(2π) - 1/v² for v -> -inf.
        double v = -40;
        double asymptotic = -0.5 * v * v - Math.log(-v) - 0.5 * Math.log(2 * Math.PI) - 1 / (v * v);
        assertEquals(asymptotic, StandardNormal.logCdf(v), 1e-5);
        assertEquals(Math.log(0.5), StandardNormal.logCdf(0), 1e-15);
        assertEquals(Math.log(0.8413447460685429), StandardNormal.logCdf(1.0), 1e-14);
        assertEquals(Math.log(1 - 0.8413447460685429), StandardNormal.logSurvival(1.0), 1e-13);
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        for (double v : new double[] {-60, -8, -2.5, -1.9, -0.3, 0, 0.7, 2.1, 6}) {
            double h = 1e-6;
            double numCdf = (StandardNormal.logCdf(v + h) - StandardNormal.logCdf(v - h)) / (2 * h);
            assertEquals(numCdf, StandardNormal.logCdfDerivative(v), 1e-6 * Math.max(1, Math.abs(numCdf)), "v=" + v);
            double numSurv = (StandardNormal.logSurvival(v + h) - StandardNormal.logSurvival(v - h)) / (2 * h);
            assertEquals(numSurv, StandardNormal.logSurvivalDerivative(v), 1e-6 * Math.max(1, Math.abs(numSurv)),
                    "v=" + v);
        }
    }
}
