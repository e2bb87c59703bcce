package org.magpo.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.nn.Rng;

class MinibatchTest {

    private static final int T = 3;
    private static final int E = 4;
    private static final int N = 3;
    private static final int A = 2;
    private static final int H = 2;
    private static final int MEM = 2;
    private static final EnvSpec SPEC = new EnvSpec("test:code", N, 2, 0, new ActionSpace.Discrete(A), 10);

    /** Fills every field with a code of its (t, e, agent) so gathered rows can be decoded. */
    private static RolloutBuffer codedBuffer() {
        RolloutBuffer buf = new RolloutBuffer(SPEC, T, E, MEM, N * H);
        for (int t = 0; t < T; t++) {
            for (int e = 0; e < E; e++) {
                buf.stepCount[t * E + e] = 100 * t + e;
                buf.reset[t * E + e] = (t + e) % 2 == 0;
                for (int i = 0; i < N; i++) {
                    int k = buf.token(t, e, i);
                    float code = 100 * t + 10 * e + i;
                    buf.obs[k * 2] = code;
                    buf.obs[k * 2 + 1] = -code;
                    buf.actionMask[k * A] = true;
                    buf.actionMask[k * A + 1] = i != 1;
                    buf.discreteActions[k] = (int) code;
                    buf.logProb[k] = code;
                    buf.value[k] = code;
                    buf.returns[k] = code + 0.5f;
                    buf.advantage[k] = code;
                }
            }
        }
        for (int e = 0; e < E; e++) {
            for (int j = 0; j < MEM; j++) {
                buf.guiderMemory[e * MEM + j] = 1000 + 10 * e + j;
            }
            for (int i = 0; i < N; i++) {
                for (int h = 0; h < H; h++) {
                    buf.learnerState[(e * N + i) * H + h] = 2000 + 10 * e + i + 0.25f * h;
                }
            }
        }
        return buf;
    }

    @Test
    void epochPermutesEnvsIntoDisjointMinibatchesAndKeepsRolloutOrderWhenAsked() {
        MinibatchPlan plan = new MinibatchPlan(E, N, 2);
        Rng rng = new Rng(5);
        plan.newEpoch(rng, false);
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < 2; k++) {
            for (int b = 0; b < 2; b++) {
                seen.add(plan.envOf(k, b));
            }
        }
        assertEquals(Set.of(0, 1, 2, 3), seen);
        for (int i = 0; i < N; i++) {
            assertEquals(i, plan.agentAt(i));
        }
    }

    @Test
    void sameSeedGivesTheSamePlanAndEpochsDiffer() {
        MinibatchPlan a = new MinibatchPlan(8, 5, 2);
        MinibatchPlan b = new MinibatchPlan(8, 5, 2);
        Rng ra = new Rng(9);
        Rng rb = new Rng(9);
        String[] epochs = new String[4];
        for (int ep = 0; ep < 4; ep++) {
            a.newEpoch(ra, true);
            b.newEpoch(rb, true);
            StringBuilder sa = new StringBuilder();
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 2; k++) {
                for (int s = 0; s < 4; s++) {
                    sa.append(a.envOf(k, s)).append(',');
                    sb.append(b.envOf(k, s)).append(',');
                }
            }
            for (int i = 0; i < 5; i++) {
                sa.append(a.agentAt(i));
                sb.append(b.agentAt(i));
            }
            assertEquals(sa.toString(), sb.toString());
            epochs[ep] = sa.toString();
        }
        assertTrue(Arrays.stream(epochs).distinct().count() > 1, "four epochs must not all share one plan");
    }

    @Test
    void gatherPlacesEveryTokenInBothRowOrdersAndKeepsMemoriesWithTheirEnv() {
        RolloutBuffer buf = codedBuffer();
        MinibatchPlan plan = new MinibatchPlan(E, N, 2);
        Minibatch mb = new Minibatch(buf, plan);
        int b = plan.envsPerMinibatch();
        assertEquals(b * T * N, mb.tokens());
        Rng rng = new Rng(77);
        for (int epoch = 0; epoch < 3; epoch++) {
            plan.newEpoch(rng, true);
            for (int k = 0; k < plan.numMinibatches(); k++) {
                mb.gather(buf, plan, k);
                for (int s = 0; s < b; s++) {
                    int e = plan.envOf(k, s);
                    // D-B2: slot s carries the memory of its own env in every epoch.
                    assertArrayEquals(new float[] {1000 + 10 * e, 1001 + 10 * e},
                            Arrays.copyOfRange(mb.guiderMemory, s * MEM, s * MEM + MEM));
                    for (int i = 0; i < N; i++) {
                        int agent = plan.agentAt(i);
                        for (int h = 0; h < H; h++) {
                            assertEquals(2000 + 10 * e + agent + 0.25f * h, mb.learnerState.getFloat(s * N + i, h));
                        }
                        for (int t = 0; t < T; t++) {
                            float code = 100 * t + 10 * e + agent;
                            int r = s * T * N + t * N + i;
                            int q = t * b * N + s * N + i;
                            assertEquals(q, mb.tokenToLearnerRow[r]);
                            assertEquals(code, mb.obsTokens.getFloat(r, 0));
                            assertEquals(-code, mb.obsTokens.getFloat(r, 1));
                            assertEquals(code, mb.obsLearner.getFloat(q, 0));
                            assertEquals((int) code, mb.discreteActions[r]);
                            assertEquals(code, mb.oldLogProb[r]);
                            assertEquals(code, mb.oldValue[r]);
                            assertEquals(code + 0.5f, mb.returns[r]);
                            assertEquals(agent, mb.agentTokens[r]);
                            assertEquals(100 * t + e, mb.stepCountTokens[r]);
                            assertEquals((t + e) % 2 == 0, mb.resetTokens[r]);
                            assertEquals((t + e) % 2 == 0, mb.resetLearner[q]);
                            assertEquals(agent != 1, mb.maskTokens[r * A + 1]);
                            assertEquals(agent != 1, mb.maskLearner[q * A + 1]);
                        }
                    }
                }
                // Normalised over the minibatch: mean 0, population std 1.
                double mean = Arrays.stream(mb.normalizedAdvantage).sum() / mb.tokens();
                double var = Arrays.stream(mb.normalizedAdvantage).map(x -> (x - mean) * (x - mean)).sum() / mb.tokens();
                assertEquals(0.0, mean, 1e-9);
                assertEquals(1.0, var, 1e-6);
            }
        }
    }

    @Test
    void planMustDivideEnvs() {
        assertThrows(IllegalArgumentException.class, () -> new MinibatchPlan(6, 2, 4));
    }
}
