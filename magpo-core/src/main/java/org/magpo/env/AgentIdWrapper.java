package org.magpo.env;

/**
 * Prepends a one-hot agent id to every agent's observation, as Mava's {@code AgentIDWrapper}:
 * observation {@code [N, obsDim]} becomes {@code [N, N + obsDim]} with agent i's row
 * {@code [one_hot_N(i), obs_i]}. Needed by parameter-shared policies to tell agents apart.
 */
public final class AgentIdWrapper implements MultiAgentEnv {
    private final MultiAgentEnv inner;
    private final EnvSpec spec;
    private final TimeStep innerStep;

    public AgentIdWrapper(MultiAgentEnv inner) {
        this.inner = inner;
        EnvSpec s = inner.spec();
        this.spec = s.withObsDim(s.numAgents() + s.obsDim());
        this.innerStep = new TimeStep(s);
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public void reset(long seed, TimeStep out) {
        inner.reset(seed, innerStep);
        write(out);
    }

    @Override
    public void step(int[] actions, TimeStep out) {
        inner.step(actions, innerStep);
        write(out);
    }

    @Override
    public void step(float[] actions, TimeStep out) {
        inner.step(actions, innerStep);
        write(out);
    }

    /** The wrapped environment. */
    public MultiAgentEnv inner() {
        return inner;
    }

    private void write(TimeStep out) {
        int n = spec.numAgents();
        int innerDim = inner.spec().obsDim();
        int dim = spec.obsDim();
        for (int i = 0; i < n; i++) {
            int row = i * dim;
            for (int j = 0; j < n; j++) {
                out.obs[row + j] = i == j ? 1f : 0f;
            }
            System.arraycopy(innerStep.obs, i * innerDim, out.obs, row + n, innerDim);
        }
        if (out.actionMask != null) {
            System.arraycopy(innerStep.actionMask, 0, out.actionMask, 0, out.actionMask.length);
        }
        System.arraycopy(innerStep.reward, 0, out.reward, 0, n);
        System.arraycopy(innerStep.discount, 0, out.discount, 0, n);
        if (out.state != null) {
            System.arraycopy(innerStep.state, 0, out.state, 0, out.state.length);
        }
        out.stepType = innerStep.stepType;
        out.stepCount = innerStep.stepCount;
        out.terminated = innerStep.terminated;
        out.truncated = innerStep.truncated;
    }
}
