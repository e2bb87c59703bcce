package org.magpo.envs.smax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.magpo.env.TimeStep;
import org.magpo.nn.Rng;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A uniform-random policy over legal ally actions reproduces the reference statistics of spec section 11
 * (256 JAX episodes per task): mean return within 4 combined standard errors, mean length within 4
 * standard errors of the difference, min/max lengths in plausible ranges, win rate near 0. Fixed seeds.
 */
class SmaxRandomPolicyStatisticsTest {
    private static final Logger LOG = LoggerFactory.getLogger(SmaxRandomPolicyStatisticsTest.class);
    private static final int EPISODES = Integer.getInteger("smax.episodes", 256);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // task, win rate, mean return, SE, mean length, min, max
            "2s3z, 0.000, 0.200, 0.005, 52.7, 28, 101",
            "3s5z, 0.000, 0.197, 0.004, 54.2, 30, 101",
            "5m_vs_6m, 0.000, 0.137, 0.003, 18.1, 12, 32",
            "10m_vs_11m, 0.000, 0.162, 0.003, 21.2, 14, 51",
            "27m_vs_30m, 0.000, 0.193, 0.002, 25.0, 20, 80",
            "3s5z_vs_3s6z, 0.000, 0.178, 0.003, 52.2, 30, 101",
            "3s_vs_5z, 0.000, 0.217, 0.005, 43.0, 18, 101",
            "6h_vs_8z, 0.000, 0.331, 0.005, 36.4, 24, 101",
            "smacv2_5_units, 0.000, 0.272, 0.012, 35.8, 9, 101",
            "smacv2_10_units, 0.004, 0.301, 0.013, 36.9, 13, 101"})
    void randomPolicyMatchesReferenceStatistics(String task, double refWin, double refReturn, double refSe,
                                                double refLength, int refMin, int refMax) {
        SmaxEnv env = (SmaxEnv) new SmaxProvider().make(task, Map.of());
        TimeStep ts = new TimeStep(env.spec());
        Rng policy = new Rng(12345);
        int n = env.spec().numAgents();
        int a = env.spec().numActions();
        int[] actions = new int[n];
        int[] legal = new int[a];
        double sumRet = 0;
        double sumRet2 = 0;
        double sumLen = 0;
        double sumLen2 = 0;
        int minLen = Integer.MAX_VALUE;
        int maxLen = 0;
        int wins = 0;
        for (int ep = 0; ep < EPISODES; ep++) {
            env.reset(Long.getLong("smax.seed", 1000L) + ep, ts);
            double ret = 0;
            int len = 0;
            while (!ts.isLast()) {
                for (int i = 0; i < n; i++) {
                    int c = 0;
                    for (int k = 0; k < a; k++) {
                        if (ts.actionMask[i * a + k]) {
                            legal[c++] = k;
                        }
                    }
                    actions[i] = legal[policy.nextInt(c)];
                }
                env.step(actions, ts);
                ret += ts.reward[0];
                len++;
            }
            wins += env.won() ? 1 : 0;
            sumRet += ret;
            sumRet2 += ret * ret;
            sumLen += len;
            sumLen2 += (double) len * len;
            minLen = Math.min(minLen, len);
            maxLen = Math.max(maxLen, len);
        }
        double meanRet = sumRet / EPISODES;
        double seRet = Math.sqrt(Math.max(0, sumRet2 / EPISODES - meanRet * meanRet) / (EPISODES - 1));
        double meanLen = sumLen / EPISODES;
        double seLen = Math.sqrt(Math.max(0, sumLen2 / EPISODES - meanLen * meanLen) / (EPISODES - 1));
        double winRate = (double) wins / EPISODES;
        LOG.info(String.format("%-16s win %.3f (ref %.3f)  return %.3f +- %.3f (ref %.3f +- %.3f)  "
                        + "length %.1f +- %.1f (ref %.1f)  min %d (ref %d) max %d (ref %d)",
                task, winRate, refWin, meanRet, seRet, refReturn, refSe, meanLen, seLen, refLength, minLen,
                refMin, maxLen, refMax));
        double returnTolerance = 4 * Math.sqrt(seRet * seRet + refSe * refSe);
        assertEquals(refReturn, meanRet, returnTolerance, task + " mean return");
        // The reference gives no SE for lengths; assume its spread equals ours (same policy, same rules).
        double lengthTolerance = 4 * Math.sqrt(2) * seLen;
        assertEquals(refLength, meanLen, lengthTolerance, task + " mean length");
        assertTrue(maxLen <= 101, task + " episodes never exceed 101 steps, got " + maxLen);
        assertTrue(winRate <= 0.03, task + " random policy win rate must stay near 0, got " + winRate);
    }
}
