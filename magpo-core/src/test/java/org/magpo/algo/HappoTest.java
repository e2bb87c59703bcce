package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.magpo.algo.GuiderLossTest.twoActions;

import org.junit.jupiter.api.Test;
import org.magpo.dist.MaskedCategorical;

class HappoTest {
    private static final double TOL = 1e-12;

    private static double[] log(double... p) {
        double[] l = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            l[i] = Math.log(p[i]);
        }
        return l;
    }

    @Test
    void theFirstUpdatedAgentSeesTheUnweightedAdvantage() {
        double[] factor = {1, 1};
        double[] adv = {1.5, -2.0};
        double[] out = new double[2];
        Happo.weightAdvantages(factor, adv, out, 2);
        assertArrayEquals(new double[] {1.5, -2.0}, out, TOL);
    }

    @Test
    void theKthAgentsWeightIsTheProductOfTheEarlierAgentsRatios() {
        // Order: agent 2, then agent 0, then agent 1 (any order: the weight only multiplies).
        double[] factor = {1, 1};
        double[] adv = {1.0, -2.0};
        double[] out = new double[2];

        // Agent 2: token 0 goes 0.5 -> 0.6 (r = 1.2), token 1 goes 0.4 -> 0.2 (r = 0.5).
        Happo.multiplyByRatios(factor, log(0.6, 0.2), log(0.5, 0.4), 2);
        assertArrayEquals(new double[] {1.2, 0.5}, factor, TOL);
        Happo.weightAdvantages(factor, adv, out, 2);
        assertArrayEquals(new double[] {1.2, -1.0}, out, TOL);

        // Agent 0: token 0 goes 0.25 -> 0.5 (r = 2), token 1 goes 0.8 -> 0.6 (r = 0.75).
        Happo.multiplyByRatios(factor, log(0.5, 0.6), log(0.25, 0.8), 2);
        assertArrayEquals(new double[] {2.4, 0.375}, factor, TOL);

        // Agent 1 (last) weighs its advantage by r_2·r_0.
        Happo.weightAdvantages(factor, adv, out, 2);
        assertArrayEquals(new double[] {2.4, -0.75}, out, TOL);
    }

    @Test
    void anAgentWhoseRatioIsOneLeavesTheWeightUnchanged() {
        double[] factor = {0.7, 1.3};
        Happo.multiplyByRatios(factor, log(0.3, 0.9), log(0.3, 0.9), 2);
        assertArrayEquals(new double[] {0.7, 1.3}, factor, TOL);
    }

    @Test
    void theWeightIsAConstantThatScalesTheAgentsOwnGradient() {
        // Earlier agents' weight M = 2.4; this agent: p(0) = 0.6 now, 0.5 at rollout (r = 1.2, inside the
        // ε = 0.25 clip band), Â = 1. L = −M·r·Â and dL/dz_0 = −M·Â·r·(1 − p_0): only
        // this agent's ratio is differentiated, M multiplies it like a constant.
        double[] factor = {2.4};
        double[] weighted = new double[1];
        Happo.weightAdvantages(factor, new double[] {1.0}, weighted, 1);
        MaskedCategorical pi = twoActions(0.6);
        PpoLoss.Terms t = new PpoLoss(1).compute(pi, new int[] {0}, log(0.5), weighted,
                new PpoLoss.Coefficients(0.25, 0.0));
        assertEquals(-2.4 * 1.2, t.clipLoss(), TOL);
        assertEquals(-2.4 * 1.0 * 1.2 * 0.4, pi.grad(0, 0), TOL);
        assertEquals(2.4 * 1.0 * 1.2 * 0.4, pi.grad(0, 1), TOL);
    }
}
