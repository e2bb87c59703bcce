package org.magpo.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fills a freshly allocated parameter in place. Implementations (orthogonal with gain, LeCun normal,
 * zeros, normal(std), constant) live in {@link Initializers}. Must draw all randomness from
 * {@code rng} so that initialisation is a pure function of the seed.
 */
@FunctionalInterface
public interface Initializer {
    /**
     * @param param the parameter view to fill, shaped as registered (e.g. {@code [in, out]})
     * @param rng   random source for this parameter
     */
    void init(INDArray param, Rng rng);
}
