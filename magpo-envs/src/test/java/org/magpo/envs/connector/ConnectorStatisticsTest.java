package org.magpo.envs.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;

/**
 * Random legal actions (uniform over the mask), Mava team return, against the reference baseline of
 * the spec (512 episodes, return ± its standard error). Here 2000 fixed-seed episodes; the return
 * must lie within 3 standard errors of the difference, the connection ratio within 0.03 and the
 * episode length within 1.2 steps (about 3 standard errors given a spread of ~7 steps).
 */
class ConnectorStatisticsTest {
    private static final int EPISODES = 2000;

    @Test
    void randomLegalPolicyOnFiveByFiveMatchesTheReference() {
        check(5, 3, 0.072, 0.046, 13.5, 0.363, 1.045);
    }

    @Test
    void randomLegalPolicyOnTenByTenMatchesTheReference() {
        check(10, 10, -3.677, 0.110, 24.0, 0.237, 2.5);
    }

    private static void check(int g, int n, double refReturn, double refSe, double refLength, double refRatio,
                              double returnSpread) {
        ConnectorEnv env = new ConnectorEnv(ConnectorConfig.benchmark(g, n, ConnectorObservation.VECTOR));
        TimeStep ts = new TimeStep(env.spec());
        Rng rng = new Rng(77 + g);
        int[] actions = new int[n];
        int[] legal = new int[GridCodes.NUM_ACTIONS];
        double ret = 0;
        double length = 0;
        double ratio = 0;
        for (int e = 0; e < EPISODES; e++) {
            env.reset(rng.nextLong(), ts);
            do {
                for (int k = 0; k < n; k++) {
                    int count = 0;
                    for (int a = 0; a < GridCodes.NUM_ACTIONS; a++) {
                        if (ts.actionMask[k * GridCodes.NUM_ACTIONS + a]) {
                            legal[count++] = a;
                        }
                    }
                    actions[k] = legal[rng.nextInt(count)];
                }
                env.step(actions, ts);
                ret += ts.reward[0];
                length++;
            } while (!ts.isLast());
            ratio += env.ratioConnections();
        }
        double bound = 3 * Math.sqrt(refSe * refSe + returnSpread * returnSpread / EPISODES);
        String task = g + "x" + g + "x" + n + "a";
        assertEquals(refReturn, ret / EPISODES, bound, task + " mean team return");
        assertEquals(refLength, length / EPISODES, 1.2, task + " mean episode length");
        assertEquals(refRatio, ratio / EPISODES, 0.03, task + " mean ratio_connections");
    }
}
