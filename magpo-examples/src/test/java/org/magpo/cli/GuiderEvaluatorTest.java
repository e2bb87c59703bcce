package org.magpo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.magpo.env.Envs;
import org.magpo.env.MultiAgentEnv;
import org.magpo.nn.Rng;
import org.magpo.policy.Guider;
import org.magpo.train.EvaluationResult;
import org.nd4j.linalg.api.buffer.DataType;

class GuiderEvaluatorTest {
    private static final Supplier<MultiAgentEnv> CLIMBING_5 =
            () -> Envs.make("matrix:climbing", Map.of("timeLimit", "5"), true);

    private static EvaluationResult play(int actingEnvs, int episodes, long seed) {
        MultiAgentEnv probe = CLIMBING_5.get();
        Guider g = new Guider(probe.spec(), 8, 1, 1, 0.8, true, actingEnvs, probe.spec().numAgents(),
                DataType.FLOAT, new Rng(7));
        try (GuiderEvaluator e = new GuiderEvaluator(CLIMBING_5, g, seed)) {
            return e.evaluate(episodes, new Rng(seed).split());
        }
    }

    @Test
    void playsEveryRequestedEpisodeToItsEndOverSeveralRounds() {
        // 7 episodes on 3 environments: rounds of 3, 3 and 1
        EvaluationResult r = play(3, 7, 1);
        assertEquals(7, r.episodes());
        int[] five = new int[7];
        Arrays.fill(five, 5);
        assertArrayEquals(five, r.episodeLengths());
        for (double ret : r.episodeReturns()) {
            // 5 steps of the climbing payoffs {11, 7, 6, 5, 0, -30}: an integer in [-150, 55]
            assertTrue(ret >= -150 && ret <= 55 && ret == Math.rint(ret), "return " + ret);
        }
    }

    @Test
    void episodesAreDeterministicForASeedAndDifferAcrossSeeds() {
        assertArrayEquals(play(4, 8, 3).episodeReturns(), play(4, 8, 3).episodeReturns());
        assertFalse(Arrays.equals(play(4, 8, 3).episodeReturns(), play(4, 8, 4).episodeReturns()));
    }

    @Test
    void zeroEpisodesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> play(2, 0, 1));
        assertTrue(e.getMessage().contains("episodes"), e.getMessage());
    }
}
