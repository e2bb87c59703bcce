package org.magpo.algo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.magpo.algo.PpoConfig.Baseline;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.nn.Rng;

class BaselineConstructionTest {
    private static final EnvSpec SPEC = new EnvSpec("test:two", 2, 3, 0, new ActionSpace.Discrete(3), 5);

    private static TrainingContext context() {
        return new TrainingContext(SPEC, 2, 4, 1, new Rng(1), new Rng(2), new Rng(3));
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
}
