package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.magpo.algo.PpoConfig.Baseline;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.nn.Rng;

class BaselineConstructionTest {
    private static final EnvSpec SPEC = new EnvSpec("test:two", 2, 3, 0, new ActionSpace.Discrete(3), 5);

    private static TrainingContext context() {
        return context(SPEC);
    }

    private static TrainingContext context(EnvSpec spec) {
        return new TrainingContext(spec, 2, 4, 1, new Rng(1), new Rng(2), new Rng(3));
    }

    private static PpoConfig small(Baseline system) {
        return PpoConfig.defaults(system).toBuilder().hiddenWidth(8).embedDim(8).evalEpisodes(2).build();
    }

    @Test
    void eachConfigBuildsItsAlgorithm() {
        assertInstanceOf(RecurrentPpo.class, small(Baseline.IPPO).create(context()));
        assertInstanceOf(RecurrentPpo.class, small(Baseline.MAPPO).create(context()));
        assertInstanceOf(SablePpo.class, small(Baseline.SABLE).create(context()));
        assertInstanceOf(Happo.class, small(Baseline.HAPPO).create(context()));
        assertEquals("mappo", small(Baseline.MAPPO).create(context()).name());
    }

    @Test
    void anAlgorithmClassRefusesAnotherSystemsConfig() {
        assertEquals("RecurrentPpo runs IPPO and MAPPO, got SABLE", assertThrows(IllegalArgumentException.class,
                () -> new RecurrentPpo(small(Baseline.SABLE), context())).getMessage());
        assertEquals("SablePpo runs system SABLE, got IPPO", assertThrows(IllegalArgumentException.class,
                () -> new SablePpo(small(Baseline.IPPO), context())).getMessage());
        assertEquals("Happo runs system HAPPO, got MAPPO", assertThrows(IllegalArgumentException.class,
                () -> new Happo(small(Baseline.MAPPO), context())).getMessage());
    }

    @Test
    void theContextNamesABadBatchShape() {
        assertEquals("TrainingContext: minibatches must divide envs (3), got 2", assertThrows(
                IllegalArgumentException.class,
                () -> new TrainingContext(SPEC, 3, 4, 2, new Rng(1), new Rng(2), new Rng(3))).getMessage());
    }

    @Test
    void sableRefusesGreedyEvaluationWhileTheDecentralisedBaselinesAcceptIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small(Baseline.SABLE).toBuilder().evaluationGreedy(true).build().create(context()));
        assertEquals("evaluationGreedy must be false for SABLE: the centralised joint policy is evaluated by "
                + "sampling (the reference default)", e.getMessage());
        for (Baseline b : new Baseline[] {Baseline.IPPO, Baseline.MAPPO, Baseline.HAPPO}) {
            PpoConfig greedy = small(b).toBuilder().evaluationGreedy(true).build();
            assertInstanceOf(EvaluationPolicy.Decentralized.class, greedy.create(context()).evaluationPolicy());
        }
    }

    @Test
    void everySystemRefusesEnvsThatTheMinibatchesDoNotDivide() {
        for (Baseline b : Baseline.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> small(b).toBuilder().numEnvs(6).numMinibatches(4).build(), b.name());
            assertEquals("numMinibatches must divide numEnvs (6), got 4", e.getMessage(), b.name());
        }
    }

    @Test
    void centralisedCriticsReadTheStateWhenTheEnvHasOneElseAllObservations() {
        // No explicit state: N·obsDim + N one-hot = 2·3 + 2; IPPO's local critic reads obsDim only.
        assertEquals(8, ((RecurrentPpo) small(Baseline.MAPPO).create(context())).critic().inputDim());
        assertEquals(8, ((Happo) small(Baseline.HAPPO).create(context())).critic().inputDim());
        assertEquals(3, ((RecurrentPpo) small(Baseline.IPPO).create(context())).critic().inputDim());
        // A declared state of 7 replaces the observations: 7 + 2.
        EnvSpec withState = new EnvSpec("test:state", 2, 3, 7, new ActionSpace.Discrete(3), 5);
        assertEquals(9, ((RecurrentPpo) small(Baseline.MAPPO).create(context(withState))).critic().inputDim());
        assertEquals(9, ((Happo) small(Baseline.HAPPO).create(context(withState))).critic().inputDim());
        assertEquals(3, ((RecurrentPpo) small(Baseline.IPPO).create(context(withState))).critic().inputDim());
    }

    @Test
    void everyBaselineBuildsOnContinuousActions() {
        EnvSpec box = new EnvSpec("test:box", 2, 3, 0,
                new ActionSpace.Box(2, new float[] {-1, -1}, new float[] {1, 1}), 5);
        for (Baseline b : Baseline.values()) {
            Algorithm a = small(b).create(context(box));
            assertEquals(b.id(), a.name());
            // T·E·N·D = 4·2·2·2 squashed actions, no discrete slots.
            assertEquals(32, a.buffer().continuousActions.length, b.name());
            assertNull(a.buffer().discreteActions, b.name());
        }
    }
}
