package org.magpo.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.nn.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PerAgentPolicyTest {
    private static final EnvSpec SPEC = new EnvSpec("test:agents", 2, 3, 0, new ActionSpace.Discrete(4), 10);

    private static Learner actor(long seed) {
        Learner l = new Learner(SPEC, 5, 8, DataType.DOUBLE, new Rng(seed));
        // Larger than the 0.01-scale head init so the two actors' greedy choices differ.
        l.network().parameters().values().addi(Nd4j.rand(DataType.DOUBLE, l.network().parameters().size()).subi(0.5));
        return l;
    }

    @Test
    void eachAgentRowActsWithItsOwnActorAndState() {
        int envs = 3;
        int n = 2;
        Learner[] actors = {actor(1), actor(2)};
        PerAgentPolicy policy = new PerAgentPolicy(SPEC, actors);
        Rng rng = new Rng(9);
        float[] obs = new float[envs * n * 3];
        for (int i = 0; i < obs.length; i++) {
            obs[i] = (float) rng.nextGaussian();
        }
        boolean[] resets = {false, false, true, true, false, false};
        INDArray hidden = Nd4j.rand(DataType.DOUBLE, envs * n, 5).subi(0.5).dup('f');
        INDArray before = hidden.dup('f');
        ActionBuffer out = new ActionBuffer(SPEC, envs * n);
        policy.act(obs, resets, null, hidden, rng, true, out);

        for (int agent = 0; agent < n; agent++) {
            float[] own = new float[envs * 3];
            boolean[] ownResets = new boolean[envs];
            INDArray ownHidden = Nd4j.create(DataType.DOUBLE, new long[] {envs, 5}, 'f');
            for (int e = 0; e < envs; e++) {
                System.arraycopy(obs, (e * n + agent) * 3, own, e * 3, 3);
                ownResets[e] = resets[e * n + agent];
                for (int c = 0; c < 5; c++) {
                    ownHidden.putScalar(e, c, before.getDouble(e * n + agent, c));
                }
            }
            ActionBuffer expected = new ActionBuffer(SPEC, envs);
            actors[agent].act(own, ownResets, null, ownHidden, rng, true, expected);
            for (int e = 0; e < envs; e++) {
                int row = e * n + agent;
                assertEquals(expected.discrete[e], out.discrete[row], "agent " + agent + " env " + e);
                assertEquals(expected.logProb[e], out.logProb[row], 1e-12);
                for (int c = 0; c < 5; c++) {
                    assertEquals(ownHidden.getDouble(e, c), hidden.getDouble(row, c), 1e-12, "state written back");
                }
            }
        }
        assertTrue(!before.equals(hidden), "the states advanced");
    }

    @Test
    void needsOneActorPerAgent() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PerAgentPolicy(SPEC, new Learner[] {actor(1)}));
        assertEquals("PerAgentPolicy needs one actor per agent (2), got 1", e.getMessage());
    }
}
