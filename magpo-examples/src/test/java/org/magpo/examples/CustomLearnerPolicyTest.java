package org.magpo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.magpo.env.Envs;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.train.EvaluationResult;

/** The hand-written CoordSum convention, checked against its hand-computed expected return. */
class CustomLearnerPolicyTest {

    @Test
    void greedySplitFillsTheTargetInIdOrder() {
        CustomLearnerPolicy.GreedySplit p = new CustomLearnerPolicy.GreedySplit(Envs.make("coordsum:3x10-30").spec());
        // two environments x three agents, targets 13 and 29: rows [one_hot(i), target]
        float[] obs = {1, 0, 0, 13, 0, 1, 0, 13, 0, 0, 1, 13, 1, 0, 0, 29, 0, 1, 0, 29, 0, 0, 1, 29};
        ActionBuffer out = new ActionBuffer(Envs.make("coordsum:3x10-30").spec(), 6);
        p.act(obs, new boolean[6], null, p.initialState(6), new Rng(1), false, out);
        assertEquals(9, out.discrete[0]);
        assertEquals(4, out.discrete[1]);
        assertEquals(0, out.discrete[2]);
        assertEquals(9, out.discrete[3]);
        assertEquals(9, out.discrete[4]);
        assertEquals(9, out.discrete[5], "29 > N(K-1) = 27: everyone plays the most it can and misses");
    }

    /**
     * coordsum:3x10-30 (targets uniform in 0..29, T = 100): targets 0..27 are hit (28/30 of the steps),
     * paying 1 because agent 0 always plays min(g, 9), its own guess, except the first visit of each
     * history row 1..8 (guess 0, pays 2: probability 1 - (29/30)^100 each) and the first visit of the shared
     * row 9 if that target is reachable (19 of its 21 targets). Expected return
     * 100·28/30 + 8·(1 − (29/30)^100) + (19/21)·(1 − (9/30)^100) = 101.97.
     */
    @Test
    void greedySplitEarnsItsHandComputedReturnOnCoordSum3x10() {
        double expected = 100.0 * 28 / 30 + 8 * (1 - Math.pow(29.0 / 30, 100)) + 19.0 / 21 * (1 - Math.pow(0.3, 100));
        EvaluationResult r = CustomLearnerPolicy.evaluate("coordsum:3x10-30", 640, 5L, false);
        assertTrue(Math.abs(r.meanReturn() - expected) <= 4 * r.standardError(),
                "greedy split " + r.meanReturn() + " ± " + r.standardError() + " vs hand-computed " + expected);
        EvaluationResult random = CustomLearnerPolicy.evaluate("coordsum:3x10-30", 640, 5L, true);
        assertTrue(random.meanReturn() < 10, "uniform random " + random.meanReturn());
    }

    @Test
    void greedySplitRejectsTasksItCannotRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CustomLearnerPolicy.GreedySplit(Envs.make("lbf:8x8-2p-2f-coop").spec()));
        assertTrue(e.getMessage().contains("lbf:8x8-2p-2f-coop"), e.getMessage());
    }

    @Test
    void mainRunsOnATinyBudget() {
        CustomLearnerPolicy.main(new String[] {"--episodes", "32", "--seed", "2"});
    }
}
