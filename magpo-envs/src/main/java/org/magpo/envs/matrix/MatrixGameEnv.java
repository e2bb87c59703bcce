package org.magpo.envs.matrix;

import java.util.Arrays;
import org.magpo.env.AbstractMultiAgentEnv;
import org.magpo.env.ActionSpace;
import org.magpo.env.EnvSpec;
import org.magpo.env.TimeStep;

/**
 * A repeated two-player cooperative matrix game (Matrax {@code MatrixGame}): both agents get
 * {@code payoff[a0][a1]} every step; the step reaching the time limit is LAST with discount 0.
 *
 * <p>Shapes: observation {@code [2, 2]} (zeros when stateless; the previous joint action
 * {@code (a0, a1)} for every agent when stateful, {@code -1}s after reset), global state {@code [4]} =
 * both agents' observations concatenated, action mask {@code [2, A]} all true, reward {@code [2]}.
 * The game is deterministic; the reset seed is unused.
 */
public final class MatrixGameEnv extends AbstractMultiAgentEnv {
    private static final int N = 2;
    private final MatrixGameConfig config;
    private int t;

    public MatrixGameEnv(String taskId, MatrixGameConfig config) {
        super(new EnvSpec(taskId, N, N, N * N, new ActionSpace.Discrete(config.numActions()), config.timeLimit()));
        this.config = config;
    }

    public MatrixGameConfig config() {
        return config;
    }

    @Override
    protected void doReset(long seed, TimeStep out) {
        t = 0;
        out.beginFirst();
        Arrays.fill(out.obs, config.stateful() ? -1f : 0f);
        System.arraycopy(out.obs, 0, out.state, 0, out.state.length);
    }

    @Override
    protected void doStep(int[] actions, TimeStep out) {
        Arrays.fill(out.reward, config.payoff(actions[0], actions[1]));
        t++;
        out.finish(t, t >= config.timeLimit(), false);
        if (config.stateful()) {
            for (int i = 0; i < N; i++) {
                out.obs[i * N] = actions[0];
                out.obs[i * N + 1] = actions[1];
            }
        }
        System.arraycopy(out.obs, 0, out.state, 0, out.state.length);
    }
}
