package org.magpo.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaeTest {

    @Test
    void advantagesMatchHandComputationWithAnEpisodeEndInside() {
        // T = 3, E = 1, N = 2, γ 0.9, λ 0.8; the step at t = 1 ends the episode (no bootstrap across it).
        float[] reward = {1, 0, 2, 0, 3, 1};
        float[] value = {0.5f, 0, 1.0f, 0, 1.5f, 0};
        boolean[] done = {false, true, false};
        float[] boot = {2.0f, 1.0f};
        float[] adv = new float[6];
        float[] ret = new float[6];
        Gae.compute(3, 1, 2, reward, value, done, boot, 0.9, 0.8, adv, ret);
        // Agent 0: A2 = 3 + 0.9*2 - 1.5 = 3.3; A1 = 2 - 1 = 1 (done); A0 = 1 + 0.9*1 - 0.5 + 0.72*1 = 2.12.
        // Agent 1: A2 = 1 + 0.9*1 - 0 = 1.9; A1 = 0; A0 = 0.
        assertArrayEquals(new float[] {2.12f, 0, 1.0f, 0, 3.3f, 1.9f}, adv, 1e-6f);
        assertArrayEquals(new float[] {2.62f, 0, 2.0f, 0, 4.8f, 1.9f}, ret, 1e-6f);
    }

    @Test
    void lastStepEndingTheEpisodeIgnoresTheBootstrapValue() {
        float[] adv = new float[1];
        float[] ret = new float[1];
        Gae.compute(1, 1, 1, new float[] {1}, new float[] {0.25f}, new boolean[] {true}, new float[] {100},
                0.99, 0.95, adv, ret);
        assertArrayEquals(new float[] {0.75f}, adv, 0f);
        assertArrayEquals(new float[] {1.0f}, ret, 0f);
    }

    @Test
    void envsAreIndependent() {
        // E = 2, N = 1, T = 2: env 1 ends at t = 0, env 0 never ends; λ = 1, γ = 1 -> Monte-Carlo returns.
        float[] reward = {1, 5, 2, 7};
        float[] value = new float[4];
        boolean[] done = {false, true, false, false};
        float[] adv = new float[4];
        float[] ret = new float[4];
        Gae.compute(2, 2, 1, reward, value, done, new float[] {10, 20}, 1.0, 1.0, adv, ret);
        assertArrayEquals(new float[] {13, 5, 12, 27}, ret, 0f);
    }

    @Test
    void invalidDiscountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Gae.compute(1, 1, 1, new float[1], new float[1],
                new boolean[1], new float[1], 1.5, 0.9, new float[1], new float[1]));
    }
}
