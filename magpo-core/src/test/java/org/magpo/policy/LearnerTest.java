package org.magpo.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LearnerTest {
    private static final int OBS = 5;
    private static final int H = 16;

    private static Learner learner(long seed) {
        EnvSpec spec = new EnvSpec("test:learner", 2, OBS, 0, new ActionSpace.Discrete(4), 100);
        Learner l = new Learner(spec, H, 8, DataType.FLOAT, new Rng(seed));
        SampledGradientCheck.perturb(l.network().parameters(), new Rng(seed + 1), 0.2);
        return l;
    }

    private static float[] randomObs(Rng rng, int rows) {
        float[] o = new float[rows * OBS];
        for (int i = 0; i < o.length; i++) {
            o[i] = (float) rng.nextGaussian();
        }
        return o;
    }

    @Test
    void aReplicaAdvancingABlockOfRowsMatchesALearnerAdvancingThemAlone() {
        Learner l = learner(3);
        Learner replica = l.replica();
        Learner alone = learner(3);
        int rows = 7;
        int first = 3;
        int n = 4;
        INDArray blockState = l.initialState(n);
        INDArray aloneState = alone.initialState(n);
        Rng data = new Rng(4);
        for (int t = 0; t < 5; t++) {
            float[] obs = randomObs(data, rows);
            boolean[] resets = new boolean[rows];
            resets[first + 1] = t == 3;
            replica.advance(obs, resets, first, blockState);
            alone.advance(java.util.Arrays.copyOfRange(obs, first * OBS, (first + n) * OBS),
                    java.util.Arrays.copyOfRange(resets, first, first + n), aloneState);
        }
        float[] a = new float[n * H];
        float[] b = new float[n * H];
        RecurrentState.store(blockState, a);
        RecurrentState.store(aloneState, b);
        assertArrayEquals(b, a);

        // the replica reads the learner's parameters as they are now
        l.network().parameters().values().muli(0.5);
        float[] obs = randomObs(data, rows);
        replica.advance(obs, new boolean[rows], first, blockState);
        alone.advance(java.util.Arrays.copyOfRange(obs, first * OBS, (first + n) * OBS), new boolean[n], aloneState);
        RecurrentState.store(blockState, a);
        RecurrentState.store(aloneState, b);
        assertEquals(false, java.util.Arrays.equals(a, b), "halved parameters must change the replica's step");
    }

    @Test
    void advancingBeyondTheObservationsFailsNamingThem() {
        Learner l = learner(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.advance(new float[6 * OBS], new boolean[6], 3, l.initialState(4)));
        assertEquals("obs must hold (firstRow+rows)*obsDim = (3+4)*5 values, got 30", e.getMessage());
    }

    @Test
    void recurrentStatesMoveToAndFromBlocksOfTheFlatLayout() {
        Learner l = learner(6);
        INDArray state = l.initialState(3);
        float[] flat = new float[5 * H];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i;
        }
        RecurrentState.load(flat, 2, state);
        assertEquals(2 * H + 1 * H + 4, state.getDouble(1, 4));
        float[] back = new float[5 * H];
        RecurrentState.store(state, back, 2);
        assertArrayEquals(java.util.Arrays.copyOfRange(flat, 2 * H, 5 * H), java.util.Arrays.copyOfRange(back, 2 * H, 5 * H));
        assertEquals(0f, back[2 * H - 1]);
        assertThrows(IllegalArgumentException.class, () -> RecurrentState.store(state, back, 3));
    }
}
