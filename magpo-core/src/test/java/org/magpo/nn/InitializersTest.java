package org.magpo.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InitializersTest {

    private static INDArray fill(Initializer init, long seed, long... shape) {
        INDArray p = Nd4j.create(DataType.DOUBLE, shape, 'f');
        init.init(p, new Rng(seed));
        return p;
    }

    @Test
    void orthogonalTallMatrixHasOrthonormalColumnsTimesGain() {
        double gain = Math.sqrt(2);
        INDArray w = fill(Initializers.orthogonal(gain), 1, 12, 5);
        INDArray gram = w.transpose().mmul(w);
        assertTrue(gram.equalsWithEps(Nd4j.eye(5).castTo(DataType.DOUBLE).mul(2.0), 1e-12), gram.toString());
    }

    @Test
    void orthogonalWideMatrixHasOrthonormalRows() {
        INDArray w = fill(Initializers.orthogonal(0.01), 2, 3, 8);
        INDArray gram = w.mmul(w.transpose());
        assertTrue(gram.equalsWithEps(Nd4j.eye(3).castTo(DataType.DOUBLE).mul(1e-4), 1e-16), gram.toString());
    }

    @Test
    void orthogonalQMatchesQrOfTheSameNormalDrawWithPositiveDiagonal() {
        // R = Q^T A must be upper triangular with a positive diagonal (the sign fix).
        Rng rng = new Rng(9);
        double[][] a = new double[6][4];
        for (double[] row : a) {
            for (int j = 0; j < 4; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] q = Initializers.orthonormalColumns(a);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double r = 0;
                for (int k = 0; k < 6; k++) {
                    r += q[k][i] * a[k][j];
                }
                if (i > j) {
                    assertEquals(0.0, r, 1e-12, "R[" + i + "][" + j + "]");
                } else if (i == j) {
                    assertTrue(r > 0, "diag R[" + i + "] = " + r);
                }
            }
        }
    }

    @Test
    void lecunNormalIsTruncatedAtTwoStdWithVarianceOneOverFanIn() {
        int fanIn = 50;
        INDArray w = fill(Initializers.lecunNormal(), 3, fanIn, 400);
        double bound = 2 * Math.sqrt(1.0 / fanIn) / Initializers.TRUNCATED_NORMAL_STD;
        assertTrue(w.amaxNumber().doubleValue() <= bound, "max |w| " + w.amaxNumber() + " > " + bound);
        double var = w.mul(w).meanNumber().doubleValue();
        // 20,000 samples: the standard error of the variance estimate is ~1% of 1/fanIn.
        assertEquals(1.0 / fanIn, var, 0.05 / fanIn);
    }

    @Test
    void normalHasTheRequestedStd() {
        INDArray w = fill(Initializers.normal(0.25), 4, 100, 100);
        assertEquals(0.0, w.meanNumber().doubleValue(), 0.01);
        assertEquals(0.0625, w.mul(w).meanNumber().doubleValue(), 0.003);
    }

    @Test
    void constantAndZerosFillEveryElement() {
        assertEquals(12.0, fill(Initializers.constant(2.0), 0, 3, 2).sumNumber().doubleValue());
        assertEquals(0.0, fill(Initializers.zeros(), 0, 3, 2).amaxNumber().doubleValue());
    }

    @Test
    void columnBlocksMakesEachBlockOrthogonal() {
        INDArray w = fill(Initializers.columnBlocks(3, Initializers.orthogonal(1.0)), 5, 4, 12);
        for (int b = 0; b < 3; b++) {
            INDArray block = w.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(4 * b, 4 * b + 4));
            INDArray gram = block.transpose().mmul(block);
            assertTrue(gram.equalsWithEps(Nd4j.eye(4).castTo(DataType.DOUBLE), 1e-12), "block " + b + ": " + gram);
        }
    }

    @Test
    void sameSeedSameValuesOtherSeedDifferent() {
        assertEquals(fill(Initializers.orthogonal(1), 7, 6, 6), fill(Initializers.orthogonal(1), 7, 6, 6));
        assertNotEquals(fill(Initializers.orthogonal(1), 7, 6, 6), fill(Initializers.orthogonal(1), 8, 6, 6));
    }
}
