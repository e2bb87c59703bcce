package org.magpo.policy;

import org.magpo.nn.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A deployable policy: every agent acts on its own observation history only (CTDE's execution
 * side). MAGPO's {@link Learner} is the shipped implementation; subclass this to evaluate your own
 * decentralised policy with {@link org.magpo.train.Evaluator}.
 *
 * <p>Rows are agents of a batch of environments, {@code row = e * N + i}; observations arrive as the
 * {@link org.magpo.env.VectorEnv} holds them, {@code [rows, obsDim]} row-major.
 */
public interface DecentralizedPolicy {

    /** Width H of the per-agent recurrent state (0 for a memoryless policy). */
    int hiddenSize();

    /** A zeroed recurrent state {@code [rows, H]} for this policy (implementations choose the order). */
    INDArray initialState(int rows);

    /**
     * Chooses one action per row.
     *
     * @param obs    {@code [rows * obsDim]} row-major
     * @param resets {@code [rows]}: the row's observation starts a new episode (state is zeroed first)
     * @param mask   {@code [rows * A]} legal actions, or null when all are legal / continuous
     * @param hidden recurrent state {@code [rows, H]}, advanced in place
     * @param rng    sampling randomness
     * @param greedy take the mode instead of sampling
     * @param out    receives the actions and their log-probabilities
     */
    void act(float[] obs, boolean[] resets, boolean[] mask, INDArray hidden, Rng rng, boolean greedy,
             ActionBuffer out);
}
