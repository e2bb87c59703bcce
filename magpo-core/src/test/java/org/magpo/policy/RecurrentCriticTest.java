package org.magpo.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.nn.HostView;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RecurrentCriticTest {

    private static EnvSpec spec(int stateDim) {
        return new EnvSpec("test:critic", 2, 3, stateDim, new ActionSpace.Discrete(4), 10);
    }

    @Test
    void localInputIsTheAgentsOwnObservation() {
        RecurrentCritic c = new RecurrentCritic(spec(0), RecurrentCritic.Input.LOCAL, 4, 8, DataType.DOUBLE, new Rng(1));
        assertEquals(3, c.inputDim());
        float[] obs = {1, 2, 3, 4, 5, 6};
        float[] dst = new float[6];
        c.writeInputs(obs, null, 1, dst, 0);
        assertArrayEquals(obs, dst);
    }

    @Test
    void centralInputWithoutStateConcatenatesAllObservationsAndTheAgentId() {
        RecurrentCritic c = new RecurrentCritic(spec(0), RecurrentCritic.Input.CENTRAL, 4, 8, DataType.DOUBLE,
                new Rng(1));
        assertEquals(2 * 3 + 2, c.inputDim());
        float[] obs = {1, 2, 3, 4, 5, 6};
        float[] dst = new float[2 * 8];
        c.writeInputs(obs, null, 1, dst, 0);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 1, 0, 1, 2, 3, 4, 5, 6, 0, 1}, dst);
    }

    @Test
    void centralInputPrefersTheGlobalState() {
        RecurrentCritic c = new RecurrentCritic(spec(2), RecurrentCritic.Input.CENTRAL, 4, 8, DataType.DOUBLE,
                new Rng(1));
        assertEquals(2 + 2, c.inputDim());
        float[] obs = new float[2 * 2 * 3];
        float[] state = {7, 8, 9, 10};   // two envs
        float[] dst = new float[2 * 2 * 4];
        c.writeInputs(obs, state, 2, dst, 0);
        assertArrayEquals(new float[] {7, 8, 1, 0, 7, 8, 0, 1, 9, 10, 1, 0, 9, 10, 0, 1}, dst);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.writeInputs(obs, null, 2, dst, 0));
        assertTrue(e.getMessage().contains("stateDim 2"), e.getMessage());
    }

    @Test
    void actingStepByStepGivesTheTrainingForwardValuesAndPeekingChangesNoState() {
        int t = 4;
        int rows = 3;
        RecurrentCritic c = new RecurrentCritic(spec(0), RecurrentCritic.Input.LOCAL, 5, t * rows, DataType.DOUBLE,
                new Rng(2));
        c.parameters().values().addi(Nd4j.rand(DataType.DOUBLE, c.parameters().size()).subi(0.5));
        Rng rng = new Rng(3);
        float[][] inputs = new float[t][rows * 3];
        boolean[][] resets = new boolean[t][rows];
        INDArray seq = Nd4j.create(DataType.DOUBLE, new long[] {t * rows, 3}, 'f');
        boolean[] seqResets = new boolean[t * rows];
        for (int s = 0; s < t; s++) {
            for (int r = 0; r < rows; r++) {
                resets[s][r] = s == 2 && r == 1;
                seqResets[s * rows + r] = resets[s][r];
                for (int f = 0; f < 3; f++) {
                    inputs[s][r * 3 + f] = (float) rng.nextGaussian();
                    seq.putScalar(s * rows + r, f, inputs[s][r * 3 + f]);
                }
            }
        }
        INDArray h0 = Nd4j.rand(DataType.DOUBLE, rows, 5).subi(0.5).dup('f');
        INDArray trained = c.forward(seq, seqResets, h0).dup();
        INDArray h = h0.dup('f');
        float[] v = new float[rows];
        for (int s = 0; s < t; s++) {
            INDArray before = h.dup();
            float[] peek = new float[rows];
            c.peekValues(inputs[s], resets[s], h, peek);
            assertEquals(before, h, "peeking must not advance the state");
            c.values(inputs[s], resets[s], h, v);
            HostView tv = HostView.of(trained);
            for (int r = 0; r < rows; r++) {
                // Acting hands values out as float.
                assertEquals((float) tv.get(s * rows + r), v[r], 1e-6, "step " + s + " row " + r);
                assertEquals(v[r], peek[r], 0.0);
            }
        }
    }
}
