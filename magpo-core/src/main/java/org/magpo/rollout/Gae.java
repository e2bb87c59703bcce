package org.magpo.rollout;

/**
 * Generalised advantage estimation per agent (ALGORITHM.md §1.2 step 3), backwards in time:
 * {@code δ_t = r_t + γ·V_{t+1}·(1−d_t) − V_t}, {@code Â_t = δ_t + γλ·(1−d_t)·Â_{t+1}},
 * {@code R_t = Â_t + V_t}, where {@code d_t} says that the step taken at t ended the episode
 * (terminated or truncated alike: the reference does not bootstrap across time-limit ends) and
 * {@code V_T} is the bootstrap value of the observation after the last step.
 *
 * <p>Layouts: {@code reward, value, advantage, returns [T, E, N]}, {@code done [T, E]} (shared by
 * the agents of an env), {@code bootstrapValue [E, N]}; all flat row-major. Accumulates in double,
 * stores float.
 */
public final class Gae {

    private Gae() {
    }

    /**
     * @throws IllegalArgumentException on a size mismatch or γ, λ outside [0, 1]
     */
    public static void compute(int steps, int envs, int agents, float[] reward, float[] value, boolean[] done,
                               float[] bootstrapValue, double gamma, double lambda, float[] advantage,
                               float[] returns) {
        if (steps < 1 || envs < 1 || agents < 1) {
            throw new IllegalArgumentException("T, E, N must be >= 1, got " + steps + ", " + envs + ", " + agents);
        }
        if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("gamma and lambda must be in [0, 1], got " + gamma + ", " + lambda);
        }
        int tokens = steps * envs * agents;
        requireLength("reward", reward.length, tokens);
        requireLength("value", value.length, tokens);
        requireLength("advantage", advantage.length, tokens);
        requireLength("returns", returns.length, tokens);
        requireLength("done", done.length, steps * envs);
        requireLength("bootstrapValue", bootstrapValue.length, envs * agents);
        int stride = envs * agents;
        for (int e = 0; e < envs; e++) {
            for (int i = 0; i < agents; i++) {
                int col = e * agents + i;
                double nextValue = bootstrapValue[col];
                double gae = 0;
                for (int t = steps - 1; t >= 0; t--) {
                    int k = t * stride + col;
                    double notDone = done[t * envs + e] ? 0.0 : 1.0;
                    double delta = reward[k] + gamma * nextValue * notDone - value[k];
                    gae = delta + gamma * lambda * notDone * gae;
                    advantage[k] = (float) gae;
                    returns[k] = (float) (gae + value[k]);
                    nextValue = value[k];
                }
            }
        }
    }

    private static void requireLength(String what, int actual, int expected) {
        if (actual < expected) {
            throw new IllegalArgumentException(what + " must hold " + expected + " values, got " + actual);
        }
    }
}
