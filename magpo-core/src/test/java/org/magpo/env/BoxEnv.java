package org.magpo.env;

/**
 * Continuous test environment: N = 2 agents with 2-dimensional actions in {@code [-1, 1]}; reward of
 * agent i is the sum of its action components; truncated after the time limit.
 */
final class BoxEnv extends AbstractMultiAgentEnv {
    private int t;

    BoxEnv(int timeLimit) {
        super(new EnvSpec("test:box", 2, 1, 0, ActionSpace.Box.uniform(2, -1f, 1f), timeLimit));
    }

    @Override
    protected void doReset(long seed, TimeStep out) {
        t = 0;
        out.beginFirst();
        out.obs[0] = 0;
        out.obs[1] = 0;
    }

    @Override
    protected void doStep(float[] actions, TimeStep out) {
        t++;
        out.reward[0] = actions[0] + actions[1];
        out.reward[1] = actions[2] + actions[3];
        out.obs[0] = t;
        out.obs[1] = t;
        out.finish(t, false, t >= spec().timeLimit());
    }
}
