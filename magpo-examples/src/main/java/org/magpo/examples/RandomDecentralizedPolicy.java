package org.magpo.examples;

import org.magpo.env.EnvSpec;
import org.magpo.nn.Rng;
import org.magpo.policy.ActionBuffer;
import org.magpo.policy.DecentralizedPolicy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The baseline every learning curve should beat: each agent row plays uniformly among its legal
 * actions, ignoring its observation. Memoryless ({@code hiddenSize() == 0}), discrete action spaces only.
 *
 * <p>Rows are agents of a batch of environments, {@code row = e * N + i}; the mask is {@code [rows * A]}.
 */
public final class RandomDecentralizedPolicy implements DecentralizedPolicy {
    private final int numActions;

    /** @param spec the task; its action space must be discrete */
    public RandomDecentralizedPolicy(EnvSpec spec) {
        if (!spec.isDiscrete()) {
            throw new IllegalArgumentException("RandomDecentralizedPolicy needs a discrete action space, task "
                    + spec.taskId() + " has " + spec.actionSpace());
        }
        this.numActions = spec.numActions();
    }

    @Override
    public int hiddenSize() {
        return 0;
    }

    @Override
    public INDArray initialState(int rows) {
        // A [rows, 0] state keeps the DecentralizedPolicy contract without storing anything.
        return Nd4j.create(DataType.FLOAT, new long[] {rows, 0}, 'f');
    }

    @Override
    public void act(float[] obs, boolean[] resets, boolean[] mask, INDArray hidden, Rng rng, boolean greedy,
                    ActionBuffer out) {
        for (int row = 0; row < out.rows(); row++) {
            int legal = numActions;
            if (mask != null) {
                legal = 0;
                for (int a = 0; a < numActions; a++) {
                    legal += mask[row * numActions + a] ? 1 : 0;
                }
                if (legal == 0) {
                    throw new IllegalStateException("agent row " + row + " has no legal action");
                }
            }
            // "greedy" has no mode to take for a uniform policy: the lowest legal action stands in for it.
            int pick = greedy ? 0 : rng.nextInt(legal);
            int action = -1;
            for (int a = 0; a < numActions && action < 0; a++) {
                if ((mask == null || mask[row * numActions + a]) && pick-- == 0) {
                    action = a;
                }
            }
            out.discrete[row] = action;
            out.logProb[row] = greedy ? 0.0 : -Math.log(legal);
        }
    }
}
